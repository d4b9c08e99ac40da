// /sessions: the logged-in user's sessions on every machine (GET /v1/sessions), newest first, read
// again every 10 s while the page is in view so online / ended stay current.
import { useEffect } from "react";
import { api } from "../api/browserApi.js";
import type { HubSession } from "../api/hubTypes.js";
import { RequireLogin } from "../auth/RequireLogin.js";
import { NewHostedSession } from "../hosted/NewHostedSession.js";
import { listPairedSessions, reopenUrl } from "../pairedSessions.js";
import { FailureNote } from "../ui/FailureNote.js";
import { useAction } from "../ui/useAction.js";
import { useApiGet } from "../ui/useApiGet.js";
import { SessionRow } from "./SessionRow.js";

/** How often the list is read again, in ms. */
const refreshMs = 10_000;

function SessionList() {
  const { result, reload } = useApiGet<{ sessions: HubSession[] }>("/v1/sessions");
  const remove = useAction();
  const paired = new Map(listPairedSessions(window.localStorage).map((p) => [p.sessionId, p]));
  const now = Date.now();
  useEffect(() => {
    const timer = setInterval(() => document.visibilityState === "visible" && reload(), refreshMs);
    return () => clearInterval(timer);
  }, [reload]);
  if (!result) return <p className="muted">Loading…</p>;
  if (!result.ok) return <FailureNote failure={result} testId="sessions-error" />;
  const sessions = [...result.data.sessions].sort((a, b) => b.createdAt.localeCompare(a.createdAt));

  const deleteSession = async (id: string) => {
    if ((await remove.run(() => api.request("DELETE", `/v1/sessions/${encodeURIComponent(id)}`))).ok) reload();
  };

  return (
    <>
      <FailureNote failure={remove.failure} testId="session-delete-error" />
      {sessions.length === 0 ? (
        <div className="card" data-testid="sessions-empty">
          <p>No sessions yet. Create an API key on your <a href="/account">Account</a> page, then on your computer run:</p>
          <pre className="command">porthole run --hub {window.location.origin} --token KEY -- claude</pre>
        </div>
      ) : (
        <ul className="item-list card" data-testid="sessions-list">
          {sessions.map((s) => {
            const mine = paired.get(s.id);
            return <SessionRow key={s.id} session={s} reopenUrl={mine && reopenUrl(mine)} now={now} deleting={remove.pending} onDelete={() => void deleteSession(s.id)} />;
          })}
        </ul>
      )}
    </>
  );
}

export function SessionsPage() {
  return (
    <main className="page">
      <h1>Sessions</h1>
      <p className="muted">
        Your sessions on every machine. Sessions are end-to-end encrypted: the hub cannot open one for you. Open a session from its pairing link once; after
        that, this browser can reopen it from here.
      </p>
      <RequireLogin>
        {() => (
          <>
            <NewHostedSession />
            <SessionList />
          </>
        )}
      </RequireLogin>
    </main>
  );
}
