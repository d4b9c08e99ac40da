// /device?code=ABCD-EFGH: a terminal running `porthole login` waits for this person to approve (or
// deny) its code; the code can also be typed here. POST /v1/auth/device/approve|deny {userCode}.
import { useState, type FormEvent } from "react";
import { api } from "../api/browserApi.js";
import type { User } from "../api/hubTypes.js";
import { RequireLogin } from "../auth/RequireLogin.js";
import { Field } from "../ui/Field.js";
import { FailureNote } from "../ui/FailureNote.js";
import { useAction } from "../ui/useAction.js";
import { deviceFailureText, normalizeUserCode, userCodeFrom } from "./deviceCode.js";

function DeviceApproval({ user }: { user: User }) {
  const [code, setCode] = useState(() => userCodeFrom(window.location.search));
  const [typed, setTyped] = useState("");
  const [outcome, setOutcome] = useState<"approved" | "denied">();
  const action = useAction();

  const answer = async (verdict: "approve" | "deny") => {
    const result = await action.run(() => api.request("POST", `/v1/auth/device/${verdict}`, { userCode: code }));
    if (result.ok) setOutcome(verdict === "approve" ? "approved" : "denied");
  };
  const submitTyped = (event: FormEvent) => {
    event.preventDefault();
    const next = normalizeUserCode(typed);
    setCode(next);
    window.history.replaceState(null, "", `/device?code=${encodeURIComponent(next)}`);
  };

  if (outcome) {
    return (
      <p className={`alert ${outcome === "approved" ? "alert-ok" : "alert-error"}`} data-testid="device-result" data-outcome={outcome}>
        {outcome === "approved" ? `Approved. Go back to your terminal: it is now logged in as ${user.email ?? user.displayName}.` : "Denied. The terminal will not be logged in."}
      </p>
    );
  }
  if (!code) {
    return (
      <form className="card form" onSubmit={submitTyped}>
        <Field label="The code your terminal shows" testId="device-code-input" autoComplete="off" autoCapitalize="characters" placeholder="ABCD-EFGH" required value={typed} onChange={(e) => setTyped(e.target.value)} />
        <button type="submit" className="button" data-testid="device-code-submit">
          Continue
        </button>
      </form>
    );
  }
  return (
    <div className="card">
      <p>A terminal asks to log in to this hub as <strong>{user.email ?? user.displayName}</strong>. Approve only if your terminal shows this code:</p>
      <div className="device-code" data-testid="device-code">
        {code}
      </div>
      <FailureNote failure={action.failure} waitSeconds={action.waitSeconds} text={action.failure && deviceFailureText(action.failure, action.waitSeconds)} testId="device-error" />
      <div className="row">
        <button type="button" className="button" data-testid="device-approve" disabled={action.busy} onClick={() => void answer("approve")}>
          Approve
        </button>
        <button type="button" className="button button-danger" data-testid="device-deny" disabled={action.busy} onClick={() => void answer("deny")}>
          Deny
        </button>
      </div>
    </div>
  );
}

export function DevicePage() {
  return (
    <main className="page page-narrow">
      <h1>Log in a terminal</h1>
      <RequireLogin>{(user) => <DeviceApproval user={user} />}</RequireLogin>
    </main>
  );
}
