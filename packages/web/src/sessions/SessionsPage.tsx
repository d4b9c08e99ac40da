// /sessions: the logged-in user's sessions on every machine grouped by project (GET /v1/projects and
// /v1/sessions), archived ones on request; rename, archive and delete sessions and projects. Read
// again every 10 s while the page is in view so online / ended stay current.
import { useEffect, useState } from "react";
import { api } from "../api/browserApi.js";
import type { HubProject, HubSession } from "../api/hubTypes.js";
import { RequireLogin } from "../auth/RequireLogin.js";
import { NewHostedSession } from "../hosted/NewHostedSession.js";
import { listPairedSessions, reopenUrl } from "../pairedSessions.js";
import { FailureNote } from "../ui/FailureNote.js";
import { useAction } from "../ui/useAction.js";
import { useApiGet } from "../ui/useApiGet.js";
import { groupSessions } from "./groupSessions.js";
import { ProjectGroup, type ProjectActions } from "./ProjectGroup.js";
import type { SessionActions } from "./SessionRow.js";
import "./sessions.css";

/** How often the list is read again, in ms. */
const refreshMs = 10_000;

function SessionList() {
  const [showArchived, setShowArchived] = useState(false);
  const query = showArchived ? "?archived=true" : "";
  const projects = useApiGet<{ projects: HubProject[] }>(`/v1/projects${query}`);
  const sessions = useApiGet<{ sessions: HubSession[] }>(`/v1/sessions${query}`);
  const action = useAction();
  const [refusedDelete, setRefusedDelete] = useState<string>();
  const paired = new Map(listPairedSessions(window.localStorage).map((p) => [p.sessionId, p]));
  const now = Date.now();
  const reload = () => (projects.reload(), sessions.reload());
  useEffect(() => {
    const timer = setInterval(() => document.visibilityState === "visible" && (projects.reload(), sessions.reload()), refreshMs);
    return () => clearInterval(timer);
  }, [projects.reload, sessions.reload]);

  /** Runs one change; reloads the lists when the hub took it. */
  const change = async (method: "PATCH" | "DELETE", path: string, body?: unknown) => {
    const result = await action.run(() => api.request(method, path, body));
    if (result.ok) reload();
    return result;
  };
  const sessionPath = (id: string) => `/v1/sessions/${encodeURIComponent(id)}`;
  const projectPath = (id: string) => `/v1/projects/${encodeURIComponent(id)}`;
  const sessionActions: SessionActions = {
    busy: action.busy,
    rename: async (id, name) => (await change("PATCH", sessionPath(id), { name })).ok,
    archive: (id, archived) => void change("PATCH", sessionPath(id), { archived }),
    remove: (id) => void change("DELETE", sessionPath(id)),
  };
  const projectActions: ProjectActions = {
    busy: action.busy,
    refusedDelete,
    rename: async (id, name) => (await change("PATCH", projectPath(id), { name })).ok,
    archive: (id, archived) => void change("PATCH", projectPath(id), { archived }),
    remove: (id, force) =>
      void change("DELETE", `${projectPath(id)}${force ? "?force=true" : ""}`).then((r) => {
        // A connected desk is a question for the person, not an error to show twice.
        setRefusedDelete(!r.ok && r.code === "conflict" ? id : undefined);
        if (!r.ok && r.code === "conflict") action.clear();
      }),
  };

  const toolbar = (
    <div className="sessions-toolbar">
      <label className="small">
        <input type="checkbox" data-testid="sessions-show-archived" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} /> Show archived
      </label>
    </div>
  );
  if (!projects.result || !sessions.result) return <>{toolbar}<p className="muted">Loading…</p></>;
  if (!sessions.result.ok) return <FailureNote failure={sessions.result} testId="sessions-error" />;
  // A hub older than projects has no /v1/projects: its sessions are shown ungrouped.
  const projectList = projects.result.ok ? projects.result.data.projects : [];
  const groups = groupSessions(projectList, sessions.result.data.sessions);

  return (
    <>
      {toolbar}
      <FailureNote failure={action.failure} waitSeconds={action.waitSeconds} testId="session-action-error" />
      {groups.length === 0 ? (
        <div className="card" data-testid="sessions-empty">
          <p>{showArchived ? "Nothing here, archived or not." : "No sessions yet."} Create an API key on your <a href="/account">Account</a> page, then on your computer run:</p>
          <pre className="command">porthole run --hub {window.location.origin} --token KEY -- claude</pre>
        </div>
      ) : (
        groups.map((g) => (
          <ProjectGroup
            key={g.project?.id ?? "none"}
            group={g}
            now={now}
            reopenUrl={(id) => {
              const mine = paired.get(id);
              return mine && reopenUrl(mine);
            }}
            projectActions={projectActions}
            sessionActions={sessionActions}
          />
        ))
      )}
    </>
  );
}

export function SessionsPage() {
  return (
    <main className="page">
      <h1>Sessions</h1>
      <p className="muted">
        Your sessions on every machine, by project (a working directory on a machine). Sessions are end-to-end encrypted: the hub cannot open one for you. Open a
        session from its pairing link once; after that, this browser can reopen it from here.
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
