// What the auth route modules share (built once by createAuth), and small HTTP helpers they use:
// body/query parsing with zod, the public view of a user, the per-user rate limit.
import { PortholeError } from "@porthole/protocol";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Logger } from "pino";
import { z } from "zod";
import type { RateLimiter } from "../http/rateLimit.js";
import type { AccountStore, UserRecord } from "../store/index.js";
import type { AccessTokens } from "./accessTokens.js";
import type { AuditLog } from "./audit.js";
import type { AuthConfig } from "./authConfig.js";
import type { SigningKeys } from "./jwtKeys.js";
import type { PasswordHasher } from "./passwords.js";
import type { Principal } from "./principal.js";
import type { SessionIssuer } from "./sessionIssuer.js";

export interface AuthContext {
  config: AuthConfig;
  accounts: AccountStore;
  log: Logger;
  /** ms since epoch. */
  clock: () => number;
  hasher: PasswordHasher;
  tokens: AccessTokens;
  keys: SigningKeys;
  audit: AuditLog;
  limiter: RateLimiter;
  sessions: SessionIssuer;
  authenticate(request: FastifyRequest): Promise<Principal>;
}

/** Printable text: no control characters. */
export const printable = (max: number) => z.string().max(max).regex(/^[^\u0000-\u001f\u007f]*$/, "must not contain control characters");

/** Parses a body or query with a strict zod schema; the first problem becomes a 400 with its path. */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new PortholeError("bad_request", issue ? `${issue.path.join(".") || "body"}: ${issue.message}` : "invalid request");
}

/** What clients see of a user: never the password hash or token version. */
export function publicUser(u: UserRecord) {
  return {
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    role: u.role,
    disabled: u.disabledAt !== null,
    hasPassword: u.passwordHash !== null,
    githubLinked: u.githubId !== null,
    createdAt: new Date(u.createdAt).toISOString(),
  };
}

/** Route options limiting each client IP: per route, plus an extra rule for the route when given. */
export function ipLimits(ctx: AuthContext, route: string, extra?: AuthConfig["rateLimits"]["login"]) {
  const hooks = [ctx.limiter.perIp(`auth-any:${route}`, ctx.config.rateLimits.perIp)];
  if (extra) hooks.push(ctx.limiter.perIp(`auth:${route}`, extra));
  return { onRequest: hooks };
}

/** Counts the request against the signed-in user's limit for this route. */
export function limitUser(ctx: AuthContext, reply: FastifyReply, principal: Principal, route: string): Promise<void> {
  return ctx.limiter.consume(reply, `user:${principal.userId}:${route}`, ctx.config.rateLimits.perUser);
}

/** The principal's user row; the owner token has none, and a vanished user is unauthorized. */
export async function principalUser(ctx: AuthContext, principal: Principal): Promise<UserRecord> {
  if (principal.via === "owner-token") throw new PortholeError("forbidden", "the hub owner token has no account; sign in as a user");
  const user = await ctx.accounts.getUser(principal.userId);
  if (!user) throw new PortholeError("unauthorized", "sign in again");
  return user;
}

/** The hub's public base URL without a trailing slash: configured, else the one this request reached. */
export function publicBaseUrl(ctx: AuthContext, request: FastifyRequest): string {
  return (ctx.config.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, "");
}
