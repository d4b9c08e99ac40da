// HookBridge with its real forwarder script, run the way Claude Code runs a hook command (through a
// shell, JSON on stdin, answer on stdout). The real Claude Code side is in e2e/integration/claude*.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { ChatEventBody } from "@porthole/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { forwarderSource } from "./hookScript.js";
import { startHookBridge, type HookBridge } from "./hooks.js";

interface HookRun {
  pid: number;
  kill(): void;
  result: Promise<{ code: number | null; stdout: string }>;
}

/** Runs the registered command for `event` with `payload` on stdin, as Claude Code does. */
async function runHook(bridge: HookBridge, payload: Record<string, unknown>): Promise<HookRun> {
  const settings = JSON.parse(await readFile(bridge.settingsPath, "utf8")) as {
    hooks: Record<string, Array<{ hooks: Array<{ command: string }> }>>;
  };
  const command = settings.hooks[String(payload.hook_event_name)]?.[0]?.hooks[0]?.command;
  if (command === undefined) throw new Error(`no hook registered for ${String(payload.hook_event_name)}`);
  const child = spawn("sh", ["-c", `exec ${command}`], { stdio: ["pipe", "pipe", "inherit"] });
  child.stdin.end(JSON.stringify(payload));
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  const result = new Promise<{ code: number | null; stdout: string }>((resolve) => child.on("close", (code) => resolve({ code, stdout })));
  return { pid: child.pid ?? 0, kill: () => child.kill("SIGTERM"), result };
}

