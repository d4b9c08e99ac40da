// The chat view's outgoing messages: sent at once when the agent is waiting for the person, held
// in order while it works (or waits on an approval, or the connection is down), and sent one at a
// time as it becomes free. Typing into a desk TUI that shows a dialog would answer the dialog.

import type { ChatCommand } from "@porthole/protocol";

/** Files sent ahead of a message (their parts went out when it was queued). */
export type AttachmentRefs = NonNullable<Extract<ChatCommand, { type: "send_message" }>["attachments"]>;

export interface QueuedMessage {
  id: number;
  text: string;
  attachments?: AttachmentRefs;
}

export interface MessageQueue {
  /** Waiting to be sent, oldest first. */
  readonly waiting: readonly QueuedMessage[];
  /** When the last message was sent, ms since the epoch; the next one waits until a turn started after it. */
  readonly sentAt: number | undefined;
  /** The `n` of the last chat event seen when it was sent. */
  readonly sentAfterN: number;
  readonly nextId: number;
}

/** How long a sent message may take to start a turn before the next one goes anyway, ms. */
export const SETTLE_MS = 15_000;

export const emptyQueue: MessageQueue = { waiting: [], sentAt: undefined, sentAfterN: 0, nextId: 1 };

/** What the agent is doing, as the chat events tell. */
export interface AgentState {
  /** Working, waiting on an approval, or out of reach: a message now would not be taken as one. */
  busy: boolean;
  /** The `n` of the latest turn_start event (0 before any). */
  lastTurnStartN: number;
  /** Ms since the epoch. */
  now: number;
}

/** Adds the person's message at the end. */
export function enqueue(queue: MessageQueue, text: string, attachments?: AttachmentRefs): MessageQueue {
  const message = { id: queue.nextId, text, ...(attachments?.length ? { attachments } : {}) };
  return { ...queue, waiting: [...queue.waiting, message], nextId: queue.nextId + 1 };
}

/** Takes a waiting message back (the person cancelled it). */
export function cancel(queue: MessageQueue, id: number): MessageQueue {
  return { ...queue, waiting: queue.waiting.filter((m) => m.id !== id) };
}

/** True while the last message sent has not started a turn yet (for at most SETTLE_MS). */
export function settling(queue: MessageQueue, agent: AgentState): boolean {
  return queue.sentAt !== undefined && agent.lastTurnStartN <= queue.sentAfterN && agent.now - queue.sentAt < SETTLE_MS;
}

/** The message to send now, if any: the oldest, once the agent is free and the last one has started its turn. */
export function nextToSend(queue: MessageQueue, agent: AgentState): QueuedMessage | undefined {
  if (agent.busy || settling(queue, agent)) return undefined;
  return queue.waiting[0];
}

/** The message went out (`lastN`: the latest chat event's `n` then): it leaves the queue. */
export function markSent(queue: MessageQueue, id: number, now: number, lastN: number): MessageQueue {
  return { ...queue, waiting: queue.waiting.filter((m) => m.id !== id), sentAt: now, sentAfterN: lastN };
}
