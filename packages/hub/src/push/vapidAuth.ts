// The Authorization header of a push request (RFC 8292): `vapid t=JWT, k=PUBLIC_KEY`, the JWT
// signed ES256 with the hub's VAPID key, its audience the push service's origin.
import { SignJWT } from "jose";
import type { VapidKeys } from "./vapidKeys.js";

/** How long a VAPID token is valid, in seconds (RFC 8292 allows at most 24 hours). */
export const VAPID_TOKEN_SECONDS = 12 * 3600;

/**
 * The header value for a request to `endpoint`. `subject` is the operator's contact, a
 * "mailto:" or "https:" URL the push service may use to reach them; `now` is ms since the epoch.
 */
export async function vapidAuthorization(endpoint: string, keys: VapidKeys, subject: string, now: number): Promise<string> {
  const token = await new SignJWT({})
    .setProtectedHeader({ typ: "JWT", alg: "ES256" })
    .setAudience(new URL(endpoint).origin)
    .setExpirationTime(Math.floor(now / 1000) + VAPID_TOKEN_SECONDS)
    .setSubject(subject)
    .sign(keys.privateKey);
  return `vapid t=${token}, k=${keys.publicKey}`;
}
