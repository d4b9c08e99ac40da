// What a new password must be (NIST SP 800-63B style): 8 to 256 characters, no composition rules,
// not a commonly breached password, not the account's own e-mail.
import { commonPasswords } from "./commonPasswords.js";

/** Shortest password, in characters (code points). */
export const minPasswordChars = 8;
/** Longest password, in characters; long passphrases are welcome. */
export const maxPasswordChars = 256;

/** Why the password may not be used, as a message for the person; undefined when it is fine. */
export function passwordProblem(password: string, context: { email?: string | null } = {}): string | undefined {
  const chars = [...password.normalize("NFC")].length;
  if (chars < minPasswordChars) return `the password must have at least ${minPasswordChars} characters`;
  if (chars > maxPasswordChars) return `the password must have at most ${maxPasswordChars} characters`;
  const folded = password.normalize("NFC").toLowerCase();
  if (commonPasswords.has(folded)) return "this password is too common: choose another";
  const email = context.email?.trim().toLowerCase();
  if (email && (folded === email || folded === email.split("@")[0])) return "the password must not be your e-mail address";
  return undefined;
}
