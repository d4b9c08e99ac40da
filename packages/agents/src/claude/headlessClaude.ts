// `porthole run --headless -- claude`: Claude Code without a desk terminal, driven through
// stream-json on stdin/stdout (messages, `control_request` interrupt / set_permission_mode), with
// permission requests through the same hook bridge. Line shapes checked on Claude Code 2.1.330.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import type { ChatCommand, ChatEvent, PermissionDecision, PermissionMode } from "@porthole/protocol";
import type { CommandResult, HeadlessAgent, SavedAttachment } from "../agent.js";
import { messageContent } from "./attachmentContent.js";
import { createChatStream } from "./chatStream.js";
import { createClaudeLineMapper } from "./claudeLines.js";
import { startHookBridge, type AnswerOutcome } from "./hooks.js";
import { asRecord, parseLine, str } from "./json.js";
import { withHookSettings } from "./settingsArgs.js";

export interface HeadlessClaudeOptions {
  /** The Claude Code program (default "claude", looked up on the env's PATH). */
  command?: string;
  /** The person's extra arguments (e.g. `--model`, `--resume ID`). */
  args?: readonly string[];
  cwd: string;
  /** The complete environment Claude Code runs with. */
  env: Record<string, string>;
  /** Starting permission mode (Claude Code's default when absent). */
  permissionMode?: PermissionMode;
  /** How long a permission request waits for a viewer before it is denied, ms (default 10 min). */
  permissionTimeoutMs?: number;
  /** Parent folder of the hook bridge's private folder (default the OS temp dir). */
  hookDir?: string;
  /** Milliseconds since the epoch (default Date.now). */
  clock?: () => number;
}

export interface HeadlessClaude extends HeadlessAgent {
  /** Sends the person's message (with saved files); Claude Code queues it while a turn runs. */
  send(text: string, attachments?: readonly SavedAttachment[]): Promise<void>;
  /** Stops the current turn. */
  interrupt(): Promise<CommandResult>;
  setPermissionMode(mode: PermissionMode): Promise<CommandResult>;
  answerPermission(id: string, decision: PermissionDecision, reason?: string): AnswerOutcome;
  /** Claude Code's session id, from its first `system/init` line. */
  readonly sessionId: string | undefined;
  onEvent(listener: (event: ChatEvent) => void): () => void;
}

const CONTROL_TIMEOUT_MS = 10_000;

