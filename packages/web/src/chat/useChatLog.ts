// The session's chat as React state: events arrive one frame at a time, and are applied in batches
// (every ~50 ms) so a replay of thousands of events does not render thousands of times.
import type { ChatEvent } from "@porthole/protocol";
import { useCallback, useEffect, useRef, useState } from "react";
import { appendEvents, emptyChat, type ChatLog } from "./chatItems.js";

const BATCH_MS = 50;

export function useChatLog() {
  const [log, setLog] = useState<ChatLog>(emptyChat);
  const pending = useRef<ChatEvent[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const flush = useCallback(() => {
    timer.current = undefined;
    const events = pending.current;
    pending.current = [];
    if (events.length > 0) setLog((old) => appendEvents(old, events));
  }, []);

  const add = useCallback(
    (event: ChatEvent) => {
      pending.current.push(event);
      timer.current ??= setTimeout(flush, BATCH_MS);
    },
    [flush],
  );

  /** Replaces the whole chat (a snapshot's latest events). */
  const reset = useCallback((events: ChatEvent[]) => {
    pending.current = [];
    setLog(appendEvents(emptyChat, events));
  }, []);

  useEffect(() => () => clearTimeout(timer.current), []);
  return { log, add, reset };
}
