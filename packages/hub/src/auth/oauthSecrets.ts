// The secrets of a login with an identity provider: the single-use `state` (256 bits, stored
// hashed), the browser binding cookie, and the PKCE S256 verifier, derived from the state with a
// key of the hub so the store never holds anything that could redeem a code.
import { createHash, createHmac, randomBytes } from "node:crypto";

/** Lifetime of a state and its binding cookie, in seconds. */
export const oauthStateTtlSeconds = 600;

/** 256 random bits, url-safe (43 characters). */
export function newOAuthSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** What a state or binding looks like; anything else is refused before a store lookup. */
export const oauthSecretPattern = /^[A-Za-z0-9_-]{43}$/;

/** The PKCE code_verifier of a state: HMAC-SHA256(key, state), 43 url-safe characters (RFC 7636 allows 43-128). */
export function pkceVerifier(key: Uint8Array, state: string): string {
  return createHmac("sha256", key).update(`porthole pkce v1:${state}`).digest("base64url");
}

/** The S256 code_challenge of a verifier. */
export function pkceChallenge(verifier: string): string {
  return createHash("sha256").update(verifier).digest("base64url");
}