function collect(bridge: HookBridge): { events: ChatEventBody[]; next(type: ChatEventBody["type"]): Promise<ChatEventBody> } {
  const events: ChatEventBody[] = [];
  const waiters: Array<() => void> = [];
  bridge.onEvent((event) => {
    events.push(event);
    for (const waiter of waiters.splice(0)) waiter();
  });
  let cursor = 0;
  const next = (type: ChatEventBody["type"]): Promise<ChatEventBody> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} event; got ${JSON.stringify(events)}`)), 5_000);
      const check = (): void => {
        const index = events.findIndex((e, i) => i >= cursor && e.type === type);
        if (index < 0) return void waiters.push(check);
        cursor = index + 1;
        clearTimeout(timer);
        resolve(events[index] as ChatEventBody);
      };
      check();
    });
  return { events, next };
}

const base = { session_id: "s1", transcript_path: "/x/s1.jsonl", cwd: "/w", permission_mode: "default" };
const writeInput = { file_path: "/w/hello.txt", content: "hi\n" };

describe("HookBridge", () => {
  let bridge: HookBridge | undefined;
  afterEach(async () => {
    await bridge?.close();
    bridge = undefined;
  });

  it("keeps its socket, script and settings in a folder only this user can open", async () => {
    bridge = await startHookBridge();
    expect((await stat(dirname(bridge.settingsPath))).mode & 0o777).toBe(0o700);
    const hooks = (bridge.settings as { hooks: Record<string, unknown> }).hooks;
    expect(Object.keys(hooks).sort()).toEqual(["Notification", "PermissionRequest", "PostToolUse", "PreToolUse", "SessionStart", "Stop", "UserPromptSubmit"]);
  });

  it("asks viewers about a permission request and prints their answer for Claude Code", async () => {
    bridge = await startHookBridge();
    const { next } = collect(bridge);
    await (await runHook(bridge, { ...base, hook_event_name: "PreToolUse", tool_name: "Write", tool_input: writeInput, tool_use_id: "toolu_1" })).result;
    const hook = await runHook(bridge, {
      ...base,
      hook_event_name: "PermissionRequest",
      tool_name: "Write",
      tool_input: writeInput,
      permission_suggestions: [{ type: "setMode", mode: "acceptEdits", destination: "session" }],
    });
    const request = await next("permission_request");
    expect(request).toMatchObject({ id: "toolu_1", toolUseId: "toolu_1", tool: "Write", input: writeInput, alwaysLabel: "Allow, and accept edits for this session" });
    expect(bridge.pending()).toEqual(["toolu_1"]);
    expect(bridge.answerPermission("toolu_1", "allow_always")).toBe("answered");
    const { code, stdout } = await hook.result;
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      hookSpecificOutput: {
        hookEventName: "PermissionRequest",
        decision: { behavior: "allow", updatedPermissions: [{ type: "setMode", mode: "acceptEdits", destination: "session" }] },
      },
    });
    expect(await next("permission_resolved")).toMatchObject({ id: "toolu_1", outcome: "allowed", by: "viewer", always: true });
    expect(bridge.answerPermission("toolu_1", "deny")).toBe("unknown");
  });

  it("passes a denial's reason to the model", async () => {
    bridge = await startHookBridge();
    const { next } = collect(bridge);
    const hook = await runHook(bridge, { ...base, hook_event_name: "PermissionRequest", tool_name: "Bash", tool_input: { command: "rm -rf /" } });
    const request = await next("permission_request");
    expect(request).toMatchObject({ id: expect.stringMatching(/^perm_/) });
    bridge.answerPermission((request as { id: string }).id, "deny", "Not on my machine");
    expect(JSON.parse((await hook.result).stdout).hookSpecificOutput.decision).toEqual({ behavior: "deny", message: "Not on my machine" });
    expect(await next("permission_resolved")).toMatchObject({ outcome: "denied", by: "viewer", reason: "Not on my machine" });
  });

  it("reports a request answered at the desk: Claude Code ends the hook (reject) or runs the tool (allow)", async () => {
    bridge = await startHookBridge();
    const { next } = collect(bridge);
    const rejected = await runHook(bridge, { ...base, hook_event_name: "PermissionRequest", tool_name: "Bash", tool_input: { command: "ls" } });
    await next("permission_request");
    rejected.kill();
    expect(await next("permission_resolved")).toMatchObject({ outcome: "denied", by: "desk" });

    await (await runHook(bridge, { ...base, hook_event_name: "PreToolUse", tool_name: "Write", tool_input: writeInput, tool_use_id: "toolu_9" })).result;
    const allowed = await runHook(bridge, { ...base, hook_event_name: "PermissionRequest", tool_name: "Write", tool_input: writeInput });
    await next("permission_request");
    await runHook(bridge, { ...base, hook_event_name: "PostToolUse", tool_name: "Write", tool_input: writeInput, tool_use_id: "toolu_9" });
    expect(await next("permission_resolved")).toMatchObject({ id: "toolu_9", outcome: "allowed", by: "desk" });
    expect((await allowed.result).stdout).toBe("");
  });

  it("corrects a viewer's deny that came after the desk had already allowed", async () => {
    bridge = await startHookBridge();
    const { events, next } = collect(bridge);
    const late = await runHook(bridge, { ...base, hook_event_name: "PermissionRequest", tool_name: "Bash", tool_input: { command: "make" } });
    const { id } = (await next("permission_request")) as { id: string };
    bridge.answerPermission(id, "deny", "stop");
    await late.result;
    expect(await next("permission_resolved")).toMatchObject({ id, outcome: "denied", by: "viewer" });
    bridge.toolFinished(id, false, "built"); // The tool ran after all: the desk had said yes first.
    expect(await next("permission_resolved")).toMatchObject({ id, outcome: "allowed", by: "desk" });

    const honoured = await runHook(bridge, { ...base, hook_event_name: "PermissionRequest", tool_name: "Bash", tool_input: { command: "make" } });
    const second = (await next("permission_request")) as { id: string };
    bridge.answerPermission(second.id, "deny", "stop");
    await honoured.result;
    bridge.toolFinished(second.id, true, "stop");
    expect(events.filter((e) => e.type === "permission_resolved" && e.id === second.id)).toHaveLength(1);
  });

  it("hands the decision back to Claude Code when nobody answers in time", async () => {
    bridge = await startHookBridge({ permissionTimeoutMs: 200 });
    const { next } = collect(bridge);
    const hook = await runHook(bridge, { ...base, hook_event_name: "PermissionRequest", tool_name: "Write", tool_input: writeInput });
    expect(await hook.result).toEqual({ code: 0, stdout: "" });
    expect(await next("permission_resolved")).toMatchObject({ outcome: "unanswered", by: "none" });
  });

  it("forwards notifications and every payload; a hook whose bridge is gone says nothing and succeeds", async () => {
    bridge = await startHookBridge();
    const { next } = collect(bridge);
    const payloads: string[] = [];
    bridge.onHook((payload) => payloads.push(payload.hook_event_name));
    await (await runHook(bridge, { ...base, hook_event_name: "SessionStart", source: "startup" })).result;
    const note = await runHook(bridge, { ...base, hook_event_name: "Notification", message: "Claude needs your permission to use Write", notification_type: "permission_prompt" });
    expect(await note.result).toEqual({ code: 0, stdout: "" });
    expect(await next("notification")).toMatchObject({ text: "Claude needs your permission to use Write", kind: "permission_prompt" });
    expect(payloads).toEqual(["SessionStart", "Notification"]);

    // Porthole gone (socket refuses): the forwarder prints nothing and exits 0, so Claude Code asks at the desk.
    const dir = await mkdtemp(join(tmpdir(), "porthole-forwarder-"));
    await writeFile(join(dir, "forward.mjs"), forwarderSource);
    const orphan = spawn(process.execPath, [join(dir, "forward.mjs"), join(dir, "missing.sock")], { stdio: ["pipe", "pipe", "inherit"] });
    let out = "";
    orphan.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
    orphan.stdin.end(JSON.stringify({ ...base, hook_event_name: "Stop" }));
    expect(await new Promise((resolve) => orphan.on("close", resolve))).toBe(0);
    expect(out).toBe("");
    await rm(dir, { recursive: true, force: true });
  });
});
