// POST /v1/auth/register, /login, /refresh and /logout. Login answers an unknown e-mail and a wrong
// password alike (status, body, time); failures per e-mail lead to a growing, expiring lock.
import { PortholeError } from "@porthole/protocol";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { emailKey } from "../store/index.js";
import { type AuthContext, ipLimits, parseWith, printable } from "./authContext.js";
import { clearSessionCookies, cookieNames, csrfHeader, parseCookies } from "./cookies.js";
import { lockedUntil } from "./lockout.js";
import { createPasswordAccount } from "./passwordAccount.js";
import { csrfTokenFor, refreshTokenFamily, sameSecret } from "./tokenFormats.js";

/** Long enough for any real password; longer input is refused before hashing. */
const passwordInput = z.string().min(1).max(1024);
const registerBody = z.strictObject({
  email: z.email().max(254),
  password: passwordInput,
  displayName: printable(100).trim().optional(),
  /** true: tokens as HttpOnly cookies (the web app); else in the body. */
  cookie: z.boolean().optional(),
});
const loginBody = z.strictObject({ email: z.string().min(1).max(254), password: passwordInput, cookie: z.boolean().optional() });
const refreshBody = z.strictObject({ refreshToken: z.string().min(1).max(4096).optional() });
const logoutBody = z.strictObject({ scope: z.enum(["all", "session"]).optional() });
const invalidLogin = "the e-mail or password is wrong";

/** The tried e-mail for the audit log; anything else (a password typed in the wrong field) is left out. */
const auditedEmail = (key: string) => (/^[^\s@]{1,64}@[^\s@]{1,253}$/.test(key) ? key : "(not an e-mail address)");

