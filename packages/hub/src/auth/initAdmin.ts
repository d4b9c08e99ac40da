// The explicit first-admin step behind `porthole serve --init-admin`: a hub never has a default
// admin. Creates an admin account with a password that passes the policy.
import type { Store, UserRecord } from "../store/index.js";
import { z } from "zod";
import type { AuthConfig } from "./authConfig.js";
import { createPasswordHasher } from "./passwords.js";
import { passwordProblem } from "./passwordPolicy.js";
import { newId } from "./tokenFormats.js";

export type InitAdminResult =
  | { ok: true; user: UserRecord }
  /** `message` is for the person running the command. */
  | { ok: false; reason: "invalid_email" | "weak_password" | "email_taken"; message: string };

export async function initAdmin(
  store: Store,
  input: { email: string; password: string; displayName?: string },
  opts: { argon2?: AuthConfig["argon2"]; clock?: () => number } = {},
): Promise<InitAdminResult> {
  const clock = opts.clock ?? Date.now;
  const email = input.email.trim();
  if (!z.email().max(254).safeParse(email).success) {
    return { ok: false, reason: "invalid_email", message: "the admin's e-mail address is not valid" };
  }
  const problem = passwordProblem(input.password, { email });
  if (problem) return { ok: false, reason: "weak_password", message: problem };
  const hasher = createPasswordHasher(opts.argon2 ?? { memoryKiB: 19 * 1024, passes: 2, parallelism: 1 });
  const created = await store.accounts.createUser({
    id: newId(),
    email,
    displayName: input.displayName ?? "",
    passwordHash: await hasher.hash(input.password),
    role: "admin",
    githubId: null,
    createdAt: clock(),
  });
  if (!created.ok) return { ok: false, reason: "email_taken", message: `an account with the e-mail ${email} already exists` };
  await store.accounts.appendAudit({ at: clock(), type: "admin.initialized", userId: created.user.id, ip: null, detail: { via: "init-admin" } });
  return { ok: true, user: created.user };
}
