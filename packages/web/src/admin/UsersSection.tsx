// Admin → users: the hub's users, oldest first, a page at a time; changes apply at once.
import { useEffect, useState } from "react";
import { api } from "../api/browserApi.js";
import type { User } from "../api/hubTypes.js";
import { FailureNote } from "../ui/FailureNote.js";
import { useAction } from "../ui/useAction.js";
import { UserRow } from "./UserRow.js";

const pageSize = 50;

export function UsersSection({ me, onUsers }: { me: User; onUsers: (users: User[]) => void }) {
  const [users, setUsers] = useState<User[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const load = useAction();
  const patch = useAction();

  const loadPage = async (after: string | null) => {
    const query = `?limit=${pageSize}${after ? `&cursor=${encodeURIComponent(after)}` : ""}`;
    const result = await load.run(() => api.get<{ users: User[]; nextCursor: string | null }>(`/v1/admin/users${query}`));
    if (!result.ok) return;
    setUsers((before) => (after ? [...before, ...result.data.users] : result.data.users));
    setCursor(result.data.nextCursor);
  };
  // The first page, once.
  useEffect(() => {
    void loadPage(null);
  }, []);
  useEffect(() => onUsers(users), [users, onUsers]);

  const change = async (id: string, body: { disabled?: boolean; role?: User["role"] }) => {
    const result = await patch.run(() => api.request<{ user: User }>("PATCH", `/v1/admin/users/${encodeURIComponent(id)}`, body));
    if (result.ok) setUsers((before) => before.map((u) => (u.id === id ? result.data.user : u)));
  };

  const now = Date.now();
  return (
    <section className="card">
      <h2>Users</h2>
      <FailureNote failure={load.failure} testId="admin-users-error" />
      <FailureNote failure={patch.failure} testId="admin-user-error" />
      <ul className="item-list" data-testid="admin-users">
        {users.map((u) => (
          <UserRow key={u.id} user={u} isMe={u.id === me.id} busy={patch.pending} now={now} onPatch={(body) => void change(u.id, body)} />
        ))}
      </ul>
      {cursor && (
        <button type="button" className="button button-secondary button-small" data-testid="admin-users-more" disabled={load.pending} onClick={() => void loadPage(cursor)}>
          More users
        </button>
      )}
    </section>
  );
}
