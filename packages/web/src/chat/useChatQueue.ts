// Runs the chat's message queue (messageQueue.ts) against the live session: a message goes out
// when the agent is free and connected, the next once the agent has started on it.
import type { ChatCommand } from "@porthole/protocol";
import { useCallback, useEffect, useRef, useState } from "react";
import type { Activity } from "./chatItems.js";
import { SETTLE_MS, cancel, emptyQueue, enqueue, markSent, nextToSend, settling, type AttachmentRefs } from "./messageQueue.js";

export function useChatQueue(activity: Activity, live: boolean, sendCommand: (command: ChatCommand) => boolean) {
  const [queue, setQueue] = useState(emptyQueue);
  const sentIds = useRef(new Set<number>());
  const busy = !live || activity.working || activity.waitingApprovals.length > 0;

  useEffect(() => {
    const agent = { busy, lastTurnStartN: activity.lastTurnStartN, now: Date.now() };
    const next = nextToSend(queue, agent);
    if (next !== undefined) {
      // Effects may run twice (React's StrictMode): never send one message twice.
      if (!sentIds.current.has(next.id) && sendCommand({ type: "send_message", text: next.text, ...(next.attachments ? { attachments: next.attachments } : {}) })) sentIds.current.add(next.id);
      if (sentIds.current.has(next.id)) setQueue((q) => markSent(q, next.id, agent.now, activity.lastN));
      return;
    }
    if (!busy && queue.waiting.length > 0 && settling(queue, agent)) {
      const timer = setTimeout(() => setQueue((q) => ({ ...q })), SETTLE_MS - (agent.now - (queue.sentAt ?? agent.now)) + 50);
      return () => clearTimeout(timer);
    }
    return undefined;
  }, [queue, busy, activity.lastTurnStartN, activity.lastN, sendCommand]);

  const send = useCallback((text: string, attachments?: AttachmentRefs) => setQueue((q) => enqueue(q, text, attachments)), []);
  const drop = useCallback((id: number) => setQueue((q) => cancel(q, id)), []);
  return { queued: queue.waiting, send, cancel: drop };
}
