// The audit log of security events: a row in store.accounts and a log line. Detail fields that could
// hold a secret (password, token, secret, cookie, authorization) are dropped before either.
import type { Logger } from "pino";
import type { AccountStore } from "../store/index.js";

export type AuditType =
  | "register" | "login.succeeded" | "login.failed" | "login.locked" | "login.disabled"
  | "refresh.succeeded" | "refresh.failed" | "refresh.reused" | "logout" | "password.changed" | "profile.updated"
  | "apikey.created" | "apikey.revoked" | "auth.rejected" | "authz.denied"
  | "admin.user_created" | "admin.user_disabled" | "admin.user_enabled" | "admin.role_changed" | "admin.initialized"
  | "oauth.failed" | "device.requested" | "device.approved" | "device.denied" | "device.failed";

const secretish = /pass|token|secret|cookie|authorization|^key$/i;

export interface AuditLog {
  record(type: AuditType, e: { userId?: string | null; ip?: string | null; detail?: Record<string, unknown> }): Promise<void>;
}

export function createAuditLog(deps: { accounts: AccountStore; log: Logger; clock: () => number }): AuditLog {
  return {
    async record(type, { userId = null, ip = null, detail = {} }) {
      const safe = Object.fromEntries(Object.entries(detail).filter(([k, v]) => !secretish.test(k) && v !== undefined));
      deps.log.info({ audit: type, userId, ip, ...safe }, "audit");
      await deps.accounts.appendAudit({ at: deps.clock(), type, userId, ip, detail: safe });
    },
  };
}
