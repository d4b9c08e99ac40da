// The code `porthole login` shows (8 letters, BCDF-GHJK): read from /device?code= or typed by a
// person, in any case and with or without the dash; the hub checks its alphabet (deviceCodes.ts).
import type { ApiFailure } from "../api/apiClient.js";
import { failureText } from "../ui/failureText.js";

/** Upper case, letters and digits only, with a dash after four when there are eight; "" if none. */
export function normalizeUserCode(input: string): string {
  const plain = input.toUpperCase().replace(/[^A-Z0-9]/g, "").slice(0, 16);
  return plain.length === 8 ? `${plain.slice(0, 4)}-${plain.slice(4)}` : plain;
}

/** Why approving or denying a code was refused, for a person. */
export function deviceFailureText(failure: ApiFailure, waitSeconds?: number): string {
  if (failure.status === 404) return "This code is unknown, expired or already used. Run porthole login again for a new one.";
  if (failure.status === 400) return "This is not a code from porthole login: it has 8 letters, like BCDF-GHJK. Check it and try again.";
  return failureText(failure, waitSeconds);
}

/** The code in a /device address, normalised; "" when there is none. */
export function userCodeFrom(search: string): string {
  return normalizeUserCode(new URLSearchParams(search).get("code") ?? "");
}
