// HookBridge: a Unix socket in a private (0700) folder that Claude Code's hooks report to, plus the
// settings file (`claude --settings FILE`) registering them. Permission requests wait here for a
// viewer's answer; the desk's own dialog runs at the same time, and whichever answers first wins.
// Hook stdin shapes and answer format checked on Claude Code 2.1.330 (see permissionAnswer.ts).
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ChatEventBody, PermissionDecision } from "@porthole/protocol";
import { forwarderSource, shellQuote } from "./hookScript.js";
import { asRecord, parseLine, str, type Json } from "./json.js";
import { alwaysLabel, denyMessage, permissionAnswer, questionAnswer } from "./permissionAnswer.js";

/** Claude Code's tool for asking the person questions; its PermissionRequest is answered with the answers. */
export const QUESTION_TOOL = "AskUserQuestion";

/** The hooks we register. PermissionRequest is the one that gates Claude Code's permission dialog. */
export const BRIDGED_HOOKS = ["SessionStart", "UserPromptSubmit", "PreToolUse", "PermissionRequest", "PostToolUse", "Notification", "Stop"] as const;

/** A hook's stdin JSON: `hook_event_name`, `session_id`, `transcript_path`, `cwd`, and per-event fields. */
export type HookPayload = Json & { hook_event_name: string };

export interface HookBridgeOptions {
  /** Where the private folder is made (default the OS temp dir; keep it short: socket paths max ~100 bytes). */
  parentDir?: string;
  /** How long a permission request waits for a viewer, ms (default 10 minutes); then Claude Code decides alone. */
  permissionTimeoutMs?: number;
  /** True when Claude Code shows its own dialog too (the desk TUI); false for headless, where no answer means deny. */
  deskPrompt?: boolean;
  /** The Node binary that runs the forwarder (default this process's). */
  nodePath?: string;
}

/** What answerPermission did: the answer went to Claude Code, or the request is unknown / already settled. */
export type AnswerOutcome = "answered" | "unknown";

export interface HookBridge {
  /** Pass to claude as `--settings FILE`. */
  readonly settingsPath: string;
  /** The settings written there: `{ hooks: { EVENT: [{ matcher, hooks: [{ type, command, timeout }] }] } }`. */
  readonly settings: Json;
  /** permission_request, permission_resolved and notification events, as they happen. */
  onEvent(listener: (event: ChatEventBody) => void): () => void;
  /** Every hook's payload (after it was handled), e.g. SessionStart's `transcript_path`. */
  onHook(listener: (payload: HookPayload) => void): () => void;
  /** A viewer's answer to a permission_request (by its id); `reason` is told to the model on deny. */
  answerPermission(id: string, decision: PermissionDecision, reason?: string): AnswerOutcome;
  /** A viewer's answers to an AskUserQuestion request (by its id): question text → answer. */
  answerQuestion(id: string, answers: Record<string, string>): AnswerOutcome;
  /**
   * The tool with this tool_use id produced a result (seen in the transcript): if still waiting, the
   * desk answered. If a viewer's "deny" came after the desk had already allowed (Claude Code then
   * ignores the hook), a second permission_resolved for the same id corrects the first.
   */
  toolFinished(toolUseId: string, isError: boolean, output: string): void;
  /** Ids of the permission requests still waiting. */
  pending(): string[];
  close(): Promise<void>;
}

interface Pending {
  id: string;
  tool: string;
  input: Json;
  suggestions: unknown;
  socket: Socket;
  timer: NodeJS.Timeout;
}