/** Spawns Claude Code in stream-json mode. Spawn failures arrive as an error event and `exited`. */
export async function startHeadlessClaude(options: HeadlessClaudeOptions): Promise<HeadlessClaude> {
  const bridge = await startHookBridge({
    deskPrompt: false,
    ...(options.permissionTimeoutMs !== undefined ? { permissionTimeoutMs: options.permissionTimeoutMs } : {}),
    ...(options.hookDir !== undefined ? { parentDir: options.hookDir } : {}),
  });
  const stream = createChatStream(options.clock !== undefined ? { clock: options.clock } : {});
  const mapper = createClaudeLineMapper("stream");
  bridge.onEvent((event) => stream.push(event));
  const args = [
    ...(await withHookSettings(options.args ?? [], bridge.settingsPath, bridge.settings, options.cwd).catch(async (error: unknown) => {
      await bridge.close();
      throw error;
    })),
    ...["--input-format", "stream-json", "--output-format", "stream-json", "--verbose"],
    ...(options.permissionMode !== undefined ? ["--permission-mode", options.permissionMode] : []),
  ];
  const child = spawn(options.command ?? "claude", args, { cwd: options.cwd, env: options.env, stdio: ["pipe", "pipe", "pipe"] });
  let sessionId: string | undefined;
  let stderrTail = "";
  let closing = false;
  let requestCounter = 0;
  const controls = new Map<string, (result: CommandResult) => void>();

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("error", (error) => {
      stream.push({ type: "error", message: `could not start ${options.command ?? "claude"}: ${error.message}` });
      resolve({ code: null, signal: null });
    });
    child.once("exit", (code, signal) => {
      if (!closing && code !== 0) stream.push({ type: "error", message: `Claude Code exited (${signal ?? code}): ${stderrTail.trim().slice(-500)}` });
      if (mapper.inTurn) for (const event of mapper.map({ type: "result", terminal_reason: "aborted_streaming" })) stream.push(event);
      for (const settle of controls.values()) settle({ ok: false, reason: "Claude Code exited" });
      controls.clear();
      resolve({ code, signal });
    });
  });
  child.stdin.on("error", () => undefined); // EPIPE after exit; `exited` reports it.
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderrTail = (stderrTail + chunk).slice(-4000)));

  createInterface({ input: child.stdout }).on("line", (text) => {
    const line = asRecord(parseLine(text));
    if (line === undefined) return;
    if (line.type === "system" && line.subtype === "init") sessionId = str(line.session_id) ?? sessionId;
    if (line.type === "control_response") {
      const response = asRecord(line.response);
      const id = str(response?.request_id);
      const settle = id === undefined ? undefined : controls.get(id);
      if (id !== undefined) controls.delete(id);
      settle?.(response?.subtype === "success" ? { ok: true } : { ok: false, reason: str(response?.error) ?? "Claude Code refused" });
      return;
    }
    for (const event of mapper.map(line)) stream.push(event);
  });

  const write = (message: unknown): boolean => {
    if (child.exitCode !== null || child.signalCode !== null || !child.stdin.writable) return false;
    child.stdin.write(`${JSON.stringify(message)}\n`);
    return true;
  };

  /** Sends a control_request and waits for its control_response. */
  const control = (request: Record<string, unknown>): Promise<CommandResult> => {
    const id = `porthole-${++requestCounter}`;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        controls.delete(id);
        resolve({ ok: false, reason: "Claude Code did not answer" });
      }, CONTROL_TIMEOUT_MS);
      controls.set(id, (result) => {
        clearTimeout(timer);
        resolve(result);
      });
      if (!write({ type: "control_request", request_id: id, request })) controls.get(id)?.({ ok: false, reason: "Claude Code is not running" });
    });
  };

  const send = async (text: string, attachments: readonly SavedAttachment[] = []): Promise<void> => {
    const content = attachments.length === 0 ? text : await messageContent(text, attachments);
    if (!write({ type: "user", message: { role: "user", content } })) return;
    const shown = attachments.map(({ name, mime, size, thumbnail }) => ({ name, mime, size, ...(thumbnail !== undefined ? { thumbnail } : {}) }));
    stream.push({ type: "user_message", text, ...(shown.length > 0 ? { attachments: shown } : {}) });
  };
  const answerPermission = (id: string, decision: PermissionDecision, reason?: string): AnswerOutcome => bridge.answerPermission(id, decision, reason);
  const interrupt = (): Promise<CommandResult> => control({ subtype: "interrupt" });
  const setPermissionMode = (mode: PermissionMode): Promise<CommandResult> => control({ subtype: "set_permission_mode", mode });

  const handle = async (command: ChatCommand, attachments?: readonly SavedAttachment[]): Promise<CommandResult> => {
    switch (command.type) {
      case "send_message":
        await send(command.text, attachments);
        return { ok: true };
      case "attachment_part":
        return { ok: false, reason: "attachment parts are for the host, not the agent" };
      case "interrupt":
        return interrupt();
      case "answer_permission":
        return answerPermission(command.id, command.decision, command.reason) === "answered"
          ? { ok: true }
          : { ok: false, reason: "that permission request is no longer waiting" };
      case "answer_question":
        return bridge.answerQuestion(command.id, command.answers) === "answered"
          ? { ok: true }
          : { ok: false, reason: "those questions are no longer waiting for an answer" };
      case "set_permission_mode":
        return setPermissionMode(command.mode);
    }
  };

  return {
    pid: child.pid ?? 0,
    exited,
    send,
    interrupt,
    setPermissionMode,
    answerPermission,
    handle,
    onEvent: (listener) => stream.onEvent(listener),
    get sessionId() {
      return sessionId;
    },
    async close() {
      closing = true;
      child.stdin.end();
      const within = (ms: number): Promise<boolean> =>
        Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms).unref())]);
      if (!(await within(3_000))) {
        child.kill("SIGTERM");
        if (!(await within(2_000))) child.kill("SIGKILL");
      }
      await exited;
      await bridge.close();
    },
  };
}
