// Files attached from the chat view, end to end: a Node viewer sends them in encrypted
// attachment_part commands through the real hub; the host (HostSession + the CLI's attachment
// inbox) saves them under the work folder and the real Claude Code, headless, gets the picture as
// an image block and the file by path in its request to the scripted Messages API. At the desk
// (`porthole run -- claude`, the built CLI), the TUI gets `@path` and Claude Code reads the file.
import { mkdtemp, readdir, readFile, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { startHeadlessClaude } from "@porthole/agents";
import { attachmentParts, parsePairingUrl, type ChatCommand } from "@porthole/protocol";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { AttachmentInbox } from "../../packages/cli/src/run/attachmentInbox.js";
import { connectChat } from "../../packages/cli/src/run/runningAgent.js";
import { claudeBin, claudeEnv, makeClaudeHome } from "../fixtures/claudeHome.js";
import { startFakeAnthropic, type MessagesRequest } from "../fixtures/fakeAnthropic.js";
import { connectViewer, type NodeViewer } from "../support/nodeViewer.js";
import { startPortholeRun } from "../support/portholeCli.js";
import { startTestHost, startTestHub } from "../support/testHub.js";

const apiKey = "sk-ant-porthole-attach-0123456789abcdef";
/** A 1×1 PNG. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

function lastUserBlocks(req: MessagesRequest): Array<Record<string, unknown>> {
  const last = [...req.messages].reverse().find((m) => m.role === "user");
  return Array.isArray(last?.content) ? last.content : [{ type: "text", text: String(last?.content ?? "") }];
}

function send(viewer: NodeViewer, upload: string, bytes: Uint8Array): void {
  for (const part of attachmentParts(upload, bytes)) expect(viewer.client.sendChatCommand(part)).toBe(true);
}

async function setup() {
  const work = await realpath(await mkdtemp(join(tmpdir(), "porthole-attach-work-")));
  const home = await mkdtemp(join(tmpdir(), "porthole-attach-home-"));
  const fake = await startFakeAnthropic((req) => {
    const blocks = lastUserBlocks(req);
    const image = blocks.find((b) => b.type === "image") as { source?: { media_type?: string; data?: string } } | undefined;
    const text = blocks.map((b) => (typeof b.text === "string" ? b.text : "")).join("\n");
    const path = /(\S*\.porthole\/attachments\/\S*notes\.txt)/.exec(text)?.[1];
    return `image=${image?.source?.media_type ?? "none"}:${image?.source?.data === PNG.toString("base64")} file=${path ?? "none"}`;
  });
  const env = claudeEnv({ home, baseUrl: fake.url, apiKey, path: `${dirname(claudeBin)}:${process.env.PATH ?? "/usr/bin:/bin"}` });
  const claude = await startHeadlessClaude({ command: claudeBin, cwd: work, env });
  const hub = await startTestHub();
  const inbox = new AttachmentInbox(join(work, ".porthole", "attachments"), { fileBytes: 1024 * 1024, messageBytes: 1536 * 1024 });
  let onCommand: ((command: ChatCommand, viewer: number) => void) | undefined;
  const host = await startTestHost(hub.url, { features: { chat: true, headless: true }, onChatCommand: (command, viewer) => onCommand?.(command, viewer) });
  onCommand = connectChat(claude, host.host, pino({ level: "silent" }), inbox);
  const viewer = connectViewer(host.link);
  await viewer.waitForStatus("live", 20_000);
  return {
    work,
    fake,
    viewer,
    inboxDir: inbox.dir,
    async [Symbol.asyncDispose]() {
      viewer.close();
      host[Symbol.dispose]();
      await claude.close();
      await hub[Symbol.asyncDispose]();
      await fake.close();
      await rm(work, { recursive: true, force: true });
      await rm(home, { recursive: true, force: true });
    },
  };
}

describe("chat attachments (headless Claude Code)", () => {
  it("a picture goes to Claude as an image block, a file (several parts) by its saved path; the chat shows both", async () => {
    await using s = await setup();
    const notes = Buffer.from("porthole notes\n".repeat(40_000)); // 600 KB: two parts
    send(s.viewer, "img-1", PNG);
    send(s.viewer, "notes-1", notes);
    s.viewer.client.sendChatCommand({
      type: "send_message",
      text: "What is in these?",
      attachments: [
        { upload: "img-1", name: "../dot.png", mime: "image/png", size: PNG.length, thumbnail: `data:image/png;base64,${PNG.toString("base64")}` },
        { upload: "notes-1", name: "notes.txt", mime: "text/plain", size: notes.length },
      ],
    });
    const reply = await s.viewer.waitUntil(() => s.viewer.chat.some((e) => e.type === "assistant_message"), "Claude's reply", 40_000).then(
      () => s.viewer.chat.find((e) => e.type === "assistant_message")!,
    );
    expect(s.viewer.chatRefusals).toEqual([]);
    const saved = (await readdir(s.inboxDir)).sort();
    expect(saved).toHaveLength(2);
    expect(saved.find((name) => name.endsWith("-_dot.png"))).toBeDefined();
    const notesName = saved.find((name) => name.endsWith("-notes.txt"))!;
    expect(await readFile(join(s.inboxDir, notesName))).toEqual(notes);
    expect(reply).toMatchObject({ text: `image=image/png:true file=${join(s.inboxDir, notesName)}` });
    const message = s.viewer.chat.find((e) => e.type === "user_message");
    expect(message).toMatchObject({
      text: "What is in these?",
      attachments: [
        { name: "../dot.png", mime: "image/png", size: PNG.length, thumbnail: expect.stringMatching(/^data:image\/png;base64,/) },
        { name: "notes.txt", mime: "text/plain", size: notes.length },
      ],
    });
  }, 60_000);

  it("a file over the limit is refused with the reason; nothing is saved and Claude gets no message", async () => {
    await using s = await setup();
    const big = Buffer.alloc(1024 * 1024 + 1, 7);
    send(s.viewer, "big-1", big);
    s.viewer.client.sendChatCommand({ type: "send_message", text: "Read this", attachments: [{ upload: "big-1", name: "big.bin", mime: "application/octet-stream", size: big.length }] });
    await s.viewer.waitUntil(() => s.viewer.chatRefusals.length === 2, "two refusals");
    expect(s.viewer.chatRefusals).toEqual([
      { command: "attachment_part", reason: "the file is over the 1 MB limit for one file" },
      { command: "send_message", reason: "attachments refused: big.bin is over the 1 MB limit for one file" },
    ]);
    await expect(readdir(s.inboxDir)).rejects.toThrow(/ENOENT/);
    expect(s.viewer.chat.some((e) => e.type === "user_message")).toBe(false);
    expect(s.fake.requests.filter((req) => JSON.stringify(req.messages).includes("Read this"))).toEqual([]);
  }, 30_000);
});

describe("chat attachments (Claude Code at the desk)", () => {
  it("the message typed into the TUI names the saved file as @path, and Claude Code reads it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "porthole-attach-desk-"));
    await using fake = await startFakeAnthropic((req) => (JSON.stringify(req.messages).includes("desk secret 42") ? "I read the desk notes." : "No notes seen."));
    await using home = await makeClaudeHome({ cwd: dir, apiKey });
    const env = claudeEnv({ home: home.home, baseUrl: fake.url, apiKey, path: `${dirname(claudeBin)}:${process.env.PATH ?? "/usr/bin:/bin"}` });
    await using cli = await startPortholeRun(["--", "claude"], { env, cwd: home.cwd });
    const parsed = parsePairingUrl(cli.link);
    if (typeof parsed === "string") throw new Error(parsed);
    const viewer = connectViewer(parsed);
    await viewer.waitForStatus("live", 20_000);
    await cli.pty.waitForText(/❯/, 30_000);
    const notes = Buffer.from("desk secret 42\n");
    send(viewer, "desk-1", notes);
    viewer.client.sendChatCommand({ type: "send_message", text: "Summarise", attachments: [{ upload: "desk-1", name: "desk notes.txt", mime: "text/plain", size: notes.length }] });
    await viewer.waitUntil(() => viewer.chat.some((e) => e.type === "assistant_message"), "Claude's reply", 40_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${JSON.stringify(viewer.chat).slice(0, 2000)}\n${JSON.stringify(fake.mainRequests().map((r) => r.messages.at(-1))).slice(0, 3000)}\n${cli.pty.text().slice(-1500)}`);
    });
    expect(viewer.chat.find((e) => e.type === "assistant_message")).toMatchObject({ text: "I read the desk notes." });
    const user = viewer.chat.find((e) => e.type === "user_message");
    expect(user?.type === "user_message" && user.text).toMatch(/^Summarise @"?\S*\.porthole\/attachments\/\S+-desk notes\.txt"?/);
    expect(user).toMatchObject({ attachments: [{ name: "desk notes.txt", mime: "text/plain", size: notes.length }] });
    expect(viewer.chatRefusals).toEqual([]);
    viewer.close();
    await rm(dir, { recursive: true, force: true });
  }, 90_000);
});

describe("chat attachments at the default limits", () => {
  it("5 MB and 4.9 MB files cross the hub whole in 384 KiB parts; a message past 10 MB is refused", async () => {
    const work = await mkdtemp(join(tmpdir(), "porthole-attach-big-"));
    await using hub = await startTestHub();
    const inbox = new AttachmentInbox(join(work, ".porthole", "attachments"));
    const saved: string[] = [];
    let host: Awaited<ReturnType<typeof startTestHost>> | undefined;
    host = await startTestHost(hub.url, {
      features: { chat: true, headless: true },
      onChatCommand: (command, viewer) => {
        if (command.type === "attachment_part") {
          const refused = inbox.addPart(viewer, command);
          if (refused !== undefined) host?.host.refuseChatCommand(viewer, command, refused);
        } else if (command.type === "send_message") {
          void inbox.take(viewer, command.attachments ?? []).then((taken) => (taken.ok ? saved.push(...taken.files.map((f) => f.path)) : host?.host.refuseChatCommand(viewer, command, taken.reason)));
        }
      },
    });
    const viewer = connectViewer(host.link);
    await viewer.waitForStatus("live", 20_000);
    const a = Buffer.alloc(5 * 1024 * 1024, 1);
    const b = Buffer.alloc(4.9 * 1024 * 1024, 2);
    send(viewer, "a", a);
    send(viewer, "b", b);
    viewer.client.sendChatCommand({ type: "send_message", text: "big ones", attachments: [{ upload: "a", name: "a.bin", mime: "", size: a.length }, { upload: "b", name: "b.bin", mime: "", size: b.length }] });
    await viewer.waitUntil(() => saved.length === 2, "two saved files", 20_000);
    expect((await readFile(saved[0]!)).equals(a)).toBe(true);
    expect((await readFile(saved[1]!)).equals(b)).toBe(true);
    send(viewer, "x", a);
    send(viewer, "y", b);
    send(viewer, "z", Buffer.alloc(200 * 1024, 3));
    const over = [{ upload: "x", name: "x", mime: "", size: a.length }, { upload: "y", name: "y", mime: "", size: b.length }, { upload: "z", name: "z", mime: "", size: 200 * 1024 }];
    viewer.client.sendChatCommand({ type: "send_message", text: "too much", attachments: over });
    await viewer.waitUntil(() => viewer.chatRefusals.length === 1, "a refusal", 20_000);
    expect(viewer.chatRefusals).toEqual([{ command: "send_message", reason: "attachments refused: the files are over the 10 MB limit for one message" }]);
    expect(saved).toHaveLength(2);
    viewer.close();
    host[Symbol.dispose]();
    await rm(work, { recursive: true, force: true });
  }, 30_000);
});
