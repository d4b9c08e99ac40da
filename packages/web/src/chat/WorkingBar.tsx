// Whether the agent is working and for how long (ticking each second), or waiting for an approval
// or for the person; with Interrupt while it works. Test selectors: chat-activity (data-state
// working / approval / idle), chat-interrupt; and the permission mode to switch to (chat-mode).
import type { PermissionMode } from "@porthole/protocol";
import { useEffect, useState } from "react";
import { formatDuration } from "./chatFormat.js";
import type { Activity } from "./chatItems.js";

/** The modes a viewer may choose, in Claude Code's Shift+Tab order. */
const MODES: ReadonlyArray<{ mode: PermissionMode; label: string }> = [
  { mode: "default", label: "Ask before edits" },
  { mode: "acceptEdits", label: "Accept edits" },
  { mode: "plan", label: "Plan" },
];

export function WorkingBar(props: { activity: Activity; canInterrupt: boolean; onInterrupt: () => void; onMode: (mode: PermissionMode) => void }) {
  const { working, since, waitingApprovals } = props.activity;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!working) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [working]);
  const state = waitingApprovals.length > 0 ? "approval" : working ? "working" : "idle";
  const elapsed = since === undefined ? undefined : formatDuration(Math.max(0, Math.floor((now - since) / 1000) * 1000));
  const text =
    state === "approval"
      ? `Waiting for your approval${waitingApprovals.length > 1 ? ` (${waitingApprovals.length})` : ""}`
      : state === "working"
        ? `Working${elapsed !== undefined ? ` · ${elapsed}` : ""}`
        : "Waiting for you";
  return (
    <div className={`chat-activity chat-activity-${state}`} data-testid="chat-activity" data-state={state} role="status" aria-live="polite">
      <span className="chat-activity-dot" aria-hidden="true" />
      <span className="chat-activity-text">{text}</span>
      <select
        className="chat-mode"
        data-testid="chat-mode"
        aria-label="Permission mode"
        value={MODES.some((m) => m.mode === props.activity.mode) ? props.activity.mode : ""}
        disabled={!props.canInterrupt}
        onChange={(event) => props.onMode(event.target.value as PermissionMode)}
      >
        {!MODES.some((m) => m.mode === props.activity.mode) && <option value="">{props.activity.mode ? `Mode: ${props.activity.mode}` : "Mode…"}</option>}
        {MODES.map((m) => (
          <option key={m.mode} value={m.mode}>
            {m.label}
          </option>
        ))}
      </select>
      {working && (
        <button type="button" className="button button-small button-secondary" data-testid="chat-interrupt" disabled={!props.canInterrupt} onClick={props.onInterrupt}>
          Interrupt
        </button>
      )}
    </div>
  );
}
