// One of the user's sessions: name, command, start, state; open it when this browser paired with it
// before (E2E encryption: only a pairing link opens a session, the hub cannot), delete.
import type { HubSession } from "../api/hubTypes.js";
import { ConfirmButton } from "../ui/ConfirmButton.js";
import { formatWhen, sessionState } from "../ui/format.js";

const stateLabels = { online: "online", offline: "desk offline", ended: "ended" } as const;

export function SessionRow(props: { session: HubSession; reopenUrl: string | undefined; now: number; deleting: boolean; onDelete: () => void }) {
  const { session, reopenUrl } = props;
  const state = sessionState(session);
  return (
    <li data-testid="session-row" data-session-id={session.id}>
      <div className="item-main">
        <span className="item-title">{session.name}</span>
        {session.command !== session.name && <code className="muted item-command">{session.command}</code>}
        <span className="muted">
          <span className={`badge badge-${state}`} data-testid="session-state">
            {stateLabels[state]}
          </span>{" "}
          started {formatWhen(session.createdAt, props.now)}
          {session.endedAt && ` · ended ${formatWhen(session.endedAt, props.now)}`}
        </span>
        {!reopenUrl && state !== "ended" && <span className="muted small">Open it from its pairing link (QR code or URL at the desk).</span>}
      </div>
      <div className="item-actions">
        {reopenUrl && (
          <a className="button button-small" href={reopenUrl} data-testid="session-open">
            Open
          </a>
        )}
        <ConfirmButton label="Delete" confirmLabel="Delete now" testId="session-delete" disabled={props.deleting} onConfirm={props.onDelete} />
      </div>
    </li>
  );
}
