// The chat view of a desk session: the real interactive Claude Code in a PTY, pointed at the
// scripted Messages API, with prepareClaudeSession's hooks and transcript follower. Chat events come
// only from Claude Code's transcript and hooks; the screen is read here by the test alone, to press
// keys at the desk like a person would.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { prepareClaudeSession, type ClaudeSession } from "@porthole/agents";
import { chatEventSchema, type ChatEvent } from "@porthole/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { claudeBin, claudeEnv, makeClaudeHome, type ClaudeHome } from "../fixtures/claudeHome.js";
import { lastUserText, startFakeAnthropic, type FakeAnthropic, type MessagesRequest, type Script } from "../fixtures/fakeAnthropic.js";
import { spawnPty, type PtyProcess } from "../fixtures/pty.js";

const apiKey = "sk-ant-porthole-chat-0123456789abcdefghij";

/** The last user message (Claude Code may put a `system` turn after it). */
function lastUserMessage(req: MessagesRequest): MessagesRequest["messages"][number] | undefined {
  return [...req.messages].reverse().find((m) => m.role === "user");
}

/** The tool_result blocks of a request's last user message. */
function toolResults(req: MessagesRequest): Array<Record<string, unknown>> {
  const last = lastUserMessage(req);
  return Array.isArray(last?.content) ? last.content.filter((b) => b.type === "tool_result") : [];
}

interface Desk {
  work: string;
  session: ClaudeSession;
  pty: PtyProcess;
  fake: FakeAnthropic;
  events: ChatEvent[];
  /** Resolves with the first event (past or future) matching; fails with the events and the screen. */
  waitFor<T extends ChatEvent["type"]>(type: T, match?: (e: Extract<ChatEvent, { type: T }>) => boolean, ms?: number): Promise<Extract<ChatEvent, { type: T }>>;
}

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => undefined);
  cleanup = [];
});

interface DeskOptions {
  /** Runs before the desk starts, in its cwd and env; returns extra `claude` args (e.g. `--resume ID`). */
  before?: (cwd: string, env: Record<string, string>) => Promise<string[]>;
  replayHistory?: boolean;
}

/** Starts `claude --permission-mode default` at a desk (PTY) with the chat view wired. */
async function startDesk(script: Script, options: DeskOptions = {}): Promise<Desk> {
  const work = await mkdtemp(join(tmpdir(), "porthole-chat-work-"));
  const fake = await startFakeAnthropic(script);
  const home: ClaudeHome = await makeClaudeHome({ cwd: work, apiKey });
  const env = claudeEnv({ home: home.home, baseUrl: fake.url, apiKey, path: `${dirname(claudeBin)}:${process.env.PATH ?? "/usr/bin:/bin"}` });
  const extra = (await options.before?.(home.cwd, env)) ?? [];
  const args = ["--permission-mode", "default", ...extra];
  const session = await prepareClaudeSession({ cwd: home.cwd, args, env, pollMs: 50, ...(options.replayHistory !== undefined ? { replayHistory: options.replayHistory } : {}) });
  const events: ChatEvent[] = [];
  const waiters = new Set<() => void>();
  session.onEvent((event) => {
    events.push(chatEventSchema.parse(event));
    for (const waiter of waiters) waiter();
  });
  const pty = spawnPty(claudeBin, session.args, { cwd: home.cwd, env, cols: 120, rows: 40 });
  session.attachTerminal({ write: (data) => pty.write(data) });
  cleanup.push(
    () => rm(work, { recursive: true, force: true }),
    () => home.dispose(),
    () => fake.close(),
    () => session.close(),
    () => pty[Symbol.asyncDispose](),
  );
  const waitFor: Desk["waitFor"] = (type, match, ms = 30_000) =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const found = events.find((e) => e.type === type && (match === undefined || match(e as never)));
        if (found === undefined) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found as never);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        const seen = events.map((e) => `${e.n} ${e.type} ${JSON.stringify(e).slice(0, 160)}`).join("\n");
        reject(new Error(`no ${type} event within ${ms} ms.\nEvents:\n${seen}\nScreen ends with:\n${pty.text().slice(-1500)}`));
      }, ms);
      waiters.add(check);
      check();
    });
  await pty.waitForText(/❯/, 30_000);
  return { work, session, pty, fake, events, waitFor };
}

