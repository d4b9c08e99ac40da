// The agent interface. Adding an agent is one file that exports an AgentAdapter, plus one line in
// `agentAdapters` below: how to recognise its command, what to add to it, and (optionally) a chat
// view. Any command no adapter claims runs as a plain terminal (`terminalOnly`).
import type { ChatCommand, ChatEvent } from "@porthole/protocol";
import { claudeAdapter } from "./claude/claudeAdapter.js";

/** Where a desk session's keystrokes go (the agent's PTY). */
export interface TerminalInput {
  write(data: string): void;
}

/** What handling a viewer's command came to; `reason` is for the person. */
export type CommandResult = { ok: true } | { ok: false; reason: string };

/** A file a viewer sent with a message, saved on the host (see the CLI's attachment inbox). */
export interface SavedAttachment {
  /** Absolute path of the saved file. */
  path: string;
  name: string;
  mime: string;
  size: number;
  /** A small image (data URL) to show in the chat. */
  thumbnail?: string;
}

/** A structured (chat) view of a running agent. */
export interface AgentChat {
  /** Chat events, numbered from 1, as they happen. Returns an unsubscribe function. */
  onEvent(listener: (event: ChatEvent) => void): () => void;
  /**
   * Carries out a viewer's command (send a message, interrupt, answer a permission, switch mode);
   * `attachments`: the files saved for a send_message, to show to the agent with it.
   */
  handle(command: ChatCommand, attachments?: readonly SavedAttachment[]): Promise<CommandResult>;
}

/** The command the person asked to run, as `porthole run -- COMMAND ARGS…` received it. */
export interface AgentLaunch {
  command: string;
  args: readonly string[];
  cwd: string;
  /** The complete environment the agent will get (its HOME included). */
  env: Record<string, string>;
}

/** A desk (PTY) session, ready to spawn: run `launch.command` with these args and env. */
export interface PreparedAgent {
  args: string[];
  env: Record<string, string>;
  /** Present when the agent has a chat view. */
  chat?: AgentChat;
  /** Call once the PTY runs, so chat commands can type into it. */
  attachTerminal(terminal: TerminalInput): void;
  /** Call after the agent exited: stops following it and removes temporary files. */
  close(): Promise<void>;
}

/** An agent run without a desk terminal (`porthole run --headless`): chat only. */
export interface HeadlessAgent extends AgentChat {
  readonly pid: number;
  /** Settles when the agent process ends. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Ends the agent (politely, then by force) and cleans up. */
  close(): Promise<void>;
}

/** One kind of agent Porthole knows. */
export interface AgentAdapter {
  /** Short name, e.g. "claude", "terminal". */
  readonly name: string;
  /** True when this adapter handles the command (usually by the program's base name). */
  matches(command: string, args: readonly string[]): boolean;
  /** Prepares a desk session: extra args / env, and the chat view if there is one. */
  prepare(launch: AgentLaunch): Promise<PreparedAgent>;
  /** Starts the agent headless, when it has a structured mode. */
  startHeadless?(launch: AgentLaunch): Promise<HeadlessAgent>;
}

/** Any other program: runs unchanged in the terminal, without a chat view. */
export const terminalOnly: AgentAdapter = {
  name: "terminal",
  matches: () => true,
  prepare: (launch) =>
    Promise.resolve({
      args: [...launch.args],
      env: launch.env,
      attachTerminal: () => undefined,
      close: () => Promise.resolve(),
    }),
};

/** Known agents, tried in order; terminalOnly catches the rest. */
export const agentAdapters: readonly AgentAdapter[] = [claudeAdapter];

/** The adapter for a command. */
export function findAgentAdapter(command: string, args: readonly string[], adapters: readonly AgentAdapter[] = agentAdapters): AgentAdapter {
  return adapters.find((adapter) => adapter.matches(command, args)) ?? terminalOnly;
}
