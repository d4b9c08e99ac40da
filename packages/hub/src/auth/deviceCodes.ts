// The two codes of a device-flow login (RFC 8628): the device code the CLI polls with ("pdc_" and
// 256 random bits) and the user code a person types (8 letters from an alphabet without vowels or
// look-alikes, shown as ABCD-EFGH). Both are stored only as SHA-256.
import { randomBytes, randomInt } from "node:crypto";

/** RFC 8628 section 6.1's alphabet: 20 consonants, no vowels (no words), no 0/O or 1/I. 8 of them: about 34.5 bits. */
export const userCodeAlphabet = "BCDFGHJKLMNPQRSTVWXZ";
const userCodeLength = 8;
const deviceCodePattern = /^pdc_[A-Za-z0-9_-]{43}$/;

/** A new user code, formatted "ABCD-EFGH". */
export function newUserCode(): string {
  let code = "";
  for (let i = 0; i < userCodeLength; i++) code += userCodeAlphabet[randomInt(userCodeAlphabet.length)];
  return formatUserCode(code);
}

/** "ABCDEFGH" → "ABCD-EFGH". */
export function formatUserCode(normalised: string): string {
  return `${normalised.slice(0, 4)}-${normalised.slice(4)}`;
}

/**
 * What a person typed, as stored: upper case, without spaces and dashes; undefined unless it is
 * 8 letters of the alphabet. At most 32 characters are looked at.
 */
export function normaliseUserCode(input: string): string | undefined {
  if (input.length > 32) return undefined;
  const code = input.toUpperCase().replace(/[\s-]/g, "");
  if (code.length !== userCodeLength) return undefined;
  for (const c of code) if (!userCodeAlphabet.includes(c)) return undefined;
  return code;
}

/** A new device code. */
export function newDeviceCode(): string {
  return `pdc_${randomBytes(32).toString("base64url")}`;
}

export function looksLikeDeviceCode(value: string): boolean {
  return deviceCodePattern.test(value);
}
