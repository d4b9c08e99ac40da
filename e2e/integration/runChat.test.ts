// `porthole run` with the real Claude Code against the scripted Messages API, seen by a Node viewer:
// at the desk (PTY) and --headless the session offers a chat view fed by Claude Code's own records;
// any other command offers the terminal only, and --headless refuses it.
import { execFile, spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { parsePairingUrl, type ChatEvent, type PairingLink } from "@porthole/protocol";
import { describe, expect, it } from "vitest";
import { claudeBin, claudeEnv, makeClaudeHome } from "../fixtures/claudeHome.js";
import { lastUserText, startFakeAnthropic } from "../fixtures/fakeAnthropic.js";
import { connectViewer, type NodeViewer } from "../support/nodeViewer.js";
import { portholeBin, startPortholeRun } from "../support/portholeCli.js";

const apiKey = "sk-ant-porthole-runchat-0123456789abcdef";
const path = `${dirname(claudeBin)}:${process.env.PATH ?? "/usr/bin:/bin"}`;

function link(url: string): PairingLink {
  const parsed = parsePairingUrl(url);
  if (typeof parsed === "string") throw new Error(parsed);
  return parsed;
}

function waitForChat<T extends ChatEvent["type"]>(viewer: NodeViewer, type: T, match: (e: Extract<ChatEvent, { type: T }>) => boolean = () => true, ms = 30_000) {
  const found = () => viewer.chat.find((e): e is Extract<ChatEvent, { type: T }> => e.type === type && match(e as Extract<ChatEvent, { type: T }>));
  return viewer.waitUntil(() => found() !== undefined, `a ${type} chat event (have: ${viewer.chat.map((e) => e.type).join(", ")})`, ms).then(() => found()!);
}

async function claudeSetup() {
  const work = await mkdtemp(join(tmpdir(), "porthole-runchat-"));
  const fake = await startFakeAnthropic((req) => (lastUserText(req).includes("capital") ? "The capital of Porthole is Harbourtown." : "Noted."));
  const home = await makeClaudeHome({ cwd: work, apiKey });
  const env = claudeEnv({ home: home.home, baseUrl: fake.url, apiKey, path });
  return {
    work: home.cwd,
    fake,
    env,
    async [Symbol.asyncDispose]() {
      await fake.close();
      await home.dispose();
      await rm(work, { recursive: true, force: true });
    },
  };
}

describe("porthole run: chat views", () => {
  it("-- claude at the desk: a message from the chat view is typed into the TUI; the reply reaches both", async () => {
    await using setup = await claudeSetup();
    await using cli = await startPortholeRun(["--", "claude", "--permission-mode", "default"], { env: setup.env, cwd: setup.work });
    const viewer = connectViewer(link(cli.link));
    await viewer.waitForStatus("live", 20_000);
    expect(viewer.features).toEqual({ chat: true, headless: false });
    await cli.pty.waitForText(/❯/, 30_000);
    viewer.client.sendChatCommand({ type: "send_message", text: "What is the capital of Porthole?" });
    await waitForChat(viewer, "user_message", (e) => e.text === "What is the capital of Porthole?");
    expect((await waitForChat(viewer, "assistant_message")).text).toBe("The capital of Porthole is Harbourtown.");
    await waitForChat(viewer, "turn_end");
    await cli.pty.waitForText("Harbourtown", 10_000);
    // The permission mode switches at the desk too (Shift+Tab is pressed in the TUI).
    viewer.client.sendChatCommand({ type: "set_permission_mode", mode: "plan" });
    await waitForChat(viewer, "notification", (e) => e.kind === "permission_mode" && e.text === "plan");
    expect(viewer.chatRefusals).toEqual([]);
    viewer.close();
  }, 90_000);

  it("--headless -- claude: chat only, the desk sees a log of it, Ctrl-C ends it", async () => {
    await using setup = await claudeSetup();
    await using cli = await startPortholeRun(["--headless", "--", "claude"], { env: setup.env, cwd: setup.work });
    expect(cli.pty.text()).toMatch(/headless/);
    const viewer = connectViewer(link(cli.link));
    await viewer.waitForStatus("live", 20_000);
    expect(viewer.features).toEqual({ chat: true, headless: true });
    viewer.client.sendChatCommand({ type: "send_message", text: "What is the capital of Porthole?" });
    expect((await waitForChat(viewer, "assistant_message")).text).toBe("The capital of Porthole is Harbourtown.");
    expect(await waitForChat(viewer, "turn_end")).toMatchObject({ interrupted: false, costUsd: expect.any(Number) });
    await cli.pty.waitForText("› What is the capital of Porthole?", 10_000);
    await cli.pty.waitForText("Harbourtown", 10_000);
    cli.pty.write("\x03");
    await viewer.waitForStatus("ended", 20_000);
    expect(viewer.exit).toBeDefined();
    await cli.pty.waitForExit(20_000);
    viewer.close();
  }, 90_000);

  it("any other command: terminal only; --headless refuses it", async () => {
    const env = { PATH: path, TERM: "xterm-256color", HOME: tmpdir() };
    await using cli = await startPortholeRun(["--", "sh", "-c", "echo plain terminal; sleep 30"], { env });
    const viewer = connectViewer(link(cli.link));
    await viewer.waitForText("plain terminal", 20_000);
    expect(viewer.features).toEqual({ chat: false, headless: false });
    viewer.close();

    await expect(startPortholeRun(["--headless", "--", "sh"], { env })).rejects.toThrow(/--headless needs an agent with a structured mode/);
  }, 60_000);

  it("porthole resume: lists this directory's Claude Code sessions and continues one, the chat showing the earlier conversation", async () => {
    await using setup = await claudeSetup();
    const { stdout } = await promisify(execFile)(claudeBin, ["-p", "What is the capital of Porthole?", "--output-format", "json"], { cwd: setup.work, env: setup.env });
    const id = (JSON.parse(stdout) as { session_id: string }).session_id;
    const porthole = (args: string[]) => spawnSync(process.execPath, [portholeBin, ...args], { cwd: setup.work, env: { ...setup.env, PORTHOLE_HOME: join(setup.work, ".porthole-home") }, encoding: "utf8" });
    const listed = porthole(["resume", "--list"]);
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(id);
    expect(listed.stdout).toContain('"What is the capital of Porthole?"');
    expect(porthole(["resume", "--help"]).stdout).toMatch(/Continue an earlier Claude Code session/);
    const unknown = porthole(["resume", "00000000-dead"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/no Claude Code session 00000000-dead/);

    await using cli = await startPortholeRun([id.slice(0, 8)], { env: setup.env, cwd: setup.work, subcommand: "resume" });
    expect(cli.pty.text()).toContain(`claude --resume ${id}`);
    const viewer = connectViewer(link(cli.link));
    await viewer.waitForStatus("live", 20_000);
    await waitForChat(viewer, "user_message", (e) => e.text === "What is the capital of Porthole?");
    await waitForChat(viewer, "assistant_message", (e) => e.text.includes("Harbourtown"));
    await cli.pty.waitForText(/❯/, 30_000);
    viewer.client.sendChatCommand({ type: "send_message", text: "Noted, thanks" });
    await waitForChat(viewer, "user_message", (e) => e.text === "Noted, thanks");
    await waitForChat(viewer, "assistant_message", (e) => e.text === "Noted.");
    viewer.close();
  }, 90_000);
});

