// Admin → audit log: security events newest first, a page at a time (older / newer), with the
// user's e-mail where the users list knows it.
import { useState } from "react";
import type { AuditEvent, User } from "../api/hubTypes.js";
import { FailureNote } from "../ui/FailureNote.js";
import { formatDetail } from "../ui/format.js";
import { useApiGet } from "../ui/useApiGet.js";

const pageSize = 25;
const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "short", timeStyle: "medium" });

export function AuditSection({ users }: { users: User[] }) {
  /** The `before` cursor of each page shown so far; the last one is on screen (null: newest). */
  const [pages, setPages] = useState<Array<number | null>>([null]);
  const before = pages.at(-1) ?? null;
  const { result, reload } = useApiGet<{ events: AuditEvent[]; nextBefore: number | null }>(`/v1/admin/audit?limit=${pageSize}${before ? `&before=${before}` : ""}`);
  const emails = new Map(users.map((u) => [u.id, u.email ?? u.id]));

  return (
    <section className="card">
      <h2>Audit log</h2>
      {result && !result.ok && <FailureNote failure={result} testId="audit-error" />}
      <div className="table-wrap">
        <table className="audit-table" data-testid="audit-table">
          <thead>
            <tr>
              <th>Time</th>
              <th>Event</th>
              <th>User</th>
              <th>IP</th>
              <th>Detail</th>
            </tr>
          </thead>
          <tbody>
            {result?.ok &&
              result.data.events.map((e) => (
                <tr key={e.id} data-testid="audit-row" data-type={e.type}>
                  <td data-label="Time">{timeFormat.format(Date.parse(e.at))}</td>
                  <td data-label="Event">
                    <code>{e.type}</code>
                  </td>
                  <td data-label="User">{e.userId ? (emails.get(e.userId) ?? e.userId.slice(0, 8)) : "—"}</td>
                  <td data-label="IP">{e.ip ?? "—"}</td>
                  <td data-label="Detail" className="detail">
                    {formatDetail(e.detail) || "—"}
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
      <div className="row">
        <button type="button" className="button button-small button-secondary" data-testid="audit-newer" disabled={pages.length === 1} onClick={() => setPages((p) => p.slice(0, -1))}>
          Newer
        </button>
        <button type="button" className="button button-small button-secondary" data-testid="audit-older" disabled={!result?.ok || result.data.nextBefore === null} onClick={() => result?.ok && setPages((p) => [...p, result.data.nextBefore])}>
          Older
        </button>
        <button type="button" className="link-button" data-testid="audit-reload" onClick={reload}>
          Reload
        </button>
      </div>
    </section>
  );
}
