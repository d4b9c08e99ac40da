// Per-account lockout after repeated failed logins: the lock grows with each further failure in the
// window and always expires, so nobody can lock another person out for good.
import type { AuthConfig } from "./authConfig.js";

/** Until when (ms since epoch) logins for the account are refused, or null when they are not. */
export function lockedUntil(failures: { count: number; lastAt: number | null }, policy: AuthConfig["lockout"]): number | null {
  if (failures.lastAt === null || failures.count < policy.maxFailures) return null;
  const doublings = Math.min(failures.count - policy.maxFailures, 30);
  const lockMs = Math.min(policy.firstLockSeconds * 2 ** doublings, policy.maxLockSeconds) * 1000;
  return failures.lastAt + lockMs;
}
