// The host's bounded memory of chat events (each with the output frame that carried it), for the
// chat part of snapshots; and fitChatEvent, which keeps every chat frame well under the hub's frame
// limit (MAX_FRAME_BYTES in @porthole/protocol) by shortening long strings.
import { MAX_SNAPSHOT_CHAT_EVENTS, type ChatEvent } from "@porthole/protocol";

/** Largest chat event sent in one frame, in bytes of JSON. */
export const MAX_CHAT_EVENT_BYTES = 64 * 1024;
/** Most bytes of chat events kept for snapshots. */
export const MAX_HISTORY_BYTES = 512 * 1024;

const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), "utf8");

/** Copies `value` with strings over `cap` characters cut short and arrays over `items` entries cut. */
function shorten(value: unknown, cap: number, items: number): unknown {
  if (typeof value === "string") return value.length <= cap ? value : `${value.slice(0, cap)}… [${value.length - cap} more characters not shown]`;
  if (Array.isArray(value)) return value.slice(0, items).map((item) => shorten(item, cap, items));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shorten(inner, cap, items)]));
  }
  return value;
}

/**
 * The event as sent: unchanged when it fits `maxBytes` of JSON; otherwise with long strings (a
 * tool's output, a file's content) cut short, then its tool input dropped. Ids, numbers and the
 * event type are never changed, so a shortened permission request can still be answered.
 */
export function fitChatEvent(event: ChatEvent, maxBytes = MAX_CHAT_EVENT_BYTES): ChatEvent {
  if (jsonBytes(event) <= maxBytes) return event;
  for (const [cap, items] of [[16_384, 1000], [4096, 200], [1024, 50], [200, 20]] as const) {
    const fitted = { ...(shorten(event, cap, items) as ChatEvent), type: event.type, n: event.n, at: event.at } as ChatEvent;
    if ("id" in event && "id" in fitted) fitted.id = event.id;
    if (jsonBytes(fitted) <= maxBytes) return fitted;
  }
  const note = { note: "too large to show" };
  if (event.type === "tool_call" || event.type === "permission_request") return fitChatEvent({ ...event, input: note }, maxBytes);
  return { type: "error", n: event.n, at: event.at, message: `a ${event.type} event too large to show was left out` };
}

interface Entry {
  seq: number;
  event: ChatEvent;
  bytes: number;
}

/** The latest chat events, bounded by count and bytes. */
export class ChatHistory {
  private entries: Entry[] = [];
  private bytes = 0;

  constructor(
    private readonly maxEvents = MAX_SNAPSHOT_CHAT_EVENTS,
    private readonly maxBytes = MAX_HISTORY_BYTES,
  ) {}

  /** Remembers an event that output frame `seq` carried. */
  add(seq: number, event: ChatEvent): void {
    const bytes = jsonBytes(event);
    this.entries.push({ seq, event, bytes });
    this.bytes += bytes;
    while (this.entries.length > this.maxEvents || (this.bytes > this.maxBytes && this.entries.length > 1)) {
      this.bytes -= this.entries.shift()!.bytes;
    }
  }

  /** The latest events carried by frames up to `seq`, oldest first, within `budgetBytes` of JSON. */
  upTo(seq: number, budgetBytes: number): ChatEvent[] {
    const out: ChatEvent[] = [];
    let used = 2;
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const entry = this.entries[i]!;
      if (entry.seq > seq) continue;
      if (used + entry.bytes + 1 > budgetBytes) break;
      used += entry.bytes + 1;
      out.push(entry.event);
    }
    return out.reverse();
  }
}
