// What `porthole run` needs of the agent it shares, whether it runs in a PTY at the desk
// (deskAgent.ts) or headless (headlessAgent.ts): keystrokes in, pausing, an optional chat view, exit.
import type { AgentAdapter, AgentChat } from "@porthole/agents";
import type { ChatCommand } from "@porthole/protocol";
import type { Logger } from "pino";
import type { HostSession } from "../host/hostSession.js";

export interface AgentExit {
  code: number | null;
  /** Signal number, as shells count them. */
  signal: number | null;
}

export interface RunningAgent {
  /** Present when viewers get a chat view. */
  readonly chat: AgentChat | undefined;
  /** Keystrokes from a viewer (ignored without a terminal). */
  write(data: Uint8Array): void;
  /** Stops or restarts reading the agent's output (back-pressure from the hub or the desk). */
  setPaused(paused: boolean): void;
  /** Settles once the agent has exited and its last chat events were delivered. */
  readonly exited: Promise<AgentExit>;
}

/** Sends the agent's chat events into the session and carries out viewers' chat commands. */
export function connectChat(chat: AgentChat, host: HostSession, log: Logger): (command: ChatCommand, viewer: number) => void {
  chat.onEvent((event) => host.chat(event));
  return (command, viewer) => {
    chat.handle(command).then(
      (result) => {
        if (!result.ok) host.refuseChatCommand(viewer, command, result.reason);
      },
      (error: unknown) => {
        log.warn({ err: error, command: command.type }, "a chat command failed");
        host.refuseChatCommand(viewer, command, "the agent could not carry out this command");
      },
    );
  };
}

/** An adapter whose agent has a structured (headless) mode. */
export type AgentAdapterWithHeadless = AgentAdapter & Required<Pick<AgentAdapter, "startHeadless">>;
