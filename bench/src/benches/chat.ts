// Chat event latency: from the agent's output to the phone's chat, p50 and p99, against the terminal
// path in the same run. Three paths, interleaved one sample at a time on one session:
// - terminal: bytes from the agent's PTY (HostSession.output) to the viewer's onData;
// - chat, desk TUI: a line Claude Code appends to its transcript, followed by followTranscript (as
//   `porthole run -- claude` does), mapped, numbered, sealed, relayed, to the viewer's onChat;
// - chat, headless: a stream-json line as read from Claude Code's stdout, mapped and sent the same way.
// Hub, host and viewer share this process (the keystroke bench splits them); every path pays that alike.
import { appendFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createChatStream, createClaudeLineMapper, followTranscript } from "@porthole/agents";
import { utf8 } from "@porthole/protocol";
import type { BenchContext } from "../support/context.js";
import { startChatBenchHub } from "../support/chatSession.js";
import { ms, ratio, summarize, type Row } from "../support/stats.js";

const SAMPLES = 300;
const GAP_MS = 25;

type Path = "terminal" | "transcript" | "stream";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A transcript / stream-json assistant line carrying `text` (the shape Claude Code 2.1.330 writes). */
function assistantLine(text: string, id: string): Record<string, unknown> {
  return { type: "assistant", timestamp: new Date().toISOString(), message: { id, role: "assistant", type: "message", content: [{ type: "text", text }] } };
}

export async function chatLatencyBench(ctx: BenchContext): Promise<Row[]> {
  const dir = await mkdtemp(join(tmpdir(), "porthole-bench-transcript-"));
  const hub = await startChatBenchHub(ctx.hubConfig);
  try {
    const session = await hub.session(false);
    const sentAt = new Map<string, number>();
    const samples: Record<Path, number[]> = { terminal: [], transcript: [], stream: [] };
    const arrived = (key: string, path: Path) => {
      const at = sentAt.get(key);
      if (at === undefined) return;
      sentAt.delete(key);
      samples[path].push(performance.now() - at);
    };
    const decoder = new TextDecoder();
    let live = false;
    const viewer = session.viewer({
      onStatus: (status) => (live = status === "live"),
      onData: (data) => {
        for (const match of decoder.decode(data).matchAll(/term-(\d+)\./g)) arrived(`term-${match[1]}`, "terminal");
      },
      onChat: (event) => {
        if (event.type !== "assistant_message") return;
        const match = /^(tx|st)-(\d+)$/.exec(event.text);
        if (match) arrived(`${match[1]}-${match[2]}`, match[1] === "tx" ? "transcript" : "stream");
      },
    });
    while (!live) await sleep(10);

    // The agent side, wired as `porthole run` wires Claude Code (claudeSession.ts, headlessClaude.ts).
    const chat = createChatStream();
    chat.onEvent((event) => session.host.chat(event));
    const transcript = join(dir, "session.jsonl");
    await writeFile(transcript, "");
    const follower = followTranscript({ path: transcript, mapper: createClaudeLineMapper("transcript"), onEvents: (events) => events.forEach((e) => chat.push(e)) });
    const streamMapper = createClaudeLineMapper("stream");

    ctx.progress(`chat: ${SAMPLES} samples per path, one every ${GAP_MS} ms`);
    for (let i = 0; i < SAMPLES; i++) {
      sentAt.set(`term-${i}`, performance.now());
      session.host.output(utf8(`\x1b[32mterm-${i}.\x1b[0m\r\n`));
      await sleep(GAP_MS);
      sentAt.set(`tx-${i}`, performance.now());
      await appendFile(transcript, `${JSON.stringify(assistantLine(`tx-${i}`, `msg_tx_${i}`))}\n`);
      await sleep(GAP_MS);
      const line = JSON.stringify(assistantLine(`st-${i}`, `msg_st_${i}`));
      sentAt.set(`st-${i}`, performance.now());
      for (const event of streamMapper.map(JSON.parse(line))) chat.push(event);
      await sleep(GAP_MS);
    }
    await sleep(1000);
    await follower.stop();
    viewer.close();

    const terminal = summarize(samples.terminal, SAMPLES - samples.terminal.length);
    const rows: Row[] = [];
    const row = (figure: string, value: number, floor: number, note?: string): Row => ({
      bench: "chat",
      figure,
      value: ms(value),
      floor: ms(floor),
      ratio: ratio(value / floor),
      target: "",
      met: undefined,
      ...(note ? { note } : {}),
    });
    rows.push({ bench: "chat", figure: "terminal output → viewer, p50", value: ms(terminal.p50), floor: "", ratio: "", target: "", met: undefined });
    rows.push({ bench: "chat", figure: "terminal output → viewer, p99", value: ms(terminal.p99), floor: "", ratio: "", target: "", met: undefined, note: `${terminal.n} samples, ${terminal.lost} lost` });
    for (const [path, label] of [
      ["transcript", "chat, desk (transcript line)"],
      ["stream", "chat, headless (stream-json line)"],
    ] as const) {
      const s = summarize(samples[path], SAMPLES - samples[path].length);
      rows.push(row(`${label} → viewer, p50`, s.p50, terminal.p50));
      rows.push(row(`${label} → viewer, p99`, s.p99, terminal.p99, `${s.n} samples, ${s.lost} lost; floor: the terminal path in the same run`));
    }
    return rows;
  } finally {
    await hub.close();
    await rm(dir, { recursive: true, force: true });
  }
}