/** A model that writes `hello.txt` when asked to, and reports the tool result it got. */
const writer =
  (work: () => string): Script =>
  (req) => {
    const result = toolResults(req)[0];
    if (result !== undefined) return `Tool said: ${JSON.stringify(result.content)}`;
    if (lastUserText(req).includes("Create hello.txt"))
      return { text: "Creating it.", toolUse: { name: "Write", input: { file_path: join(work(), "hello.txt"), content: "hello from the model\n" } } };
    return "The capital of Porthole is Harbourtown.";
  };

describe("porthole run -- claude: chat events from the transcript and hooks", () => {
  it("a prompt sent from the chat view produces user and assistant events, a turn and idle status", async () => {
    const desk = await startDesk(() => "The capital of Porthole is **Harbourtown**.");
    expect(await desk.session.handle({ type: "send_message", text: "What is the capital of Porthole?" })).toEqual({ ok: true });
    await desk.waitFor("user_message", (e) => e.text === "What is the capital of Porthole?");
    const reply = await desk.waitFor("assistant_message");
    expect(reply.text).toBe("The capital of Porthole is **Harbourtown**.");
    const end = await desk.waitFor("turn_end");
    expect(end).toMatchObject({ interrupted: false, durationMs: expect.any(Number), outputTokens: expect.any(Number) });
    await desk.waitFor("status", (e) => e.state === "idle");
    const types = desk.events.map((e) => e.type);
    expect(types.indexOf("turn_start")).toBeLessThan(types.indexOf("user_message"));
    expect(types.indexOf("user_message")).toBeLessThan(types.indexOf("assistant_message"));
    expect(desk.events.map((e) => e.n)).toEqual(desk.events.map((_, i) => i + 1));
    expect(desk.session.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    // The desk shows the same reply.
    await desk.pty.waitForText("Harbourtown", 10_000);

    // A message of several lines arrives whole, as one message.
    await desk.session.handle({ type: "send_message", text: "First line\nsecond line" });
    await desk.waitFor("user_message", (e) => e.text === "First line\nsecond line");
    await desk.waitFor("turn_end", (e) => e.n > end.n);
  }, 90_000);

  it("a Write needs approval: allowed from the chat view, the file exists and the result follows", async () => {
    let work = "";
    const desk = await startDesk(writer(() => work));
    work = desk.work;
    await desk.session.handle({ type: "send_message", text: "Create hello.txt please" });
    const request = await desk.waitFor("permission_request");
    const call = await desk.waitFor("tool_call", (e) => e.name === "Write");
    expect(request).toMatchObject({ tool: "Write", id: call.id, toolUseId: call.id, input: { file_path: join(work, "hello.txt") } });
    expect(request.options).toEqual(["allow_once", "allow_always", "deny"]);
    expect(await desk.session.handle({ type: "answer_permission", id: request.id, decision: "allow_once" })).toEqual({ ok: true });
    await desk.waitFor("permission_resolved", (e) => e.id === request.id && e.outcome === "allowed" && e.by === "viewer");
    expect(await desk.waitFor("tool_result", (e) => e.id === call.id)).toMatchObject({ isError: false });
    expect(await desk.waitFor("file_edit", (e) => e.toolId === call.id)).toMatchObject({ path: join(work, "hello.txt"), diff: expect.stringContaining("+hello from the model") });
    expect(await readFile(join(work, "hello.txt"), "utf8")).toBe("hello from the model\n");
    await desk.waitFor("turn_end");
  }, 90_000);

  it("denied from the chat view: no file, and the model is told the reason", async () => {
    let work = "";
    const desk = await startDesk(writer(() => work));
    work = desk.work;
    await desk.session.handle({ type: "send_message", text: "Create hello.txt please" });
    const request = await desk.waitFor("permission_request");
    await desk.session.handle({ type: "answer_permission", id: request.id, decision: "deny", reason: "Not in this folder, thanks" });
    await desk.waitFor("permission_resolved", (e) => e.outcome === "denied" && e.by === "viewer");
    const told = await desk.fake.waitForRequest((req) => toolResults(req).some((b) => JSON.stringify(b.content).includes("Not in this folder")), 30_000);
    expect(toolResults(told)[0]).toMatchObject({ is_error: true });
    expect(await desk.waitFor("tool_result", (e) => e.id === request.id)).toMatchObject({ isError: true });
    expect(existsSync(join(work, "hello.txt"))).toBe(false);
  }, 90_000);

  it("--resume ID continues an earlier session: its history replays as events, or is skipped when asked", async () => {
    const earlier = async (cwd: string, env: Record<string, string>): Promise<string[]> => {
      const { stdout } = await promisify(execFile)(claudeBin, ["-p", "Earlier question", "--output-format", "json"], { cwd, env });
      return ["--resume", (JSON.parse(stdout) as { session_id: string }).session_id];
    };
    const replayed = await startDesk(() => "An answer.", { before: earlier });
    await replayed.waitFor("user_message", (e) => e.text === "Earlier question");
    await replayed.session.handle({ type: "send_message", text: "And now?" });
    await replayed.waitFor("user_message", (e) => e.text === "And now?");

    const skipped = await startDesk(() => "An answer.", { before: earlier, replayHistory: false });
    await skipped.session.handle({ type: "send_message", text: "And now?" });
    await skipped.waitFor("assistant_message");
    expect(skipped.events.filter((e) => e.type === "user_message").map((e) => e.type === "user_message" && e.text)).toEqual(["And now?"]);
  }, 120_000);

  it("answered at the desk first: the chat view sees it resolved by the desk and can no longer answer", async () => {
    let work = "";
    const desk = await startDesk(writer(() => work));
    work = desk.work;
    const mark = desk.pty.text().length;
    await desk.session.handle({ type: "send_message", text: "Create hello.txt please" });
    const request = await desk.waitFor("permission_request");
    await desk.pty.waitForText("Do you want to create", 20_000, mark);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // The dialog takes keys a moment after it is drawn.
    desk.pty.write("1"); // "1. Yes" in Claude Code's own dialog.
    const resolved = await desk.waitFor("permission_resolved", (e) => e.id === request.id);
    expect(resolved).toMatchObject({ outcome: "allowed", by: "desk" });
    expect(await desk.session.handle({ type: "answer_permission", id: request.id, decision: "deny" })).toMatchObject({ ok: false });
    await desk.waitFor("tool_result", (e) => e.id === request.id && !e.isError);
    expect(existsSync(join(work, "hello.txt"))).toBe(true);

    // Rejected at the desk (Esc): resolved as denied by the desk, the turn ends interrupted.
    await desk.waitFor("turn_end");
    await rm(join(work, "hello.txt"));
    const mark2 = desk.pty.text().length;
    await desk.session.handle({ type: "send_message", text: "Create hello.txt please" });
    const second = await desk.waitFor("permission_request", (e) => e.id !== request.id);
    await desk.pty.waitForText("Do you want to create", 20_000, mark2);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    desk.pty.write("\x1b");
    expect(await desk.waitFor("permission_resolved", (e) => e.id === second.id)).toMatchObject({ outcome: "denied", by: "desk" });
    await desk.waitFor("turn_end", (e) => e.interrupted);
    expect(existsSync(join(work, "hello.txt"))).toBe(false);
  }, 120_000);

  it("interrupt from the chat view ends a turn even before the first reply (no transcript marker then)", async () => {
    const desk = await startDesk((req) => (lastUserText(req).includes("long story") ? { text: "Once upon a time", delayMs: 60_000 } : "Short answer."));
    await desk.session.handle({ type: "send_message", text: "Tell me a long story,\nin two lines" });
    const started = await desk.waitFor("turn_start");
    await desk.fake.waitForRequest((req) => lastUserText(req).includes("long story"), 20_000);
    expect(await desk.session.handle({ type: "interrupt" })).toEqual({ ok: true });
    const end = await desk.waitFor("turn_end", (e) => e.n > started.n, 10_000);
    expect(end).toMatchObject({ interrupted: true });
    await desk.waitFor("status", (e) => e.state === "idle" && e.n > end.n - 1);
    // The next message starts a new turn and ends normally; the prompt Claude Code put back in its
    // input box is not sent with it.
    await desk.pty.waitForText(/❯/, 10_000);
    await desk.session.handle({ type: "send_message", text: "Anything short?" });
    await desk.waitFor("user_message", (e) => e.text === "Anything short?");
    expect(await desk.waitFor("turn_end", (e) => e.n > end.n, 30_000)).toMatchObject({ interrupted: false });
    expect(desk.events.filter((e) => e.type === "assistant_message").map((e) => e.type === "assistant_message" && e.text)).toEqual(["Short answer."]);
  }, 90_000);

  it("switches the desk's permission mode from the chat view (Shift+Tab at the desk): plan, then accept edits", async () => {
    let work = "";
    const desk = await startDesk(writer(() => work));
    work = desk.work;
    expect(await desk.session.handle({ type: "set_permission_mode", mode: "plan" })).toEqual({ ok: true });
    await desk.waitFor("notification", (e) => e.kind === "permission_mode" && e.text === "plan");
    await desk.session.handle({ type: "send_message", text: "What is the capital of Porthole?" });
    const first = await desk.waitFor("turn_end");
    // Claude Code itself records the mode with the message: the switch happened in the TUI.
    const lines = (await readFile(desk.session.transcriptPath!, "utf8")).split("\n").filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.find((line) => line.type === "user" && line.permissionMode !== undefined)?.permissionMode).toBe("plan");

    expect(await desk.session.handle({ type: "set_permission_mode", mode: "acceptEdits" })).toEqual({ ok: true });
    await desk.waitFor("notification", (e) => e.kind === "permission_mode" && e.text === "acceptEdits");
    await desk.session.handle({ type: "send_message", text: "Create hello.txt please" });
    const call = await desk.waitFor("tool_call", (e) => e.name === "Write");
    expect(await desk.waitFor("tool_result", (e) => e.id === call.id)).toMatchObject({ isError: false });
    expect(desk.events.some((e) => e.type === "permission_request")).toBe(false); // accept edits: no approval asked
    expect(await readFile(join(work, "hello.txt"), "utf8")).toBe("hello from the model\n");
    await desk.waitFor("turn_end", (e) => e.n > first.n);
  }, 90_000);

  it("the agent's questions (AskUserQuestion) are answered from the chat view; the model gets the answer", async () => {
    const questions = [{ question: "Which colour?", header: "Colour", multiSelect: false, options: [{ label: "Red", description: "warm" }, { label: "Blue", description: "cold" }] }];
    const desk = await startDesk((req) => {
      const result = toolResults(req)[0];
      if (result !== undefined) return `Tool said: ${JSON.stringify(result.content)}`;
      return { text: "One question first.", toolUse: { name: "AskUserQuestion", input: { questions } } };
    });
    await desk.session.handle({ type: "send_message", text: "Paint the shed" });
    const request = await desk.waitFor("permission_request", (e) => e.tool === "AskUserQuestion");
    expect(request.input).toMatchObject({ questions: [{ question: "Which colour?", options: [{ label: "Red" }, { label: "Blue" }] }] });
    // Hostile: answering a question request as a plain approval id that does not exist, or a Write as a question.
    expect(await desk.session.handle({ type: "answer_question", id: "toolu_nope", answers: { "Which colour?": "Blue" } })).toMatchObject({ ok: false });
    expect(await desk.session.handle({ type: "answer_question", id: request.id, answers: { "Which colour?": "Blue" } })).toEqual({ ok: true });
    await desk.waitFor("permission_resolved", (e) => e.id === request.id && e.outcome === "allowed" && e.by === "viewer");
    const told = await desk.fake.waitForRequest((req) => toolResults(req).length > 0, 30_000);
    expect(JSON.stringify(toolResults(told)[0]?.content)).toContain("Blue");
    expect(await desk.waitFor("tool_result", (e) => e.id === request.id)).toMatchObject({ isError: false, output: expect.stringContaining("Blue") });
    await desk.waitFor("turn_end");
  }, 90_000);
});

