// Turns the session's chat events (chatEventSchema in @porthole/protocol) into what the chat view
// shows: messages, tool calls with their results, file edits, approvals with how they were settled,
// turn summaries; and whether the agent is working, since when, and on which approvals it waits.
import type { AttachmentInfo, ChatEvent } from "@porthole/protocol";

type Of<T extends ChatEvent["type"]> = Extract<ChatEvent, { type: T }>;

export type ChatItem =
  | { kind: "message"; key: string; role: "user" | "assistant"; text: string; at: number; attachments?: readonly AttachmentInfo[] }
  | { kind: "tool"; key: string; call: Of<"tool_call">; result: Of<"tool_result"> | undefined }
  | { kind: "orphan_result"; key: string; result: Of<"tool_result"> }
  | { kind: "file_edit"; key: string; edit: Of<"file_edit"> }
  | { kind: "todo"; key: string; todo: Of<"todo_list"> }
  | { kind: "approval"; key: string; request: Of<"permission_request">; resolution: Of<"permission_resolved"> | undefined }
  | { kind: "turn_end"; key: string; end: Of<"turn_end"> }
  | { kind: "notice"; key: string; text: string; tone: "info" | "error" };

export interface Activity {
  /** The agent is working on a turn. */
  working: boolean;
  /** When the current turn started, ms since the epoch (the host's clock). */
  since: number | undefined;
  /** Ids of approvals still waiting for an answer. */
  waitingApprovals: string[];
  /** The `n` of the latest turn_start (0 before any). */
  lastTurnStartN: number;
  /** The `n` of the latest event (0 before any). */
  lastN: number;
  /** The agent's permission mode, as last reported (Claude Code's name), when known. */
  mode: string | undefined;
}

/** The chat so far: events in order, each `n` once. */
export interface ChatLog {
  readonly events: readonly ChatEvent[];
}

export const emptyChat: ChatLog = { events: [] };

/** Adds events that arrived; drops any already seen (by `n`). */
export function appendEvents(log: ChatLog, events: readonly ChatEvent[]): ChatLog {
  let last = log.events.at(-1)?.n ?? 0;
  const fresh = events.filter((e) => (e.n > last ? ((last = e.n), true) : false));
  return fresh.length === 0 ? log : { events: [...log.events, ...fresh] };
}

/** Puts an older page before the events shown; keeps only events older than the oldest shown. */
export function prependEvents(log: ChatLog, events: readonly ChatEvent[]): ChatLog {
  const first = log.events[0]?.n ?? Infinity;
  let last = 0;
  const older = events.filter((e) => (e.n < first && e.n > last ? ((last = e.n), true) : false));
  return older.length === 0 ? log : { events: [...older, ...log.events] };
}

/** What a permission_mode notification says. */
const MODE_NAMES: Record<string, string> = { default: "ask before edits", acceptEdits: "accept edits", plan: "plan", bypassPermissions: "bypass permissions" };

/**
 * The items to show, in order. An approval is shown right after the tool call it is about: Claude
 * Code's hooks report a permission request as it happens, while the transcript lines before it (the
 * message, the tool call) may be written a moment later, so the request can arrive first.
 */
export function chatItems(events: readonly ChatEvent[]): ChatItem[] {
  const items: ChatItem[] = [];
  const tools = new Map<string, number>();
  const approvals = new Map<string, number>();
  /** Requests whose tool call has not arrived yet, by tool_use id. */
  const early = new Map<string, ChatItem & { kind: "approval" }>();
  const pushApproval = (item: ChatItem & { kind: "approval" }) => {
    approvals.set(item.request.id, items.length);
    items.push(item);
  };
  for (const event of events) {
    const key = `e${event.n}`;
    switch (event.type) {
      case "user_message":
      case "assistant_message":
        items.push({
          kind: "message",
          key,
          role: event.type === "user_message" ? "user" : "assistant",
          text: event.text,
          at: event.at,
          ...(event.type === "user_message" && event.attachments?.length ? { attachments: event.attachments } : {}),
        });
        break;
      case "tool_call": {
        tools.set(event.id, items.length);
        items.push({ kind: "tool", key, call: event, result: undefined });
        const waiting = early.get(event.id);
        early.delete(event.id);
        if (waiting !== undefined) pushApproval(waiting);
        break;
      }
      case "tool_result": {
        const at = tools.get(event.id);
        const item = at === undefined ? undefined : items[at];
        if (item?.kind === "tool") items[at!] = { ...item, result: event };
        else items.push({ kind: "orphan_result", key, result: event });
        break;
      }
      case "file_edit":
        items.push({ kind: "file_edit", key, edit: event });
        break;
      case "todo_list":
        items.push({ kind: "todo", key, todo: event });
        break;
      case "permission_request": {
        const item = { kind: "approval" as const, key, request: event, resolution: undefined };
        if (event.toolUseId !== undefined && !tools.has(event.toolUseId)) early.set(event.toolUseId, item);
        else pushApproval(item);
        break;
      }
      case "permission_resolved": {
        // A later resolution of the same id corrects an earlier one (e.g. the desk had answered first).
        const waiting = [...early.values()].find((item) => item.request.id === event.id);
        if (waiting !== undefined) {
          early.set(waiting.request.toolUseId!, { ...waiting, resolution: event });
          break;
        }
        const at = approvals.get(event.id);
        const item = at === undefined ? undefined : items[at];
        if (item?.kind === "approval") items[at!] = { ...item, resolution: event };
        break;
      }
      case "turn_end":
        items.push({ kind: "turn_end", key, end: event });
        break;
      case "notification":
        if (event.kind === "permission_mode") items.push({ kind: "notice", key, text: `Permission mode: ${MODE_NAMES[event.text] ?? event.text}`, tone: "info" });
        else if (event.kind !== "permission_prompt" && event.kind !== "idle_prompt" && event.text !== "") items.push({ kind: "notice", key, text: event.text, tone: "info" });
        break;
      case "error":
        items.push({ kind: "notice", key, text: event.message, tone: "error" });
        break;
      case "turn_start":
      case "status":
        break;
    }
  }
  // Requests whose tool call never came (e.g. left out of a snapshot) still show, last.
  for (const item of early.values()) pushApproval(item);
  return items;
}

export function activity(events: readonly ChatEvent[]): Activity {
  let working = false;
  let since: number | undefined;
  let lastTurnStartN = 0;
  let mode: string | undefined;
  const waiting = new Set<string>();
  for (const event of events) {
    if (event.type === "notification" && event.kind === "permission_mode") mode = event.text;
    if (event.type === "turn_start") {
      since = event.at;
      lastTurnStartN = event.n;
    }
    else if (event.type === "status") working = event.state === "working";
    else if (event.type === "permission_request") waiting.add(event.id);
    else if (event.type === "permission_resolved") waiting.delete(event.id);
  }
  return { working, since: working ? since : undefined, waitingApprovals: [...waiting], lastTurnStartN, lastN: events.at(-1)?.n ?? 0, mode };
}
