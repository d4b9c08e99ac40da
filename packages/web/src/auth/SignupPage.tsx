// /signup: e-mail, optional display name, password; a closed hub (403) says to ask an admin.
import { useState, type FormEvent } from "react";
import { api } from "../api/browserApi.js";
import type { CookieSession } from "../api/hubTypes.js";
import { nextPath } from "../appRoute.js";
import { Field } from "../ui/Field.js";
import { FailureNote } from "../ui/FailureNote.js";
import { signupFailureText } from "../ui/failureText.js";
import { useAction } from "../ui/useAction.js";

export function SignupPage() {
  const [email, setEmail] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [password, setPassword] = useState("");
  const action = useAction();
  const next = nextPath(window.location.search);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = { email, password, cookie: true, ...(displayName.trim() ? { displayName: displayName.trim() } : {}) };
    const session = await action.run(() => api.request<CookieSession>("POST", "/v1/auth/register", body));
    if (session.ok) window.location.assign(next);
  };

  return (
    <main className="page page-narrow">
      <h1>Sign up</h1>
      <form className="card form" onSubmit={(e) => void submit(e)}>
        <Field label="E-mail" testId="signup-email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <Field label="Display name (optional)" testId="signup-name" autoComplete="name" maxLength={100} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        <Field
          label="Password"
          testId="signup-password"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          hint="At least 8 characters; a long phrase is best. Common passwords are refused."
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <FailureNote failure={action.failure} waitSeconds={action.waitSeconds} text={action.failure && signupFailureText(action.failure, action.waitSeconds)} testId="signup-error" />
        <button type="submit" className="button button-wide" data-testid="signup-submit" disabled={action.busy}>
          {action.pending ? "Creating your account…" : "Create account"}
        </button>
      </form>
      <p className="muted">
        Already have an account? <a href="/login">Log in</a>
      </p>
    </main>
  );
}
