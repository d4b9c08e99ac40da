// Access tokens: short-lived EdDSA JWTs (typ "at+jwt") naming the user, the login family and the
// user's tokenVersion. Verification allows only EdDSA and checks iss, aud, typ and exp.
import { jwtVerify, SignJWT } from "jose";
import type { SigningKeys } from "./jwtKeys.js";

/** The only algorithm accepted: never "none", never HMAC. */
const algorithms = ["EdDSA"];
const typ = "at+jwt";

export interface AccessClaims {
  userId: string;
  /** The login family (sid) the token was issued from. */
  familyId: string;
  /** The user's tokenVersion at issue; a bumped version kills the token. */
  tokenVersion: number;
}

/** Verified tokens remembered at once, oldest dropped first. */
const VERIFIED_CACHE_SIZE = 10_000;

export interface AccessTokens {
  sign(claims: AccessClaims): Promise<{ token: string; expiresAt: number }>;
  /** The claims of a valid token, else undefined (bad signature, algorithm, typ, iss, aud or expired). */
  verify(token: string): Promise<AccessClaims | undefined>;
}

export function createAccessTokens(opts: { keys: SigningKeys; issuer: string; audience: string; ttlSeconds: number; clock: () => number }): AccessTokens {
  const { keys, issuer, audience, ttlSeconds, clock } = opts;
  // A token's signature and claims never change, so a verified token is remembered until it
  // expires: each request then costs a map lookup instead of an Ed25519 verification. Whether the
  // user, their token version and the login are still live is checked on every request all the same.
  const verified = new Map<string, { claims: AccessClaims; expiresAt: number }>();
  return {
    async sign({ userId, familyId, tokenVersion }) {
      const nowSeconds = Math.floor(clock() / 1000);
      const exp = nowSeconds + ttlSeconds;
      const token = await new SignJWT({ sid: familyId, ver: tokenVersion })
        .setProtectedHeader({ alg: "EdDSA", typ, kid: keys.kid })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject(userId)
        .setIssuedAt(nowSeconds)
        .setExpirationTime(exp)
        .sign(keys.privateKey);
      return { token, expiresAt: exp * 1000 };
    },

    async verify(token) {
      const known = verified.get(token);
      if (known) {
        if (known.expiresAt > clock()) return known.claims;
        verified.delete(token);
      }
      try {
        const { payload } = await jwtVerify(token, keys.publicKey, {
          algorithms,
          issuer,
          audience,
          typ,
          currentDate: new Date(clock()),
          requiredClaims: ["exp", "iat", "sub", "sid", "ver"],
        });
        const { sub, sid, ver } = payload;
        if (typeof sub !== "string" || typeof sid !== "string" || typeof ver !== "number" || !Number.isSafeInteger(ver)) return undefined;
        const claims = { userId: sub, familyId: sid, tokenVersion: ver };
        if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value!);
        verified.set(token, { claims, expiresAt: (payload.exp ?? 0) * 1000 });
        return claims;
      } catch {
        return undefined;
      }
    },
  };
}
