// Who may create and manage sessions on this hub: for now, the holder of the owner token (the
// embedded hub's own CLI, or the operator of `porthole serve`). Accounts come later.
import { createHash, timingSafeEqual } from "node:crypto";
import { PortholeError } from "@porthole/protocol";

/** The owner id sessions made with the owner token belong to. */
export const LOCAL_OWNER = "local";

export function createOwnerAuth(ownerToken: string) {
  const expected = createHash("sha256").update(ownerToken).digest();
  return {
    /** Returns the owner id for an Authorization header, or throws `unauthorized`. */
    authenticate(authorization: string | undefined): string {
      const match = /^Bearer ([\x21-\x7e]{1,512})$/.exec(authorization ?? "");
      if (!match) throw new PortholeError("unauthorized", "send Authorization: Bearer <token>");
      const given = createHash("sha256").update(match[1]!).digest();
      if (!timingSafeEqual(given, expected)) throw new PortholeError("unauthorized", "the token is not valid for this hub");
      return LOCAL_OWNER;
    },
  };
}

export type OwnerAuth = ReturnType<typeof createOwnerAuth>;
