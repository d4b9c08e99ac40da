// /login: e-mail and password (lockouts and rate limits shown with a live wait), GitHub when the hub
// has it, GitHub failures from ?error=, then on to ?next= (or /sessions).
import { useState, type FormEvent } from "react";
import { api } from "../api/browserApi.js";
import type { CookieSession } from "../api/hubTypes.js";
import { nextPath } from "../appRoute.js";
import { Field } from "../ui/Field.js";
import { FailureNote } from "../ui/FailureNote.js";
import { loginErrorText } from "../ui/failureText.js";
import { useAction } from "../ui/useAction.js";
import { useAuth } from "./authContext.js";
import { GithubLogin } from "./GithubLogin.js";

export function LoginPage() {
  const { state } = useAuth();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const action = useAction();
  const search = window.location.search;
  const next = nextPath(search);
  const githubError = new URLSearchParams(search).get("error");

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const session = await action.run(() => api.request<CookieSession>("POST", "/v1/auth/login", { email, password, cookie: true }));
    if (session.ok) window.location.assign(next);
  };

  return (
    <main className="page page-narrow">
      <h1>Log in</h1>
      {state.status === "signed-in" && (
        <p className="alert alert-ok" data-testid="login-already">
          You are logged in as {state.user.email ?? state.user.displayName}. <a href={next}>Continue</a>
        </p>
      )}
      {githubError && !action.failure && (
        <p role="alert" className="alert alert-error" data-testid="login-github-error">
          {loginErrorText(githubError)}
        </p>
      )}
      <form className="card form" onSubmit={(e) => void submit(e)}>
        <Field label="E-mail" testId="login-email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <Field label="Password" testId="login-password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        <FailureNote failure={action.failure} waitSeconds={action.waitSeconds} testId="login-error" />
        <button type="submit" className="button button-wide" data-testid="login-submit" disabled={action.busy}>
          {action.pending ? "Logging in…" : "Log in"}
        </button>
        <GithubLogin />
      </form>
      <p className="muted">
        No account? <a href={`/signup${search.includes("next=") ? `?next=${encodeURIComponent(next)}` : ""}`}>Sign up</a>
      </p>
    </main>
  );
}
