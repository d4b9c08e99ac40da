// Account → change password: the hub ends every other login of the account and keeps this one.
import { useState, type FormEvent } from "react";
import { api } from "../api/browserApi.js";
import type { User } from "../api/hubTypes.js";
import { Field } from "../ui/Field.js";
import { FailureNote } from "../ui/FailureNote.js";
import { useAction } from "../ui/useAction.js";

export function PasswordSection({ user }: { user: User }) {
  const [currentPassword, setCurrentPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [done, setDone] = useState(false);
  const action = useAction();
  const mismatch = repeat !== "" && repeat !== newPassword;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (mismatch) return;
    setDone(false);
    const body = { newPassword, ...(user.hasPassword ? { currentPassword } : {}) };
    const result = await action.run(() => api.request("POST", "/v1/auth/password", body));
    if (!result.ok) return;
    setCurrentPassword("");
    setNewPassword("");
    setRepeat("");
    setDone(true);
  };

  return (
    <section className="card">
      <h2>{user.hasPassword ? "Change password" : "Set a password"}</h2>
      <form className="form" onSubmit={(e) => void submit(e)}>
        {user.hasPassword && (
          <Field label="Current password" testId="password-current" type="password" autoComplete="current-password" required value={currentPassword} onChange={(e) => setCurrentPassword(e.target.value)} />
        )}
        <Field label="New password" testId="password-new" type="password" autoComplete="new-password" required minLength={8} hint="At least 8 characters. Other devices will be logged out." value={newPassword} onChange={(e) => setNewPassword(e.target.value)} />
        <Field label="New password again" testId="password-repeat" type="password" autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.target.value)} />
        {mismatch && <p className="alert alert-error">The two new passwords differ.</p>}
        <FailureNote failure={action.failure} waitSeconds={action.waitSeconds} testId="password-error" />
        {done && <p className="alert alert-ok" data-testid="password-changed">Password changed. Your other devices are logged out.</p>}
        <button type="submit" className="button" data-testid="password-save" disabled={action.busy || mismatch}>
          Change password
        </button>
      </form>
    </section>
  );
}
