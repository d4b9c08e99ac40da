// Who is logged in, as every page reads it: the state loaded by AuthProvider and its actions.
import { createContext, useContext } from "react";
import type { User } from "../api/hubTypes.js";

export type AuthState =
  | { status: "loading" }
  | { status: "signed-out" }
  | { status: "signed-in"; user: User }
  /** The hub has no accounts (the embedded hub of `porthole run`): GET /v1/auth/profile is a 404. */
  | { status: "no-accounts" }
  | { status: "error"; message: string };

export interface Auth {
  state: AuthState;
  /** After a login, a sign-up or a profile change. */
  setUser(user: User): void;
  /** Ends this browser's login ("session"), or every login of the account ("all"), then shows the login page. */
  logOut(scope: "session" | "all"): Promise<void>;
}

export const AuthContext = createContext<Auth | undefined>(undefined);

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error("invariant violation: useAuth outside AuthProvider");
  return auth;
}
