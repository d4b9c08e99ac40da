// The transcript parser and follower on lines recorded from real Claude Code 2.1.330 sessions
// (fixtures/transcript-interactive.jsonl: desk TUI; fixtures/stream-headless.jsonl: stream-json).
import { appendFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chatEventSchema, type ChatEventBody } from "@porthole/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { createClaudeLineMapper } from "./claudeLines.js";
import { createChatStream } from "./chatStream.js";
import { parseLine } from "./json.js";
import { claudeProjectDir, followTranscript, transcriptPath } from "./transcript.js";

const fixture = (name: string): Promise<string> => readFile(new URL(`./fixtures/${name}`, import.meta.url), "utf8");

function mapAll(text: string, source: "transcript" | "stream"): ChatEventBody[] {
  const mapper = createClaudeLineMapper(source);
  return text.split("\n").flatMap((line) => mapper.map(parseLine(line)));
}

const kinds = (events: readonly ChatEventBody[]): string[] => events.map((e) => e.type);

describe("Claude Code transcript lines", () => {
  it("turns a recorded desk session into chat events, in order", async () => {
    const events = mapAll(await fixture("transcript-interactive.jsonl"), "transcript");
    expect(kinds(events.slice(0, 5))).toEqual(["notification", "turn_start", "user_message", "assistant_message", "turn_end"]);
    expect(events.filter((e) => e.type === "user_message").map((e) => e.text)).toEqual([
      "Greet me",
      "Create hello.txt",
      "Fix notes.md",
      "Remove notes.md",
      "Thanks",
    ]);
    expect(events.find((e) => e.type === "assistant_message")).toMatchObject({ text: expect.stringContaining("```js") });
    expect(events.find((e) => e.type === "turn_end")).toMatchObject({ durationMs: 272, inputTokens: 2811, outputTokens: 23, interrupted: false });

    const write = events.find((e) => e.type === "tool_call" && e.name === "Write");
    expect(write).toMatchObject({ id: "toolu_fake000002", input: { file_path: "/tmp/rec-work/hello.txt", content: "hello\nworld\n" } });
    expect(events.find((e) => e.type === "file_edit" && e.toolId === "toolu_fake000002")).toMatchObject({
      path: "/tmp/rec-work/hello.txt",
      diff: "--- /dev/null\n+++ b/tmp/rec-work/hello.txt\n@@ -0,0 +1,2 @@\n+hello\n+world\n",
    });
    expect(events.find((e) => e.type === "file_edit" && e.toolId === "toolu_fake000005")).toMatchObject({
      path: "/tmp/rec-work/notes.md",
      oldString: "old line",
      newString: "new line",
      diff: expect.stringContaining("@@ -1,2 +1,2 @@\n # Notes\n-old line\n+new line\n"),
    });

    // The desk rejected the Bash call: an error result, then the turn ends as interrupted.
    const rejected = events.findIndex((e) => e.type === "tool_result" && e.id === "toolu_fake000008");
    expect(events[rejected]).toMatchObject({ isError: true, output: expect.stringContaining("doesn't want to proceed") });
    expect(events[rejected + 1]).toMatchObject({ type: "turn_end", interrupted: true });
    expect(kinds(events).filter((k) => k === "turn_start")).toHaveLength(5);
    expect(kinds(events).filter((k) => k === "turn_end")).toHaveLength(5);
  });

  it("turns recorded stream-json output into the same kinds of events, with cost per turn", async () => {
    const events = mapAll(await fixture("stream-headless.jsonl"), "stream");
    const ends = events.filter((e) => e.type === "turn_end");
    expect(ends).toHaveLength(4);
    expect(ends[0]).toMatchObject({ durationMs: 138, costUsd: 0.010404, interrupted: false });
    expect(ends[1]?.type === "turn_end" && ends[1].costUsd).toBeCloseTo(0.021984, 6);
    expect(ends[3]).toMatchObject({ interrupted: true });
    expect(events.filter((e) => e.type === "assistant_message").map((e) => e.text)).toEqual(["Hello from **headless**.", "Creating it.", "Done.", "Done."]);
    expect(kinds(events).filter((k) => k === "file_edit")).toHaveLength(2);
    // Messages the viewer sent are not echoed by stream-json: the headless session reports them itself.
    expect(kinds(events)).not.toContain("user_message");
  });

  it("numbers events from every source into one increasing stream, with status after turn boundaries", async () => {
    const stream = createChatStream({ clock: () => 5 });
    const seen: unknown[] = [];
    stream.onEvent((event) => seen.push(chatEventSchema.parse(event)));
    for (const body of mapAll(await fixture("transcript-interactive.jsonl"), "transcript")) stream.push(body);
    const ns = seen.map((e) => (e as { n: number }).n);
    expect(ns).toEqual(ns.map((_, i) => i + 1));
    const ats = seen.map((e) => (e as { at: number }).at);
    expect([...ats].sort((a, b) => a - b)).toEqual(ats);
    expect(seen.filter((e) => (e as { type: string }).type === "status").map((e) => (e as { state: string }).state).slice(0, 2)).toEqual(["working", "idle"]);
  });

  it("skips sidechain, meta and unreadable lines instead of throwing", () => {
    const mapper = createClaudeLineMapper("transcript");
    expect(mapper.map(parseLine('{"type":"user","isMeta":true,"message":{"role":"user","content":"caveat"}}'))).toEqual([]);
    expect(mapper.map(parseLine('{"type":"assistant","isSidechain":true,"message":{"content":[{"type":"text","text":"sub"}]}}'))).toEqual([]);
    expect(mapper.map(parseLine('{"type":"user","message":{"role":"user","content":"<command-name>/model</command-name>"}}'))).toEqual([]);
    expect(mapper.map(parseLine("{not json"))).toEqual([]);
    expect(mapper.map(parseLine("[1,2]"))).toEqual([]);
    expect(mapper.map({ type: "assistant", message: { content: "not blocks" } })).toEqual([]);
  });

  it("reads a TodoWrite call as a todo list", () => {
    const mapper = createClaudeLineMapper("transcript");
    const todos = [
      { content: "Write tests", status: "completed", activeForm: "Writing tests" },
      { content: "Ship", status: "in_progress", activeForm: "Shipping" },
      { content: "bogus", status: "unknown" },
    ];
    const line = { type: "assistant", message: { id: "m1", content: [{ type: "tool_use", id: "t1", name: "TodoWrite", input: { todos } }] } };
    expect(mapper.map(line)[1]).toEqual({
      type: "todo_list",
      items: [
        { content: "Write tests", status: "completed" },
        { content: "Ship", status: "in_progress" },
      ],
    });
  });
});

