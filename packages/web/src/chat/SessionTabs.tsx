// Terminal | Chat: two views of one session, shown when the session has a chat. The choice is
// kept per session for this tab (sessionStorage). Test selectors: tab-terminal, tab-chat.
import { useCallback, useState } from "react";

export type SessionTab = "terminal" | "chat";

const storageKey = (sessionId: string) => `porthole.tab.${sessionId}`;

/** The tab shown: the person's last choice here, else Chat for a headless session, else Terminal. */
export function useSessionTab(sessionId: string, headless: boolean): [SessionTab, (tab: SessionTab) => void] {
  const [chosen, setChosen] = useState<SessionTab | undefined>(() => {
    try {
      const saved = window.sessionStorage.getItem(storageKey(sessionId));
      return saved === "chat" || saved === "terminal" ? saved : undefined;
    } catch {
      return undefined;
    }
  });
  const choose = useCallback(
    (tab: SessionTab) => {
      setChosen(tab);
      try {
        window.sessionStorage.setItem(storageKey(sessionId), tab);
      } catch {
        // Private mode without storage: the choice lasts until the page is left.
      }
    },
    [sessionId],
  );
  return [chosen ?? (headless ? "chat" : "terminal"), choose];
}

export function SessionTabs(props: { tab: SessionTab; onTab: (tab: SessionTab) => void; waiting: number }) {
  const tab = (id: SessionTab, label: string) => (
    <button type="button" role="tab" className="tab" data-testid={`tab-${id}`} aria-selected={props.tab === id} onClick={() => props.onTab(id)}>
      {label}
      {id === "chat" && props.waiting > 0 && props.tab !== "chat" && (
        <span className="tab-badge" aria-label={`${props.waiting} waiting for approval`}>
          {props.waiting}
        </span>
      )}
    </button>
  );
  return (
    <nav className="tabs" role="tablist" aria-label="Views of this session">
      {tab("terminal", "Terminal")}
      {tab("chat", "Chat")}
    </nav>
  );
}
