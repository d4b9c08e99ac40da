// One of the user's sessions: name, command, start, state; open it when this browser paired with it
// before (E2E encryption: only a pairing link opens a session, the hub cannot); rename, archive, delete.
import type { HubSession } from "../api/hubTypes.js";
import { ConfirmButton } from "../ui/ConfirmButton.js";
import { formatWhen, sessionState } from "../ui/format.js";
import { RenameButton } from "./RenameButton.js";

const stateLabels = { online: "online", offline: "desk offline", ended: "ended" } as const;

export interface SessionActions {
  busy: boolean;
  rename(id: string, name: string): Promise<boolean>;
  archive(id: string, archived: boolean): void;
  remove(id: string): void;
}

export function SessionRow(props: { session: HubSession; reopenUrl: string | undefined; now: number; actions: SessionActions }) {
  const { session, reopenUrl, actions } = props;
  const state = sessionState(session);
  const archived = session.archivedAt !== null;
  return (
    <li data-testid="session-row" data-session-id={session.id} data-archived={archived}>
      <div className="item-main">
        <span className="item-title" data-testid="session-name">{session.name}</span>
        {session.command !== session.name && <code className="muted item-command">{session.command}</code>}
        <span className="muted">
          <span className={`badge badge-${state}`} data-testid="session-state">
            {stateLabels[state]}
          </span>{" "}
          {archived && <span className="badge" data-testid="session-archived">archived</span>} started {formatWhen(session.createdAt, props.now)}
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
        <a className="button button-small button-secondary" href={`/files?session=${encodeURIComponent(session.id)}`} data-testid="session-files">
          Files
        </a>
        <RenameButton current={session.name} testId="session-rename" disabled={actions.busy} onSave={(name) => actions.rename(session.id, name)} />
        <button type="button" className="button button-small button-secondary" data-testid="session-archive" disabled={actions.busy} onClick={() => actions.archive(session.id, !archived)}>
          {archived ? "Unarchive" : "Archive"}
        </button>
        <ConfirmButton label="Delete" confirmLabel="Delete now" testId="session-delete" disabled={actions.busy} onConfirm={() => actions.remove(session.id)} />
      </div>
    </li>
  );
}
