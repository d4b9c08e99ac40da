// Account → log out everywhere: ends every login of the account (browsers and `porthole login`);
// API keys stay valid until revoked.
import { useState } from "react";
import { useAuth } from "../auth/authContext.js";
import { ConfirmButton } from "../ui/ConfirmButton.js";

export function LogoutEverywhereSection() {
  const auth = useAuth();
  const [problem, setProblem] = useState<string>();
  const logOutAll = () => void auth.logOut("all").catch((error: unknown) => setProblem(error instanceof Error ? error.message : String(error)));
  return (
    <section className="card">
      <h2>Logins</h2>
      <p className="muted">Lost a phone, or logged in on a shared computer? End every login of this account, here and on every other device and terminal. API keys keep working until you revoke them.</p>
      {problem && <p role="alert" className="alert alert-error">{problem}</p>}
      <ConfirmButton label="Log out everywhere" confirmLabel="Log out on every device" testId="logout-everywhere" onConfirm={logOutAll} />
    </section>
  );
}
