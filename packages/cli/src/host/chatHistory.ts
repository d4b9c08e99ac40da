// The host's bounded memory of chat events (each with the output frame that carried it), for the
// latest page in snapshots and older pages on request; and fitChatEvent, which keeps every chat frame well under the hub's frame
// limit (MAX_FRAME_BYTES in @porthole/protocol) by shortening long strings.
import type { ChatEvent } from "@porthole/protocol";

/** Largest chat event sent in one frame, in bytes of JSON. */
export const MAX_CHAT_EVENT_BYTES = 64 * 1024;
/** Most chat events the host keeps for viewers paging back. */
export const MAX_HISTORY_EVENTS = 200_000;
/** Most bytes (of JSON) of chat events the host keeps; older events are dropped first. */
export const MAX_HISTORY_BYTES = 64 * 1024 * 1024;

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

/**
 * The session's chat events (each with the output frame that carried it), bounded by count and
 * bytes: the host hands out the latest page in snapshots and older pages on request, so a viewer
 * opens on the latest page and pages backward (see chatPage in @porthole/protocol).
 */
export class ChatHistory {
  private entries: Entry[] = [];
  /** Index of the oldest kept entry (dropped ones are compacted away in batches). */
  private head = 0;
  private bytes = 0;

  constructor(
    private readonly maxEvents = MAX_HISTORY_EVENTS,
    private readonly maxBytes = MAX_HISTORY_BYTES,
  ) {}

  /** Remembers an event that output frame `seq` carried (events come in order of `n`). */
  add(seq: number, event: ChatEvent): void {
    const bytes = jsonBytes(event);
    this.entries.push({ seq, event, bytes });
    this.bytes += bytes;
    while (this.entries.length - this.head > this.maxEvents || (this.bytes > this.maxBytes && this.entries.length - this.head > 1)) {
      this.bytes -= this.entries[this.head]!.bytes;
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  /** How many events are kept. */
  get size(): number {
    return this.entries.length - this.head;
  }

  /** The latest events carried by frames up to `seq`, oldest first: at most `limit`, within `budgetBytes` of JSON. */
  upTo(seq: number, budgetBytes: number, limit = Infinity): ChatEvent[] {
    let end = this.entries.length;
    while (end > this.head && this.entries[end - 1]!.seq > seq) end--;
    return this.takeBefore(end, budgetBytes, limit).events;
  }

  /**
   * Older events for a viewer paging backward: the latest with `n` below `before`, oldest first, at
   * most `limit` within `budgetBytes` of JSON; `more` says whether older ones are still kept.
   */
  page(before: number, limit: number, budgetBytes: number): { events: ChatEvent[]; more: boolean } {
    let low = this.head;
    let high = this.entries.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.entries[mid]!.event.n < before) low = mid + 1;
      else high = mid;
    }
    return this.takeBefore(low, budgetBytes, limit);
  }

  private takeBefore(end: number, budgetBytes: number, limit: number): { events: ChatEvent[]; more: boolean } {
    const out: ChatEvent[] = [];
    let used = 2;
    let i = end - 1;
    for (; i >= this.head && out.length < limit; i--) {
      const entry = this.entries[i]!;
      if (used + entry.bytes + 1 > budgetBytes) break;
      used += entry.bytes + 1;
      out.push(entry.event);
    }
    return { events: out.reverse(), more: i >= this.head };
  }
}
