// Creating an account with a password, as sign-up and an admin both do: the password policy, the
// argon2id hash, and a clear conflict when the e-mail is taken.
import { PortholeError } from "@porthole/protocol";
import type { Role, UserRecord } from "../store/index.js";
import type { AuthContext } from "./authContext.js";
import { passwordProblem } from "./passwordPolicy.js";
import { newId } from "./tokenFormats.js";

/** Creates the account or throws `bad_request` (weak password) / `conflict` (e-mail taken). */
export async function createPasswordAccount(
  ctx: Pick<AuthContext, "accounts" | "hasher" | "clock">,
  input: { email: string; displayName?: string | undefined; password: string; role: Role },
): Promise<UserRecord> {
  const problem = passwordProblem(input.password, { email: input.email });
  if (problem) throw new PortholeError("bad_request", `password: ${problem}`);
  const created = await ctx.accounts.createUser({
    id: newId(),
    email: input.email,
    displayName: input.displayName ?? "",
    passwordHash: await ctx.hasher.hash(input.password),
    role: input.role,
    githubId: null,
    createdAt: ctx.clock(),
  });
  if (!created.ok) throw new PortholeError("conflict", "an account with this e-mail already exists");
  return created.user;
}
