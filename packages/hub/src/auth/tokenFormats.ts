// The opaque secrets the hub hands out and how it recognises and stores them: refresh tokens
// ("prt_"), API keys ("phk_"), ids, SHA-256 digests and the CSRF token bound to a login family.
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** A random url-safe id of 16 bytes (22 characters). */
export function newId(): string {
  return randomBytes(16).toString("base64url");
}

/** SHA-256 hex: how refresh tokens and API keys are stored (they carry 256 random bits, so no salt is needed). */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

const refreshPattern = /^prt_([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;
const apiKeyPattern = /^phk_([A-Za-z0-9_-]{12})_([A-Za-z0-9_-]{43})$/;

/** A refresh token: its family id (not secret, to check CSRF before use) and 256 random bits. */
export function newRefreshToken(familyId: string): string {
  return `prt_${familyId}.${randomBytes(32).toString("base64url")}`;
}

/** The family id inside a well-formed refresh token, else undefined. */
export function refreshTokenFamily(token: string): string | undefined {
  return refreshPattern.exec(token)?.[1];
}

/** A new API key, its id and the prefix that may be shown again later. */
export function newApiKey(): { key: string; id: string; prefix: string } {
  const id = randomBytes(9).toString("base64url");
  return { key: `phk_${id}_${randomBytes(32).toString("base64url")}`, id, prefix: `phk_${id}` };
}

export function looksLikeApiKey(token: string): boolean {
  return apiKeyPattern.test(token);
}

/** A JWS compact serialisation: three base64url parts. */
export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}

/** The CSRF token of a login family: HMAC-SHA256(csrfKey, familyId), so it cannot be forged by planting a cookie. */
export function csrfTokenFor(csrfKey: Uint8Array, familyId: string): string {
  return createHmac("sha256", csrfKey).update(`porthole csrf v1:${familyId}`).digest("base64url");
}

/** Constant-time comparison of two strings. */
export function sameSecret(a: string, b: string): boolean {
  const x = createHash("sha256").update(a).digest();
  const y = createHash("sha256").update(b).digest();
  return timingSafeEqual(x, y);
}