/** Starts the bridge and writes its forwarder script and settings file. */
export async function startHookBridge(options: HookBridgeOptions = {}): Promise<HookBridge> {
  const dir = await mkdtemp(join(options.parentDir ?? tmpdir(), "porthole-hooks-"));
  await chmod(dir, 0o700);
  const socketPath = join(dir, "bridge.sock");
  const scriptPath = join(dir, "forward.mjs");
  const settingsPath = join(dir, "settings.json");
  const timeoutMs = options.permissionTimeoutMs ?? 10 * 60_000;
  const deskPrompt = options.deskPrompt ?? true;
  const command = [options.nodePath ?? process.execPath, scriptPath, socketPath].map(shellQuote).join(" ");
  const hookTimeout = (event: string): number => (event === "PermissionRequest" ? Math.ceil(timeoutMs / 1000) + 30 : 30);
  const settings: Json = {
    hooks: Object.fromEntries(BRIDGED_HOOKS.map((event) => [event, [{ matcher: "", hooks: [{ type: "command", command, timeout: hookTimeout(event) }] }]])),
  };
  await writeFile(scriptPath, forwarderSource, { mode: 0o600 });
  await writeFile(settingsPath, JSON.stringify(settings, null, 2), { mode: 0o600 });

  const eventListeners = new Set<(event: ChatEventBody) => void>();
  const hookListeners = new Set<(payload: HookPayload) => void>();
  const pending = new Map<string, Pending>();
  /** Recent PreToolUse calls, oldest first, to find a PermissionRequest's tool_use_id (it carries none). */
  const recentToolUses: Array<{ key: string; id: string }> = [];
  /** Requests a viewer denied, with the message Claude Code would echo back in the tool result. */
  const viewerDenials = new Map<string, string>();
  let counter = 0;

  const emit = (event: ChatEventBody): void => {
    for (const listener of eventListeners) listener(event);
  };
  const toolKey = (payload: Json): string => `${str(payload.tool_name) ?? ""}\u0000${JSON.stringify(payload.tool_input ?? null)}`;

  /** Settles a waiting request once: answers the hook (or not) and reports who decided. */
  const settle = (id: string, answer: string, resolved: Omit<Extract<ChatEventBody, { type: "permission_resolved" }>, "type" | "id">): boolean => {
    const entry = pending.get(id);
    if (entry === undefined) return false;
    pending.delete(id);
    clearTimeout(entry.timer);
    if (!entry.socket.destroyed) entry.socket.end(answer);
    emit({ type: "permission_resolved", id, ...resolved });
    return true;
  };

  function permissionRequest(payload: Json, socket: Socket): void {
    const tool = str(payload.tool_name) ?? "unknown";
    const input = asRecord(payload.tool_input) ?? {};
    const at = recentToolUses.findIndex((use) => use.key === toolKey(payload));
    const toolUseId = at < 0 ? undefined : recentToolUses.splice(at, 1)[0]?.id;
    const id = toolUseId !== undefined && !pending.has(toolUseId) ? toolUseId : `perm_${++counter}`;
    const suggestions = payload.permission_suggestions;
    const timer = setTimeout(() => {
      settle(id, "", { outcome: deskPrompt ? "unanswered" : "denied", by: "none", reason: "no answer in time" });
    }, timeoutMs);
    pending.set(id, { id, tool, input, suggestions, socket, timer });
    // Claude Code ends the hook (SIGTERM) when the person rejects or cancels at the desk first.
    socket.on("close", () => settle(id, "", { outcome: "denied", by: deskPrompt ? "desk" : "none" }));
    emit({
      type: "permission_request",
      id,
      tool,
      input,
      ...(toolUseId !== undefined ? { toolUseId } : {}),
      options: ["allow_once", "allow_always", "deny"],
      alwaysLabel: alwaysLabel(tool, suggestions),
    });
  }

  function handle(payload: HookPayload, socket: Socket): void {
    switch (payload.hook_event_name) {
      case "PreToolUse": {
        const id = str(payload.tool_use_id);
        if (id !== undefined) recentToolUses.push({ key: toolKey(payload), id });
        if (recentToolUses.length > 100) recentToolUses.shift();
        break;
      }
      case "PermissionRequest":
        permissionRequest(payload, socket);
        return;
      case "PostToolUse": {
        const id = str(payload.tool_use_id);
        if (id !== undefined) settle(id, "", { outcome: "allowed", by: "desk" });
        break;
      }
      case "Notification":
        emit({ type: "notification", text: str(payload.message) ?? "", ...(str(payload.notification_type) ? { kind: str(payload.notification_type) } : {}) });
        break;
      default:
        break;
    }
    socket.end("");
  }

  const server = createServer((socket) => {
    let received = "";
    socket.setEncoding("utf8");
    socket.on("error", () => socket.destroy());
    const onData = (chunk: string): void => {
      received += chunk;
      const newline = received.indexOf("\n");
      if (newline < 0) return void (received.length > 4_000_000 && socket.destroy());
      socket.off("data", onData);
      const parsed = asRecord(parseLine(received.slice(0, newline)));
      if (typeof parsed?.hook_event_name !== "string") return void socket.end("");
      const payload = parsed as HookPayload;
      handle(payload, socket);
      for (const listener of hookListeners) listener(payload);
    };
    socket.on("data", onData);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, resolve);
  });
  await chmod(socketPath, 0o600);

  return {
    settingsPath,
    settings,
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onHook(listener) {
      hookListeners.add(listener);
      return () => hookListeners.delete(listener);
    },
    answerPermission(id, decision, reason) {
      const entry = pending.get(id);
      if (entry === undefined) return "unknown";
      const answer = permissionAnswer(decision, entry.tool, entry.suggestions, reason);
      if (decision === "deny") viewerDenials.set(id, denyMessage(reason));
      if (viewerDenials.size > 100) viewerDenials.delete(viewerDenials.keys().next().value ?? "");
      const settled = settle(id, answer, {
        outcome: decision === "deny" ? "denied" : "allowed",
        by: "viewer",
        ...(decision === "allow_always" ? { always: true } : {}),
        ...(decision === "deny" && reason !== undefined ? { reason } : {}),
      });
      return settled ? "answered" : "unknown";
    },
    answerQuestion(id, answers) {
      const entry = pending.get(id);
      if (entry === undefined || entry.tool !== QUESTION_TOOL) return "unknown";
      return settle(id, questionAnswer(entry.input, answers), { outcome: "allowed", by: "viewer" }) ? "answered" : "unknown";
    },
    toolFinished(toolUseId, isError, output) {
      const denial = viewerDenials.get(toolUseId);
      viewerDenials.delete(toolUseId);
      if (denial !== undefined && !(isError && output.includes(denial))) {
        emit({ type: "permission_resolved", id: toolUseId, outcome: "allowed", by: "desk", reason: "answered at the desk first" });
      }
      const entry = pending.get(toolUseId);
      if (entry === undefined) return;
      // A desk rejection ends the hook first (socket close); give that a moment to arrive.
      if (!isError) settle(toolUseId, "", { outcome: "allowed", by: "desk" });
      else setTimeout(() => settle(toolUseId, "", { outcome: "allowed", by: "desk" }), 300).unref();
    },
    pending: () => [...pending.keys()],
    async close() {
      for (const id of [...pending.keys()]) settle(id, "", { outcome: "unanswered", by: "none", reason: "session ended" });
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
