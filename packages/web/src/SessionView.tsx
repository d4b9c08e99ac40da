// A live session laid out for phones and computers: status bar, then (when the session has a chat)
// Terminal | Chat tabs over one session. The terminal view has, on touch or narrow screens, the key
// row and line box; everything is sized to the visible area above the phone keyboard.
import type { PairingLink } from "@porthole/protocol";
import type { Terminal } from "@xterm/xterm";
import { useEffect, useMemo, useState } from "react";
import { activity as activityOf } from "./chat/chatItems.js";
import { ChatView } from "./chat/ChatView.js";
import { SessionTabs, useSessionTab } from "./chat/SessionTabs.js";
import { KeyRow } from "./KeyRow.js";
import { LineBox } from "./LineBox.js";
import { SecurityWarning } from "./SecurityWarning.js";
import { StatusLine } from "./StatusLine.js";
import { TerminalView } from "./TerminalView.js";
import { keyBytes, withCtrl, type RowKey } from "./keyBytes.js";
import { useStickyCtrl } from "./useStickyCtrl.js";
import { useViewerSession } from "./useViewerSession.js";
import { useVisualViewport } from "./useVisualViewport.js";

export function SessionView({ link }: { link: PairingLink }) {
  const visible = useVisualViewport();
  const [term, setTerm] = useState<Terminal>();
  const session = useViewerSession(link, term);
  const ctrl = useStickyCtrl();
  const [controlsOpen, setControlsOpen] = useState(false);
  const { send, features } = session;
  const [chosenTab, setTab] = useSessionTab(link.sessionId, features.headless);
  const tab = features.chat ? chosenTab : "terminal";
  const activity = useMemo(() => activityOf(session.chat.events), [session.chat]);

  useEffect(() => {
    if (!term) return;
    const typed = term.onData((text) => send(ctrl.take() ? withCtrl(text) : text));
    // Mouse reports in the legacy encoding: one byte per character.
    const binary = term.onBinary((text) => send(Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff)));
    return () => {
      typed.dispose();
      binary.dispose();
    };
  }, [term, send, ctrl.take]);

  const pressKey = (key: RowKey) =>
    send(keyBytes(key, { ctrl: ctrl.take(), applicationCursor: term?.modes.applicationCursorKeysMode ?? false }));
  const sendLine = (text: string) => send(ctrl.take() && text.length === 1 ? withCtrl(text) : `${text}\r`);

  return (
    <div
      className={controlsOpen ? "session controls-open" : "session"}
      style={{ height: `${visible.height}px`, transform: `translateY(${visible.offsetTop}px)` }}
    >
      <header className="bar">
        <a className="brand" href="/" aria-label="Porthole: your sessions">
          Porthole
        </a>
        <StatusLine status={session.status} detail={session.detail} exit={session.exit} />
        {tab === "terminal" && !features.headless && (
          <button type="button" className="controls-toggle" aria-pressed={controlsOpen} onClick={() => setControlsOpen(!controlsOpen)}>
            Keys
          </button>
        )}
      </header>
      {features.chat && <SessionTabs tab={tab} onTab={setTab} waiting={activity.waitingApprovals.length} />}
      <SecurityWarning messages={session.warnings} onDismiss={session.dismissWarnings} />
      <div className={features.headless ? "pane pane-headless" : "pane"} hidden={tab !== "terminal"}>
        {features.headless && (
          <p className="headless-note" data-testid="terminal-headless">
            This session has no terminal: the agent runs headless, without a desk terminal. Follow and steer it in the Chat tab.
          </p>
        )}
        <TerminalView onReady={setTerm} />
        {!features.headless && (
          <div className="controls">
            <KeyRow ctrl={ctrl.armed} onToggleCtrl={ctrl.toggle} onKey={pressKey} />
            <LineBox onSend={sendLine} />
          </div>
        )}
      </div>
      {features.chat && (
        <div className="pane" hidden={tab !== "chat"}>
          <ChatView log={session.chat} older={session.olderChat} onLoadOlder={session.loadOlderChat} activity={activity} status={session.status} refusal={session.refusal} onDismissRefusal={session.dismissRefusal} sendCommand={session.sendChat} />
        </div>
      )}
    </div>
  );
}