describe("transcript file", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it("puts the file where Claude Code does: every non-alphanumeric character of the cwd becomes -", () => {
    expect(claudeProjectDir("/home/u", "/tmp/exp-work.dot_us 5XyC5l")).toBe("/home/u/.claude/projects/-tmp-exp-work-dot-us-5XyC5l");
    expect(transcriptPath("/home/u", "/w", "abc")).toBe("/home/u/.claude/projects/-w/abc.jsonl");
  });

  it("follows a file written in odd pieces: each line once, in order, across partial lines and split characters", async () => {
    dir = await mkdtemp(join(tmpdir(), "porthole-transcript-"));
    const path = join(dir, "session.jsonl");
    const text = (await fixture("transcript-interactive.jsonl")).replace("Greet me", "Greet me ☕ please");
    const expected = mapAll(text, "transcript");
    const got: ChatEventBody[] = [];
    const follower = followTranscript({ path, pollMs: 5, onEvents: (events) => got.push(...events) });
    // The file does not exist yet; then it grows in chunks that cut lines and a multi-byte character.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const bytes = Buffer.from(text, "utf8");
    const cut = bytes.indexOf(Buffer.from("☕")) + 1;
    await writeFile(path, bytes.subarray(0, cut));
    for (let at = cut; at < bytes.length; at += 977) {
      await appendFile(path, bytes.subarray(at, Math.min(bytes.length, at + 977)));
      if (at % 3 === 0) await follower.flush();
    }
    await follower.flush();
    expect(got).toEqual(expected);
    expect(got.find((e) => e.type === "user_message")).toMatchObject({ text: "Greet me ☕ please" });

    // Later lines arrive once; nothing earlier is repeated.
    await appendFile(path, '{"type":"user","message":{"role":"user","content":"one more"},"timestamp":"2026-11-22T00:40:00.000Z"}\n{"type":"user","mess');
    await follower.flush();
    expect(got.slice(expected.length).map((e) => e.type)).toEqual(["turn_start", "user_message"]);
    await follower.stop();
    expect(follower.offset).toBe(bytes.length + Buffer.byteLength('{"type":"user","message":{"role":"user","content":"one more"},"timestamp":"2026-11-22T00:40:00.000Z"}\n'));
  });

  it("reads a new line as soon as the file changes, without waiting for the next poll", async () => {
    dir = await mkdtemp(join(tmpdir(), "porthole-transcript-"));
    const path = join(dir, "session.jsonl");
    await writeFile(path, "");
    const got: Array<{ event: ChatEventBody; at: number }> = [];
    const follower = followTranscript({ path, pollMs: 60_000, onEvents: (events) => got.push(...events.map((event) => ({ event, at: performance.now() }))) });
    await follower.flush();
    for (let i = 0; i < 3; i++) {
      const written = performance.now();
      await appendFile(path, `${JSON.stringify({ type: "assistant", message: { id: `m${i}`, role: "assistant", content: [{ type: "text", text: `line ${i}` }] } })}\n`);
      const start = Date.now();
      while (got.length <= i && Date.now() - start < 2000) await new Promise((resolve) => setTimeout(resolve, 2));
      expect(got[i]?.event).toMatchObject({ type: "assistant_message", text: `line ${i}` });
      expect(got[i]!.at - written).toBeLessThan(1000);
    }
    await follower.stop();
  });
});

