// Shows its page to a logged-in user (an admin, when asked), sends anyone else to the login page and
// back here afterwards, and explains a hub without accounts.
import { useEffect, type ReactNode } from "react";
import type { User } from "../api/hubTypes.js";
import { loginPathFor } from "../appRoute.js";
import { useAuth } from "./authContext.js";

export function RequireLogin({ admin = false, children }: { admin?: boolean; children: (user: User) => ReactNode }) {
  const { state } = useAuth();
  const signedOut = state.status === "signed-out";
  useEffect(() => {
    if (signedOut) window.location.replace(loginPathFor(window.location.pathname + window.location.search));
  }, [signedOut]);

  switch (state.status) {
    case "loading":
    case "signed-out":
      return <p className="muted">Loading…</p>;
    case "no-accounts":
      return <p data-testid="no-accounts">This hub has no accounts: it is the local hub of <code>porthole run</code>, which belongs to one person.</p>;
    case "error":
      return (
        <p role="alert" className="alert alert-error">
          {state.message}
        </p>
      );
    case "signed-in":
      if (admin && state.user.role !== "admin") return <p data-testid="admins-only">This page is for admins only.</p>;
      return children(state.user);
  }
}
