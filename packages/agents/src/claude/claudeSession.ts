// `porthole run -- claude`: the real interactive Claude Code stays at the desk in its PTY, and a chat
// view is built beside it from its own records: the session transcript (messages, tools, turns)
// and its hooks (permission requests, notifications). The screen is never read.
import { stat } from "node:fs/promises";
import type { ChatCommand, ChatEvent, ChatEventBody, PermissionDecision, PermissionMode } from "@porthole/protocol";
import type { CommandResult, SavedAttachment, TerminalInput } from "../agent.js";
import { createChatStream } from "./chatStream.js";
import { createClaudeLineMapper, type ClaudeLineMapper } from "./claudeLines.js";
import { startHookBridge, type AnswerOutcome, type HookBridge } from "./hooks.js";
import { str } from "./json.js";
import { withHookSettings } from "./settingsArgs.js";
import { followTranscript, type TranscriptFollower } from "./transcript.js";

export interface ClaudeSessionOptions {
  /** The working directory Claude Code runs in (resolves a relative `--settings FILE`). */
  cwd: string;
  /** The person's arguments after `claude`. */
  args: readonly string[];
  /** The complete environment Claude Code will run with. */
  env: Record<string, string>;
  /** How long a permission request waits for a viewer before only the desk can answer, ms (default 10 min). */
  permissionTimeoutMs?: number;
  /** Parent folder of the hook bridge's private folder (default the OS temp dir). */
  hookDir?: string;
  /** How often the transcript is checked for new lines, ms (default 100). */
  pollMs?: number;
  /** Milliseconds since the epoch (default Date.now). */
  clock?: () => number;
  /**
   * For `--resume ID` (Claude Code 2.1.330 appends to the same transcript and reports SessionStart
   * source "resume"): replay the earlier conversation as events first (default true), or start at its end.
   */
  replayHistory?: boolean;
  /** Pause between typing a viewer's message and pressing Enter, ms (default 150): typed too fast, the TUI takes Enter as pasted text. */
  submitDelayMs?: number;
  /**
   * After a viewer's interrupt, how long to wait for the transcript to show the turn ended, ms
   * (default 1500). Claude Code 2.1.330 writes no marker when Esc stops it before the first reply
   * (it puts the prompt back in the input box), so the turn is then ended as interrupted here,
   * and the next message from a viewer first clears that prompt from the input box.
   */
  interruptSettleMs?: number;
}

export interface ClaudeSession {
  /** Run `claude` with these: the person's args and `--settings FILE` (our hooks, merged with any `--settings` of theirs). */
  readonly args: string[];
  readonly env: Record<string, string>;
  onEvent(listener: (event: ChatEvent) => void): () => void;
  handle(command: ChatCommand, attachments?: readonly SavedAttachment[]): Promise<CommandResult>;
  answerPermission(id: string, decision: PermissionDecision, reason?: string): AnswerOutcome;
  /** Where typed messages and interrupts go; call once the PTY runs. */
  attachTerminal(terminal: TerminalInput): void;
  /** Claude Code's session id and transcript file, once its SessionStart hook reported them. */
  readonly sessionId: string | undefined;
  readonly transcriptPath: string | undefined;
  /** Reads the rest of the transcript, stops the bridge and removes its files. */
  close(): Promise<void>;
}

/** The Esc key: interrupts Claude Code's TUI mid-turn. */
const ESC = "\x1b";
/** Shift+Tab: the TUI's next permission mode. */
const SHIFT_TAB = "\x1b[Z";
/** The order Shift+Tab cycles through (checked on 2.1.330 started with `--permission-mode default`). */
const MODE_CYCLE = ["default", "acceptEdits", "plan", "auto"] as const;

/** The mode named by `--permission-mode X` / `--permission-mode=X` in the person's args. */
function modeFromArgs(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--permission-mode") return args[i + 1];
    if (arg.startsWith("--permission-mode=")) return arg.slice("--permission-mode=".length);
  }
  return undefined;
}

