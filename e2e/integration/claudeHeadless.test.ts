// `porthole run --headless -- claude`: the real Claude Code in stream-json mode, pointed at the
// scripted Messages API; messages, approvals, interrupts and mode switches through startHeadlessClaude.
import { existsSync } from "node:fs";
import { mkdtemp, readFile, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { startHeadlessClaude, type HeadlessClaude } from "@porthole/agents";
import { chatEventSchema, type ChatEvent, type PermissionMode } from "@porthole/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { claudeBin, claudeEnv } from "../fixtures/claudeHome.js";
import { lastUserText, startFakeAnthropic, type FakeAnthropic, type MessagesRequest, type Script } from "../fixtures/fakeAnthropic.js";

const apiKey = "sk-ant-porthole-headless-0123456789abcdef";

/** The last user message (Claude Code may put a `system` turn after it). */
function lastUserMessage(req: MessagesRequest): MessagesRequest["messages"][number] | undefined {
  return [...req.messages].reverse().find((m) => m.role === "user");
}

function toolResults(req: MessagesRequest): Array<Record<string, unknown>> {
  const last = lastUserMessage(req);
  return Array.isArray(last?.content) ? last.content.filter((b) => b.type === "tool_result") : [];
}

/** The person's latest words: the last text block of the last user message (interrupted turns merge into it). */
function latestText(req: MessagesRequest): string {
  const last = lastUserMessage(req);
  if (typeof last?.content === "string") return last.content;
  const texts = (last?.content ?? []).filter((b) => b.type === "text" && typeof b.text === "string" && !b.text.includes("<system-reminder>"));
  return String(texts.at(-1)?.text ?? "");
}

interface Headless {
  work: string;
  claude: HeadlessClaude;
  fake: FakeAnthropic;
  events: ChatEvent[];
  /** The first event (past or future) of `type` matching, after event number `after`; fails showing all events. */
  waitFor<T extends ChatEvent["type"]>(type: T, match?: (e: Extract<ChatEvent, { type: T }>) => boolean, after?: number): Promise<Extract<ChatEvent, { type: T }>>;
}

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => undefined);
  cleanup = [];
});

async function startHeadless(script: (work: string) => Script, permissionMode?: PermissionMode, args: string[] = []): Promise<Headless> {
  const work = await realpath(await mkdtemp(join(tmpdir(), "porthole-headless-work-")));
  const home = await mkdtemp(join(tmpdir(), "porthole-headless-home-"));
  const fake = await startFakeAnthropic(script(work));
  const env = claudeEnv({ home, baseUrl: fake.url, apiKey, path: `${dirname(claudeBin)}:${process.env.PATH ?? "/usr/bin:/bin"}` });
  const claude = await startHeadlessClaude({ command: claudeBin, cwd: work, env, args, ...(permissionMode ? { permissionMode } : {}) });
  const events: ChatEvent[] = [];
  const waiters = new Set<() => void>();
  let stderrHint = "";
  claude.onEvent((event) => {
    events.push(chatEventSchema.parse(event));
    if (event.type === "error") stderrHint += `${event.message}\n`;
    for (const waiter of waiters) waiter();
  });
  cleanup.push(
    () => rm(work, { recursive: true, force: true }),
    () => rm(home, { recursive: true, force: true }),
    () => fake.close(),
    () => claude.close(),
  );
  const waitFor: Headless["waitFor"] = (type, match, after = 0) =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const found = events.find((e) => e.n > after && e.type === type && (match === undefined || match(e as never)));
        if (found === undefined) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found as never);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        const seen = events.map((e) => `${e.n} ${JSON.stringify(e).slice(0, 200)}`).join("\n");
        reject(new Error(`no ${type} event within 30 s.\nEvents:\n${seen}\n${stderrHint}`));
      }, 30_000);
      waiters.add(check);
      check();
    });
  return { work, claude, fake, events, waitFor };
}

/** Writes hello.txt when asked; answers slowly when asked to be slow; reports tool results. */
const model =
  (work: string): Script =>
  (req) => {
    const result = toolResults(req)[0];
    if (result !== undefined) return `Tool said: ${JSON.stringify(result.content)}`;
    const text = latestText(req);
    if (text.includes("Create hello.txt")) return { text: "Creating it.", toolUse: { name: "Write", input: { file_path: join(work, "hello.txt"), content: "headless\n" } } };
    if (text.includes("Take your time")) return { text: "Finally done.", delayMs: 60_000 };
    return "Hello from **headless** Claude.";
  };

