// Who a request acts as once authenticated, and the checks routes make on it (scope, admin,
// interactive login). Scopes of API keys: "full" covers all; "sessions" covers "read" too.
import { PortholeError } from "@porthole/protocol";
import type { ApiKeyScope, Role } from "../store/index.js";

export type Scope = ApiKeyScope;
/** Every scope an API key may have. */
export const scopes: readonly Scope[] = ["full", "sessions", "chat", "read"];

export interface Principal {
  userId: string;
  /** Read from the store on every request, so a role change applies at once. */
  role: Role;
  via: "access-token" | "api-key" | "owner-token";
  scope: Scope;
  /** The login family of an access token (cookie or Bearer). */
  familyId?: string;
  /** The API key used. */
  apiKeyId?: string;
}

/** Whether the principal may do what `need` names. */
export function hasScope(p: Principal, need: Exclude<Scope, "full">): boolean {
  return p.scope === "full" || p.scope === need || (need === "read" && p.scope === "sessions");
}

export function requireScope(p: Principal, need: Exclude<Scope, "full">): void {
  if (!hasScope(p, need)) throw new PortholeError("forbidden", `this API key's scope does not allow ${need}`);
}

/** Managing credentials needs a login: an API key may not mint keys or change passwords. */
export function requireLogin(p: Principal): void {
  if (p.via === "api-key") throw new PortholeError("forbidden", "sign in to manage your account; API keys cannot");
}
