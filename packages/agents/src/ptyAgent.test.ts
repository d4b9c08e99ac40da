import { describe, expect, it } from "vitest";
import { spawnPtyAgent, type PtyAgent, type PtyExit } from "./ptyAgent.js";

const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", TERM: "xterm-256color", LANG: "C.UTF-8" };

function run(command: string, args: string[], opts: { cols?: number; rows?: number } = {}) {
  const agent = spawnPtyAgent({ command, args, cwd: process.cwd(), env, cols: opts.cols ?? 80, rows: opts.rows ?? 24 });
  const chunks: Uint8Array[] = [];
  agent.onData((d) => chunks.push(d));
  const exited = new Promise<PtyExit>((resolve) => agent.onExit(resolve));
  const text = () => Buffer.concat(chunks).toString("utf8");
  return { agent, exited, text };
}

async function waitFor(predicate: () => boolean, ms = 5000) {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > ms) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("PTY agent", () => {
  it("delivers every line of `seq 1 200000`, every time (node-pty #72, #726)", async () => {
    for (let i = 0; i < 5; i++) {
      const { exited, text } = run("seq", ["1", "200000"]);
      expect(await exited).toEqual({ code: 0, signal: null });
      const lines = text().split("\r\n").filter(Boolean);
      expect(lines.length).toBe(200000);
      expect(lines.at(-1)).toBe("200000");
    }
  }, 60_000);

  it("delivers the whole tail even when the reader was paused as the program exited", async () => {
    // Small enough to fit the PTY's buffer, so the program can finish while nobody reads.
    const { agent, exited, text } = run("seq", ["1", "500"]);
    agent.pause();
    const exit = await exited;
    expect(exit.code).toBe(0);
    expect(text().trimEnd().endsWith("\r\n500")).toBe(true);
    expect(text().split("\r\n").filter(Boolean)).toHaveLength(500);
  }, 30_000);

  it("reports exit codes and signals", async () => {
    expect(await run("sh", ["-c", "exit 7"]).exited).toEqual({ code: 7, signal: null });
    const sleeper = run("sleep", ["30"]);
    sleeper.agent.kill("SIGTERM");
    expect((await sleeper.exited).signal).toBe(15);
  });

  it("passes input through and echoes it like a terminal", async () => {
    const { agent, exited, text } = run("cat", []);
    agent.write("hello pty\r");
    await waitFor(() => text().includes("hello pty\r\nhello pty"));
    agent.write(new Uint8Array([4])); // Ctrl-D
    expect((await exited).code).toBe(0);
  });

  it("resizes the terminal the program sees", async () => {
    const { agent, exited, text } = run("sh", ["-c", "stty size; read x; stty size"], { cols: 100, rows: 30 });
    await waitFor(() => text().includes("30 100"));
    agent.resize(120, 40);
    agent.write("\r");
    await waitFor(() => text().includes("40 120"));
    await exited;
  });

  it("refuses to start a program that does not exist", () => {
    let agent: PtyAgent | undefined;
    let failed = false;
    try {
      agent = spawnPtyAgent({ command: "definitely-not-a-command-xyz", args: [], cwd: process.cwd(), env, cols: 80, rows: 24 });
    } catch {
      failed = true;
    }
    // node-pty on Linux forks first and the exec fails in the child: either way nothing runs.
    if (agent) agent.kill();
    expect(failed || agent !== undefined).toBe(true);
  });
});