export function registerAuthRoutes(app: FastifyInstance, ctx: AuthContext): void {
  const { accounts, audit, hasher, sessions, clock, config } = ctx;
  const lockout = config.lockout;
  const names = cookieNames(config.cookieSecure);

  /** Throws 429 with Retry-After while the account key is locked. */
  async function refuseIfLocked(reply: FastifyReply, request: FastifyRequest, key: string): Promise<void> {
    const now = clock();
    const until = lockedUntil(await accounts.loginFailures(key, now - lockout.windowSeconds * 1000), lockout);
    if (until === null || until <= now) return;
    const seconds = Math.ceil((until - now) / 1000);
    await audit.record("login.locked", { ip: request.ip, detail: { email: auditedEmail(key), retryAfterSeconds: seconds } });
    void reply.header("Retry-After", String(seconds));
    throw new PortholeError("rate_limited", `too many failed logins for this account: try again in ${seconds} s`);
  }

  /** Records a failed password check for the key; audits the lock it may start. */
  async function recordFailure(request: FastifyRequest, key: string, userId: string | null): Promise<void> {
    const now = clock();
    const windowStart = now - lockout.windowSeconds * 1000;
    await accounts.recordLoginFailure(key, now, windowStart);
    const failures = await accounts.loginFailures(key, windowStart);
    const until = lockedUntil(failures, lockout);
    await audit.record("login.failed", { userId, ip: request.ip, detail: { email: auditedEmail(key), failures: failures.count, lockedUntil: until ?? undefined } });
  }

  app.post("/v1/auth/register", ipLimits(ctx, "register", config.rateLimits.register), async (request, reply) => {
    if (config.registration !== "open") throw new PortholeError("forbidden", "registration is closed on this hub: ask an admin for an account");
    const body = parseWith(registerBody, request.body);
    const user = await createPasswordAccount(ctx, { email: body.email, displayName: body.displayName, password: body.password, role: "user" });
    await audit.record("register", { userId: user.id, ip: request.ip });
    return reply.code(201).send(await sessions.start(reply, user, body.cookie ? "cookie" : "body"));
  });

  app.post("/v1/auth/login", ipLimits(ctx, "login", config.rateLimits.login), async (request, reply) => {
    const body = parseWith(loginBody, request.body);
    const key = emailKey(body.email);
    await refuseIfLocked(reply, request, key);
    const user = await accounts.findUserByEmail(body.email);
    // An unknown e-mail costs one argon2 verification too, so timing does not tell them apart.
    const ok = user?.passwordHash ? await hasher.verify(user.passwordHash, body.password) : await hasher.verifyDummy(body.password);
    if (!user || !ok) {
      await recordFailure(request, key, user?.id ?? null);
      throw new PortholeError("unauthorized", invalidLogin);
    }
    if (user.disabledAt !== null) {
      await audit.record("login.disabled", { userId: user.id, ip: request.ip });
      throw new PortholeError("forbidden", "this account is disabled");
    }
    await accounts.clearLoginFailures(key);
    const rehashed = hasher.needsRehash(user.passwordHash!);
    const current = rehashed ? ((await accounts.setPasswordHash(user.id, await hasher.hash(body.password), clock(), { revokeTokens: false })) ?? user) : user;
    await audit.record("login.succeeded", { userId: user.id, ip: request.ip, detail: { rehashed: rehashed || undefined } });
    return reply.send(await sessions.start(reply, current, body.cookie ? "cookie" : "body"));
  });

  app.post("/v1/auth/refresh", ipLimits(ctx, "refresh", config.rateLimits.refresh), async (request, reply) => {
    const body = parseWith(refreshBody, request.body);
    const fromCookie = body.refreshToken === undefined;
    const token = body.refreshToken ?? parseCookies(request.headers.cookie).get(names.refresh);
    if (!token) throw new PortholeError("unauthorized", "send refreshToken in the body, or the refresh cookie");
    const familyId = refreshTokenFamily(token);
    if (fromCookie && familyId !== undefined) {
      const sent = request.headers[csrfHeader];
      if (typeof sent !== "string" || !sameSecret(sent, csrfTokenFor(ctx.keys.csrfKey, familyId))) {
        await audit.record("auth.rejected", { ip: request.ip, detail: { via: "cookie", reason: "missing or wrong CSRF token", path: "/v1/auth/refresh" } });
        throw new PortholeError("forbidden", `send the ${csrfHeader} header with the value of the CSRF cookie`);
      }
    }
    const result = await sessions.renew(reply, token, fromCookie ? "cookie" : "body");
    if (!result.ok) {
      const type = result.reason === "reused" ? "refresh.reused" : "refresh.failed";
      await audit.record(type, { userId: result.userId ?? null, ip: request.ip, detail: { reason: result.reason, familyId: result.familyId } });
      if (fromCookie) clearSessionCookies(reply, config.cookieSecure);
      throw new PortholeError("unauthorized", "the refresh token is not valid: sign in again");
    }
    await audit.record("refresh.succeeded", { userId: result.userId, ip: request.ip, detail: { familyId } });
    return reply.send(result.body);
  });

  /**
   * Ends every login of the user at once (refresh tokens, and access tokens at their next use), or
   * with {"scope":"session"} only the login the access token belongs to (`porthole logout`).
   */
  app.post("/v1/auth/logout", ipLimits(ctx, "logout"), async (request, reply) => {
    const principal = await ctx.authenticate(request);
    if (principal.via === "api-key") throw new PortholeError("forbidden", "an API key cannot log out: revoke it instead");
    const { scope = "all" } = parseWith(logoutBody, request.body);
    if (principal.via === "access-token") {
      if (scope === "session" && principal.familyId !== undefined) await accounts.revokeFamily(principal.familyId, clock());
      else await accounts.revokeAllTokens(principal.userId, clock());
      await audit.record("logout", { userId: principal.userId, ip: request.ip, detail: { scope, familyId: scope === "session" ? principal.familyId : undefined } });
    }
    clearSessionCookies(reply, config.cookieSecure);
    return reply.code(204).send();
  });
}
