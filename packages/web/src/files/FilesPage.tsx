// /files?session=ID: the workspace files of one of the user's hosted sessions.
import { RequireLogin } from "../auth/RequireLogin.js";
import { FilesPanel } from "./FilesPanel.js";

export function FilesPage() {
  const sessionId = new URLSearchParams(window.location.search).get("session") ?? "";
  const valid = /^[A-Za-z0-9_-]{16,64}$/.test(sessionId);
  return (
    <main className="page">
      <h1>Session files</h1>
      <RequireLogin>
        {() => (valid ? <FilesPanel sessionId={sessionId} /> : <p role="alert" className="alert alert-error">Open this page from a session in the list: the link has no session.</p>)}
      </RequireLogin>
    </main>
  );
}