/** Prepares hooks and returns what to add to the `claude` command, and the chat view. */
export async function prepareClaudeSession(options: ClaudeSessionOptions): Promise<ClaudeSession> {
  const bridge: HookBridge = await startHookBridge({
    deskPrompt: true,
    ...(options.permissionTimeoutMs !== undefined ? { permissionTimeoutMs: options.permissionTimeoutMs } : {}),
    ...(options.hookDir !== undefined ? { parentDir: options.hookDir } : {}),
  });
  const args = await withHookSettings(options.args, bridge.settingsPath, bridge.settings, options.cwd).catch(async (error: unknown) => {
    await bridge.close();
    throw error;
  });
  const stream = createChatStream(options.clock !== undefined ? { clock: options.clock } : {});
  bridge.onEvent((event) => stream.push(event));
  let terminal: TerminalInput | undefined;
  let follower: TranscriptFollower | undefined;
  /** The current transcript's line mapper (it knows whether a turn is open). */
  let mapper: ClaudeLineMapper | undefined;
  /** The person's latest message, and (after an interrupt before any reply) the prompt Claude Code put back in its input box. */
  let lastPrompt = "";
  let restoredPrompt: string | undefined;
  /** The TUI's permission mode as last known: from the args, the transcript, hooks, or our own Shift+Tabs. */
  let mode = modeFromArgs(options.args);
  /** Files typed as `@path` and not yet seen in the transcript: the chat shows them with that message. */
  let typedFiles: SavedAttachment[] = [];
  const withFiles = (event: ChatEventBody): ChatEventBody => {
    if (event.type !== "user_message" || typedFiles.length === 0) return event;
    const named = typedFiles.filter((file) => event.text.includes(file.path));
    if (named.length === 0) return event;
    typedFiles = typedFiles.filter((file) => !named.includes(file));
    return { ...event, attachments: named.map(({ name, mime, size, thumbnail }) => ({ name, mime, size, ...(thumbnail !== undefined ? { thumbnail } : {}) })) };
  };
  stream.onEvent((event) => {
    if (event.type === "user_message") lastPrompt = event.text;
    if (event.type === "notification" && event.kind === "permission_mode") mode = event.text;
  });
  let sessionId: string | undefined;
  let transcriptPath: string | undefined;
  let switching: Promise<void> = Promise.resolve();

  /** Follows the transcript SessionStart names; a new one (after /clear) replaces the old. */
  const follow = (path: string, fromEnd: boolean): void => {
    if (path === transcriptPath) return;
    transcriptPath = path;
    switching = switching.then(async () => {
      await follower?.stop();
      const fromOffset = fromEnd ? await stat(path).then((s) => s.size, () => 0) : 0;
      mapper = createClaudeLineMapper("transcript");
      follower = followTranscript({
        path,
        fromOffset,
        mapper,
        ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
        onEvents: (events) => {
          for (const event of events) {
            stream.push(withFiles(event));
            if (event.type === "tool_result") bridge.toolFinished(event.id, event.isError, event.output);
          }
        },
      });
    });
  };
  bridge.onHook((payload) => {
    mode = str(payload.permission_mode) ?? mode;
    if (payload.hook_event_name !== "SessionStart") return;
    sessionId = str(payload.session_id) ?? sessionId;
    const path = str(payload.transcript_path);
    if (path !== undefined) follow(path, payload.source === "resume" && options.replayHistory === false);
  });

  const type = async (text: string): Promise<void> => {
    if (terminal === undefined) return;
    // Control characters (Esc above all) would act as keys in the TUI, not as text.
    const clean = text.replace(/\r\n?/g, "\n").replace(/[\x00-\x08\x0b-\x1f\x7f]/g, "");
    if (restoredPrompt !== undefined) {
      // Ctrl-E, then Ctrl-U once per line and once per line break: empties the input box (checked on 2.1.330).
      terminal.write(`\x05${"\x15".repeat(2 * restoredPrompt.split("\n").length + 1)}`);
      restoredPrompt = undefined;
    }
    terminal.write(clean.includes("\n") ? `\x1b[200~${clean}\x1b[201~` : clean);
    await new Promise((resolve) => setTimeout(resolve, options.submitDelayMs ?? 150));
    terminal.write("\r");
  };

  /** Ends the open turn as interrupted when the transcript did not, a moment after Esc. */
  const settleInterrupt = async (): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve, options.interruptSettleMs ?? 1500));
    await switching;
    await follower?.flush();
    if (!mapper?.inTurn) return;
    restoredPrompt = lastPrompt;
    for (const event of mapper.map({ type: "user", message: { role: "user", content: "[Request interrupted by user]" } })) stream.push(event);
  };

  const answerPermission = (id: string, decision: PermissionDecision, reason?: string): AnswerOutcome => bridge.answerPermission(id, decision, reason);

  /** Presses Shift+Tab at the desk until the TUI is in `target` mode, and says so in the chat. */
  const setMode = async (target: PermissionMode): Promise<CommandResult> => {
    if (terminal === undefined) return { ok: false, reason: "the agent is not running yet" };
    const from = MODE_CYCLE.indexOf(mode as (typeof MODE_CYCLE)[number]);
    if (from < 0) return { ok: false, reason: `the desk's permission mode (${mode ?? "not known yet"}) is not one Porthole can switch from: press Shift+Tab at the desk` };
    if (bridge.pending().length > 0) return { ok: false, reason: "answer the waiting approval first" };
    const presses = (MODE_CYCLE.indexOf(target) - from + MODE_CYCLE.length) % MODE_CYCLE.length;
    for (let i = 0; i < presses; i++) {
      terminal.write(SHIFT_TAB);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    // The transcript records the mode with the next message; say it now (the mapper then stays quiet).
    for (const event of (mapper ?? createClaudeLineMapper("transcript")).map({ type: "permission-mode", permissionMode: target })) stream.push(event);
    mode = target;
    return { ok: true };
  };

  return {
    args,
    env: options.env,
    onEvent: (listener) => stream.onEvent(listener),
    answerPermission,
    async handle(command, attachments = []) {
      switch (command.type) {
        case "send_message":
          if (terminal === undefined) return { ok: false, reason: "the agent is not running yet" };
          typedFiles = [...typedFiles, ...attachments].slice(-20);
          // Claude Code reads a file named as `@path` in the message (quoted when it has spaces); the
          // space after the last one closes the TUI's file suggestions, so Enter sends the message.
          await type(attachments.length === 0 ? command.text : `${[command.text, ...attachments.map((file) => `@${/\s/.test(file.path) ? JSON.stringify(file.path) : file.path}`)].join(" ")} `);
          return { ok: true };
        case "attachment_part":
          return { ok: false, reason: "attachment parts are for the host, not the agent" };
        case "interrupt":
          if (terminal === undefined) return { ok: false, reason: "the agent is not running yet" };
          terminal.write(ESC);
          void settleInterrupt();
          return { ok: true };
        case "answer_permission":
          return answerPermission(command.id, command.decision, command.reason) === "answered"
            ? { ok: true }
            : { ok: false, reason: "that permission request is no longer waiting (answered, or handed to the desk)" };
        case "answer_question":
          return bridge.answerQuestion(command.id, command.answers) === "answered"
            ? { ok: true }
            : { ok: false, reason: "those questions are no longer waiting for an answer" };
        case "set_permission_mode":
          return setMode(command.mode);
      }
    },
    attachTerminal(input) {
      terminal = input;
    },
    get sessionId() {
      return sessionId;
    },
    get transcriptPath() {
      return transcriptPath;
    },
    async close() {
      await switching;
      await follower?.stop();
      await bridge.close();
    },
  };
}
