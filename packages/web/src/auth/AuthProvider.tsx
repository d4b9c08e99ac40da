// Loads who is logged in (GET /v1/auth/profile) once per page load, and notices a login that ends
// in the background (a refresh refused): the cookies are the only record, nothing in localStorage.
import { useEffect, useMemo, useState, type ReactNode } from "react";
import { api, onSignedOut } from "../api/browserApi.js";
import type { User } from "../api/hubTypes.js";
import { sentence } from "../ui/format.js";
import { AuthContext, type Auth, type AuthState } from "./authContext.js";

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: "loading" });

  useEffect(() => {
    let live = true;
    void api.get<{ user: User }>("/v1/auth/profile").then((result) => {
      if (!live) return;
      if (result.ok) setState({ status: "signed-in", user: result.data.user });
      else if (result.status === 401 || result.status === 403) setState({ status: "signed-out" });
      else if (result.status === 404) setState({ status: "no-accounts" });
      else setState({ status: "error", message: sentence(result.message) });
    });
    const stop = onSignedOut(() => setState({ status: "signed-out" }));
    return () => {
      live = false;
      stop();
    };
  }, []);

  const auth = useMemo<Auth>(
    () => ({
      state,
      setUser: (user) => setState({ status: "signed-in", user }),
      logOut: async (scope) => {
        const result = await api.request("POST", "/v1/auth/logout", { scope });
        if (!result.ok && result.status !== 401) throw new Error(sentence(result.message));
        // Straight to /login; marking the state signed out first would send pages to /login?next=.
        window.location.assign("/login");
      },
    }),
    [state],
  );
  return <AuthContext value={auth}>{children}</AuthContext>;
}
