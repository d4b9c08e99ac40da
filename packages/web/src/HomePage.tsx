// The home page: how to start a session, and the sessions this browser paired with (reopening
// one needs no new scan: the link carries the desk's key, and this device is remembered).
import { useState } from "react";
import { forgetSession, listPairedSessions, reopenUrl } from "./pairedSessions.js";

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function HomePage() {
  const [sessions, setSessions] = useState(() => listPairedSessions(window.localStorage));
  const forget = (sessionId: string) => {
    forgetSession(window.localStorage, sessionId);
    setSessions(listPairedSessions(window.localStorage));
  };
  return (
    <main className="home">
      <h1>Porthole</h1>
      <p className="lead">Follow and steer a terminal agent running on your computer, end-to-end encrypted.</p>
      <section className="card">
        <h2>Start a session</h2>
        <p>On your computer, run:</p>
        <pre className="command">npx porthole run -- claude</pre>
        <p>Then scan the QR code it prints with your phone, or open the link it prints in a browser.</p>
      </section>
      <section className="card">
        <h2>Your sessions</h2>
        {sessions.length === 0 ? (
          <p className="muted">No sessions yet. Sessions you pair with appear here.</p>
        ) : (
          <ul className="session-list" data-testid="session-list">
            {sessions.map((session) => (
              <li key={session.sessionId}>
                <a href={reopenUrl(session)}>
                  <span className="session-name">{session.name}</span>
                  <span className="muted">last opened {dateFormat.format(session.lastOpenedAt)}</span>
                </a>
                <button type="button" className="link-button" onClick={() => forget(session.sessionId)}>
                  Forget
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
