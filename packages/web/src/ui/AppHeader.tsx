// The header on every page but a live session: the brand, the account pages, and who is logged in.
import { useState } from "react";
import { useAuth } from "../auth/authContext.js";

export function AppHeader() {
  const auth = useAuth();
  const [problem, setProblem] = useState<string>();
  const { state } = auth;
  if (state.status === "loading" || state.status === "no-accounts") return null;
  const logOut = () => void auth.logOut("session").catch((error: unknown) => setProblem(error instanceof Error ? error.message : String(error)));
  return (
    <header className="app-header" data-testid="app-header">
      <a className="brand" href="/">
        Porthole
      </a>
      {state.status === "signed-in" ? (
        <>
          <nav className="app-nav" aria-label="Account pages">
            <a href="/sessions" data-testid="nav-sessions">Sessions</a>
            <a href="/account" data-testid="nav-account">Account</a>
            {state.user.role === "admin" && <a href="/admin" data-testid="nav-admin">Admin</a>}
          </nav>
          <div className="app-account">
            <span className="who" data-testid="header-user" title={state.user.email ?? undefined}>
              {state.user.displayName || state.user.email}
            </span>
            <button type="button" className="link-button" data-testid="logout" title="Ends the login of this browser" onClick={logOut}>
              Log out
            </button>
            {problem && <span role="alert" className="bad">{problem}</span>}
          </div>
        </>
      ) : (
        <nav className="app-nav app-nav-end" aria-label="Log in or sign up">
          <a href="/login" data-testid="nav-login">Log in</a>
          <a href="/signup" data-testid="nav-signup">Sign up</a>
        </nav>
      )}
    </header>
  );
}
