// Account → profile: display name and e-mail; a new e-mail needs the current password.
import { useState, type FormEvent } from "react";
import { api } from "../api/browserApi.js";
import type { User } from "../api/hubTypes.js";
import { Field } from "../ui/Field.js";
import { FailureNote } from "../ui/FailureNote.js";
import { useAction } from "../ui/useAction.js";

export function ProfileSection({ user, onSaved }: { user: User; onSaved: (user: User) => void }) {
  const [displayName, setDisplayName] = useState(user.displayName);
  const [email, setEmail] = useState(user.email ?? "");
  const [currentPassword, setCurrentPassword] = useState("");
  const [saved, setSaved] = useState(false);
  const action = useAction();
  const emailChanged = email.trim().toLowerCase() !== (user.email ?? "").toLowerCase();
  const needsPassword = emailChanged && user.hasPassword;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const body = { displayName, ...(emailChanged ? { email: email.trim() } : {}), ...(needsPassword ? { currentPassword } : {}) };
    const result = await action.run(() => api.request<{ user: User }>("PATCH", "/v1/auth/profile", body));
    if (!result.ok) return;
    setCurrentPassword("");
    setSaved(true);
    onSaved(result.data.user);
  };

  return (
    <section className="card">
      <h2>Profile</h2>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <Field label="Display name" testId="profile-name" autoComplete="name" maxLength={100} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        <Field label="E-mail" testId="profile-email" type="email" autoComplete="email" required={user.email !== null} value={email} onChange={(e) => setEmail(e.target.value)} />
        {needsPassword && (
          <Field label="Current password (to change your e-mail)" testId="profile-current-password" type="password" autoComplete="current-password" required value={currentPassword} onChange={(e) => setCurrentPassword(e.target.value)} />
        )}
        <FailureNote failure={action.failure} waitSeconds={action.waitSeconds} testId="profile-error" />
        {saved && <p className="alert alert-ok" data-testid="profile-saved">Saved.</p>}
        <button type="submit" className="button" data-testid="profile-save" disabled={action.busy}>
          Save profile
        </button>
      </form>
    </section>
  );
}
