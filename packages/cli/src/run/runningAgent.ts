// What `porthole run` needs of the agent it shares, whether it runs in a PTY at the desk
// (deskAgent.ts) or headless (headlessAgent.ts): keystrokes in, pausing, an optional chat view, exit.
import type { AgentAdapter, AgentChat, SavedAttachment } from "@porthole/agents";
import type { ChatCommand } from "@porthole/protocol";
import type { Logger } from "pino";
import type { HostSession } from "../host/hostSession.js";
import type { AttachmentInbox } from "./attachmentInbox.js";

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

/**
 * Sends the agent's chat events into the session and carries out viewers' chat commands; files
 * attached to a message are kept and saved by `inbox` before the agent gets the message.
 */
export function connectChat(chat: AgentChat, host: HostSession, log: Logger, inbox?: AttachmentInbox): (command: ChatCommand, viewer: number) => void {
  chat.onEvent((event) => host.chat(event));
  const withFiles = async (command: ChatCommand, viewer: number): Promise<{ ok: true; files: SavedAttachment[] } | { ok: false; reason: string }> => {
    if (command.type !== "send_message" || !command.attachments?.length) return { ok: true, files: [] };
    if (inbox === undefined) return { ok: false, reason: "this session takes no attachments" };
    const taken = await inbox.take(viewer, command.attachments);
    if (taken.ok) log.info({ files: taken.files.length, dir: inbox.dir }, "saved a viewer's attachments");
    return taken;
  };
  return (command, viewer) => {
    if (command.type === "attachment_part") {
      const refused = inbox === undefined ? "this session takes no attachments" : inbox.addPart(viewer, command);
      if (refused !== undefined) host.refuseChatCommand(viewer, command, refused);
      return;
    }
    withFiles(command, viewer)
      .then((taken) => (taken.ok ? chat.handle(command, taken.files) : taken))
      .then(
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
