// The session's chat as React state: events arrive one frame at a time, and are applied in batches
// (every ~50 ms) so a replay of thousands of events does not render thousands of times. A snapshot
// brings the latest page; older pages are asked of the host as the person scrolls up.
import type { ChatEvent, ChatPage } from "@porthole/protocol";
import { useCallback, useEffect, useRef, useState } from "react";
import { appendEvents, emptyChat, prependEvents, type ChatLog } from "./chatItems.js";

const BATCH_MS = 50;

/** Whether older events can be fetched: some may exist, one page is on its way, or none are left. */
export type OlderState = "more" | "loading" | "none";

export function useChatLog() {
  const [log, setLog] = useState<ChatLog>(emptyChat);
  const [older, setOlder] = useState<OlderState>("more");
  const pending = useRef<ChatEvent[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const current = useRef({ log, older });
  current.current = { log, older };

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
    setOlder("more");
  }, []);

  /** An older page arrived from the host. */
  const prepend = useCallback((page: ChatPage) => {
    setLog((old) => (old.events[0]?.n === page.before ? prependEvents(old, page.events) : old));
    setOlder(page.more && page.events.length > 0 ? "more" : "none");
  }, []);

  /** Asks for the page before the oldest event shown, once at a time; `request` returns false when it could not go. */
  const loadOlder = useCallback((request: (before: number) => boolean) => {
    const { log: shown, older: state } = current.current;
    const first = shown.events[0]?.n ?? 1;
    if (state !== "more" || first <= 1) return;
    if (request(first)) setOlder("loading");
  }, []);

  useEffect(() => () => clearTimeout(timer.current), []);
  return { log, older, add, reset, prepend, loadOlder };
}
