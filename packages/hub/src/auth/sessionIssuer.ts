// Starts and renews logins: a family, its refresh token and an access token, handed back in the JSON
// body (CLI, integrations) or as cookies plus a CSRF token (the web app).
import { PortholeError } from "@porthole/protocol";
import type { FastifyReply } from "fastify";
import type { AccountStore, TokenFamily, UserRecord } from "../store/index.js";
import type { AccessTokens } from "./accessTokens.js";
import type { AuthConfig } from "./authConfig.js";
import { publicUser } from "./authContext.js";
import { setSessionCookies } from "./cookies.js";
import type { SigningKeys } from "./jwtKeys.js";
import { csrfTokenFor, newId, newRefreshToken, refreshTokenFamily, sha256Hex } from "./tokenFormats.js";

/** How the client gets its tokens: in the body, or as cookies (then only the CSRF token is in the body). */
export type Delivery = "body" | "cookie";

export type SessionBody = {
  user: ReturnType<typeof publicUser>;
  accessTokenExpiresAt: string;
  refreshTokenExpiresAt: string;
} & ({ tokenType: "Bearer"; accessToken: string; refreshToken: string } | { csrfToken: string });

export type RenewResult = { ok: true; body: SessionBody; userId: string } | { ok: false; reason: string; userId?: string; familyId?: string };

export interface SessionIssuer {
  /** A new login (token family) for the user; `client` labels the family (default "web" for cookies, else "token"). */
  start(reply: FastifyReply, user: UserRecord, delivery: Delivery, client?: string): Promise<SessionBody>;
  /** Uses a refresh token once and hands out its successor; reuse revokes the family. */
  renew(reply: FastifyReply, refreshToken: string, delivery: Delivery): Promise<RenewResult>;
}

export function createSessionIssuer(deps: { accounts: AccountStore; tokens: AccessTokens; keys: SigningKeys; config: AuthConfig; clock: () => number }): SessionIssuer {
  const { accounts, tokens, keys, config, clock } = deps;
  const refreshTtlMs = config.refreshTokenTtlSeconds * 1000;

  async function respond(reply: FastifyReply, user: UserRecord, family: TokenFamily, refreshToken: string, refreshExpiresAt: number, delivery: Delivery): Promise<SessionBody> {
    const access = await tokens.sign({ userId: user.id, familyId: family.id, tokenVersion: family.tokenVersion });
    const times = { user: publicUser(user), accessTokenExpiresAt: new Date(access.expiresAt).toISOString(), refreshTokenExpiresAt: new Date(refreshExpiresAt).toISOString() };
    if (delivery === "body") return { ...times, tokenType: "Bearer", accessToken: access.token, refreshToken };
    const csrfToken = csrfTokenFor(keys.csrfKey, family.id);
    setSessionCookies(reply, config.cookieSecure, {
      accessToken: access.token,
      accessMaxAgeSeconds: config.accessTokenTtlSeconds,
      refreshToken,
      refreshMaxAgeSeconds: config.refreshTokenTtlSeconds,
      csrfToken,
    });
    return { ...times, csrfToken };
  }

  return {
    async start(reply, user, delivery, client) {
      const now = clock();
      const familyId = newId();
      const refreshToken = newRefreshToken(familyId);
      const first = { tokenHash: sha256Hex(refreshToken), createdAt: now, expiresAt: now + refreshTtlMs };
      const family = await accounts.startFamily({ id: familyId, userId: user.id, client: client ?? (delivery === "cookie" ? "web" : "token"), createdAt: now }, first);
      if (!family) throw new PortholeError("unauthorized", "the account no longer exists");
      return respond(reply, user, family, refreshToken, first.expiresAt, delivery);
    },

    async renew(reply, refreshToken, delivery) {
      const now = clock();
      const family = refreshTokenFamily(refreshToken);
      if (family === undefined) return { ok: false, reason: "malformed" };
      const successor = newRefreshToken(family);
      const next = { tokenHash: sha256Hex(successor), createdAt: now, expiresAt: now + refreshTtlMs };
      const result = await accounts.rotateRefreshToken(sha256Hex(refreshToken), next, now);
      if (!result.ok) {
        return result.reason === "reused" ? { ok: false, reason: "reused", userId: result.family.userId, familyId: result.family.id } : { ok: false, reason: result.reason };
      }
      const user = await accounts.getUser(result.family.userId);
      if (!user || user.disabledAt !== null || user.tokenVersion !== result.family.tokenVersion) {
        await accounts.revokeFamily(result.family.id, now);
        return { ok: false, reason: "revoked", userId: result.family.userId, familyId: result.family.id };
      }
      return { ok: true, body: await respond(reply, user, result.family, successor, next.expiresAt, delivery), userId: user.id };
    },
  };
}
