// Numbers and timestamps chat event bodies from several sources (transcript, hooks, stream-json)
// into one ordered stream, and derives the agent's working/idle status from turn boundaries.
import type { ChatEvent, ChatEventBody } from "@porthole/protocol";

export interface ChatStreamOptions {
  /** Milliseconds since the epoch (default Date.now). */
  clock?: () => number;
  /** The last `n` already used, e.g. when continuing a stored session (default 0: the first event is 1). */
  lastN?: number;
}

export interface ChatStream {
  /** Numbers one body and delivers it (plus a status event after turn_start / turn_end). */
  push(body: ChatEventBody): void;
  onEvent(listener: (event: ChatEvent) => void): () => void;
  /** The `n` of the latest event (0 before any). */
  readonly lastN: number;
}

/**
 * A new stream. `n` goes up by one per event; `at` is the body's own time (e.g. the transcript
 * line's timestamp) or now, never earlier than the previous event's, so both only increase.
 */
export function createChatStream(options: ChatStreamOptions = {}): ChatStream {
  const clock = options.clock ?? Date.now;
  const listeners = new Set<(event: ChatEvent) => void>();
  let n = options.lastN ?? 0;
  let lastAt = 0;

  const deliver = (body: ChatEventBody): void => {
    lastAt = Math.max(lastAt, Math.round(body.at ?? clock()));
    const event = { ...body, n: ++n, at: lastAt } as ChatEvent;
    for (const listener of listeners) listener(event);
  };

  return {
    push(body) {
      deliver(body);
      if (body.type === "turn_start") deliver({ type: "status", state: "working", at: body.at });
      if (body.type === "turn_end") deliver({ type: "status", state: "idle", at: body.at });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get lastN() {
      return n;
    },
  };
}