describe("porthole run --headless -- claude (stream-json)", () => {
  it("sends a message and gets the reply as chat events, with tokens and cost for the turn", async () => {
    const h = await startHeadless(model);
    expect(await h.claude.handle({ type: "send_message", text: "Say hello" })).toEqual({ ok: true });
    await h.waitFor("user_message", (e) => e.text === "Say hello");
    expect((await h.waitFor("assistant_message")).text).toBe("Hello from **headless** Claude.");
    const end = await h.waitFor("turn_end");
    expect(end).toMatchObject({ interrupted: false, durationMs: expect.any(Number), costUsd: expect.any(Number) });
    expect(end.inputTokens).toBeGreaterThan(0);
    await h.waitFor("status", (e) => e.state === "idle");
    expect(h.claude.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(h.events.map((e) => e.n)).toEqual(h.events.map((_, i) => i + 1));
  }, 60_000);

  it("asks before a Write: allowed, the file exists; denied, it does not and the model hears why", async () => {
    // The person's own --settings hook keeps running beside ours.
    const marker = join(tmpdir(), `porthole-their-hook-${process.pid}-${Date.now()}`);
    const theirs = { hooks: { UserPromptSubmit: [{ hooks: [{ type: "command", command: `touch ${marker}` }] }] } };
    cleanup.push(() => rm(marker, { force: true }));
    const h = await startHeadless(model, "default", ["--settings", JSON.stringify(theirs)]);
    h.claude.send("Create hello.txt please");
    const request = await h.waitFor("permission_request");
    const call = await h.waitFor("tool_call", (e) => e.name === "Write");
    expect(request).toMatchObject({ tool: "Write", id: call.id, input: { file_path: join(h.work, "hello.txt") } });
    expect(await h.claude.handle({ type: "answer_permission", id: request.id, decision: "allow_once" })).toEqual({ ok: true });
    expect(await h.waitFor("tool_result", (e) => e.id === call.id)).toMatchObject({ isError: false });
    expect(await readFile(join(h.work, "hello.txt"), "utf8")).toBe("headless\n");
    const first = await h.waitFor("turn_end");
    expect(existsSync(marker)).toBe(true);

    await rm(join(h.work, "hello.txt"));
    h.claude.send("Create hello.txt again");
    const second = await h.waitFor("permission_request", undefined, first.n);
    await h.claude.handle({ type: "answer_permission", id: second.id, decision: "deny", reason: "Headless says no" });
    expect(await h.waitFor("permission_resolved", (e) => e.id === second.id)).toMatchObject({ outcome: "denied", by: "viewer" });
    const told = await h.fake.waitForRequest((req) => toolResults(req).some((b) => JSON.stringify(b.content).includes("Headless says no")), 30_000);
    expect(toolResults(told)[0]).toMatchObject({ is_error: true });
    await h.waitFor("turn_end", undefined, second.n);
    expect(existsSync(join(h.work, "hello.txt"))).toBe(false);
  }, 90_000);

  it("allow always: the next Write of the session needs no approval", async () => {
    const h = await startHeadless(model, "default");
    h.claude.send("Create hello.txt please");
    const request = await h.waitFor("permission_request");
    expect(request.alwaysLabel).toBe("Allow, and accept edits for this session");
    await h.claude.handle({ type: "answer_permission", id: request.id, decision: "allow_always" });
    expect(await h.waitFor("permission_resolved")).toMatchObject({ outcome: "allowed", by: "viewer", always: true });
    const first = await h.waitFor("turn_end");
    await rm(join(h.work, "hello.txt"));
    h.claude.send("Create hello.txt again");
    await h.waitFor("tool_result", (e) => !e.isError, first.n);
    await h.waitFor("turn_end", undefined, first.n);
    expect(h.events.filter((e) => e.type === "permission_request")).toHaveLength(1);
    expect(await readFile(join(h.work, "hello.txt"), "utf8")).toBe("headless\n");
  }, 60_000);

  it("interrupts a long turn, then carries on with the next message", async () => {
    const h = await startHeadless(model);
    h.claude.send("Take your time");
    const start = await h.waitFor("turn_start");
    await h.fake.waitForRequest((req) => lastUserText(req).includes("Take your time"), 20_000);
    const asked = Date.now();
    expect(await h.claude.handle({ type: "interrupt" })).toEqual({ ok: true });
    const end = await h.waitFor("turn_end", undefined, start.n);
    expect(end.interrupted).toBe(true);
    expect(Date.now() - asked).toBeLessThan(10_000);
    h.claude.send("Say hello");
    expect((await h.waitFor("assistant_message", undefined, end.n)).text).toBe("Hello from **headless** Claude.");
  }, 60_000);

  it("switches the permission mode: accept-edits writes without asking", async () => {
    const h = await startHeadless(model, "default");
    expect(await h.claude.handle({ type: "set_permission_mode", mode: "acceptEdits" })).toEqual({ ok: true });
    await h.waitFor("notification", (e) => e.kind === "permission_mode" && e.text === "acceptEdits");
    h.claude.send("Create hello.txt please");
    await h.waitFor("tool_result");
    await h.waitFor("turn_end");
    expect(h.events.some((e) => e.type === "permission_request")).toBe(false);
    expect(await readFile(join(h.work, "hello.txt"), "utf8")).toBe("headless\n");
  }, 60_000);
});
