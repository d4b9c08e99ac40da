// One user in the admin list: e-mail, name, role and state, and buttons to disable / enable and to
// change the role (the hub refuses to let an admin demote or disable themselves).
import type { User } from "../api/hubTypes.js";
import { formatWhen } from "../ui/format.js";

export function UserRow(props: { user: User; isMe: boolean; busy: boolean; now: number; onPatch: (patch: { disabled?: boolean; role?: User["role"] }) => void }) {
  const { user } = props;
  return (
    <li data-testid="user-row" data-email={user.email ?? ""}>
      <div className="item-main">
        <span className="item-title">
          {user.email ?? "(no e-mail)"} {props.isMe && <span className="muted">(you)</span>}
        </span>
        <span className="muted">
          {user.displayName && `${user.displayName} · `}
          <span className={`badge ${user.role === "admin" ? "badge-admin" : ""}`} data-testid="user-role">
            {user.role}
          </span>
          {user.disabled && (
            <span className="badge badge-ended" data-testid="user-disabled">
              disabled
            </span>
          )}
          {" "}joined {formatWhen(user.createdAt, props.now)}
          {user.githubLinked && " · GitHub"}
        </span>
      </div>
      <div className="item-actions">
        <button type="button" className="button button-small button-secondary" data-testid="user-toggle-disabled" disabled={props.busy} onClick={() => props.onPatch({ disabled: !user.disabled })}>
          {user.disabled ? "Enable" : "Disable"}
        </button>
        <button type="button" className="button button-small button-secondary" data-testid="user-toggle-role" disabled={props.busy} onClick={() => props.onPatch({ role: user.role === "admin" ? "user" : "admin" })}>
          {user.role === "admin" ? "Make user" : "Make admin"}
        </button>
      </div>
    </li>
  );
}
