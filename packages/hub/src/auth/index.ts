// Accounts and access: what the rest of the hub uses (createAuth, the config schema, initAdmin, the
// principal checks). ownerAuth.ts stays the embedded hub's owner-token check.
export { createAuth, type Auth, type AuthDeps } from "./createAuth.js";
export { authConfigSchema, parseAuthConfig, type AuthConfig, type AuthConfigInput } from "./authConfig.js";
export type { AuthRequest } from "./authenticate.js";
export type { AuditLog, AuditType } from "./audit.js";
export { initAdmin, type InitAdminResult } from "./initAdmin.js";
export { hasScope, requireLogin, requireScope, scopes, type Principal, type Scope } from "./principal.js";
export { csrfHeader, cookieNames } from "./cookies.js";
export { createOwnerAuth, LOCAL_OWNER, type OwnerAuth } from "./ownerAuth.js";
