// Turns a request into a Principal: Authorization: Bearer <access JWT | API key | owner token>, or
// the web app's access cookie, which also needs X-CSRF-Token on unsafe methods. Throws otherwise.
import { PortholeError } from "@porthole/protocol";
import type { IncomingHttpHeaders } from "node:http";
import type { AccountStore } from "../store/index.js";
import type { AccessTokens } from "./accessTokens.js";
import type { AuditLog } from "./audit.js";
import { cookieNames, csrfHeader, parseCookies } from "./cookies.js";
import type { SigningKeys } from "./jwtKeys.js";
import { createOwnerAuth, LOCAL_OWNER } from "./ownerAuth.js";
import type { Principal } from "./principal.js";
import { csrfTokenFor, looksLikeApiKey, looksLikeJwt, sameSecret, sha256Hex } from "./tokenFormats.js";

/** What authenticate reads: a Fastify request, or an upgrade request with its client address. */
export interface AuthRequest {
  method: string;
  url?: string;
  headers: IncomingHttpHeaders;
  ip: string;
}

/** Methods that change nothing, so need no CSRF token. */
const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);
/** How often an API key's lastUsedAt is written, at most, in ms. */
const touchIntervalMs = 60_000;

export function createAuthenticator(deps: {
  accounts: AccountStore;
  tokens: AccessTokens;
  keys: SigningKeys;
  audit: AuditLog;
  cookieSecure: boolean;
  clock: () => number;
  ownerToken?: string | undefined;
}): (request: AuthRequest) => Promise<Principal> {
  const { accounts, tokens, keys, audit, clock } = deps;
  const owner = deps.ownerToken === undefined ? undefined : createOwnerAuth(deps.ownerToken);
  const names = cookieNames(deps.cookieSecure);

  async function reject(request: AuthRequest, via: string, reason: string, userId: string | null = null): Promise<never> {
    const path = (request.url ?? "").split("?")[0];
    await audit.record("auth.rejected", { userId, ip: request.ip, detail: { via, reason, method: request.method, path } });
    throw new PortholeError("unauthorized", "the credentials are not valid: sign in again");
  }

  function isOwner(token: string): boolean {
    try {
      return owner?.authenticate(`Bearer ${token}`) === LOCAL_OWNER;
    } catch {
      return false;
    }
  }

  async function fromAccessToken(request: AuthRequest, token: string, via: string): Promise<Principal> {
    const claims = await tokens.verify(token);
    if (!claims) return reject(request, via, "invalid or expired access token");
    const { user, family } = await accounts.getUserAndFamily(claims.userId, claims.familyId);
    const live = user && user.disabledAt === null && user.tokenVersion === claims.tokenVersion && family?.userId === user.id && family.revokedAt === null;
    if (!live) return reject(request, via, "access token revoked", claims.userId);
    return { userId: user.id, role: user.role, via: "access-token", scope: "full", familyId: family.id };
  }

  async function fromApiKey(request: AuthRequest, token: string): Promise<Principal> {
    const key = await accounts.findApiKey(sha256Hex(token));
    const user = key && (await accounts.getUser(key.userId));
    if (!key || !user || user.disabledAt !== null) return reject(request, "api-key", "unknown, revoked or disabled API key", key?.userId ?? null);
    await accounts.touchApiKey(key.id, clock(), touchIntervalMs);
    return { userId: user.id, role: user.role, via: "api-key", scope: key.scope, apiKeyId: key.id };
  }

  return async function authenticate(request) {
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const token = /^Bearer ([\x21-\x7e]{1,2048})$/.exec(authorization)?.[1];
      if (token === undefined) return reject(request, "bearer", "malformed Authorization header");
      if (isOwner(token)) return { userId: LOCAL_OWNER, role: "admin", via: "owner-token", scope: "full" };
      if (looksLikeApiKey(token)) return fromApiKey(request, token);
      if (looksLikeJwt(token)) return fromAccessToken(request, token, "bearer");
      return reject(request, "bearer", "unrecognised token");
    }
    const access = parseCookies(request.headers.cookie).get(names.access);
    if (access === undefined || access === "") throw new PortholeError("unauthorized", "sign in first");
    const principal = await fromAccessToken(request, access, "cookie");
    if (!safeMethods.has(request.method.toUpperCase())) {
      const sent = request.headers[csrfHeader];
      if (typeof sent !== "string" || !sameSecret(sent, csrfTokenFor(keys.csrfKey, principal.familyId ?? ""))) {
        await audit.record("auth.rejected", { userId: principal.userId, ip: request.ip, detail: { via: "cookie", reason: "missing or wrong CSRF token", method: request.method } });
        throw new PortholeError("forbidden", `send the ${csrfHeader} header with the value of the CSRF cookie`);
      }
    }
    return principal;
  };
}
