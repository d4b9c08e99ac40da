// The signed-in user's own account: GET/PATCH /v1/auth/profile, POST /v1/auth/password (stops every
// token, then signs this client in again), and API keys at /v1/auth/api-keys (shown once).
import { PortholeError } from "@porthole/protocol";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { emailKey, type ApiKeyRecord, type UserRecord } from "../store/index.js";
import { type AuthContext, ipLimits, limitUser, parseWith, principalUser, printable, publicUser } from "./authContext.js";
import { lockedUntil } from "./lockout.js";
import { passwordProblem } from "./passwordPolicy.js";
import { requireLogin, scopes } from "./principal.js";
import { newApiKey, sha256Hex } from "./tokenFormats.js";

const passwordInput = z.string().min(1).max(1024);
const profilePatch = z
  .strictObject({ displayName: printable(100).trim().optional(), email: z.email().max(254).optional(), currentPassword: passwordInput.optional() })
  .refine((b) => b.displayName !== undefined || b.email !== undefined, "send displayName or email");
const passwordBody = z.strictObject({ currentPassword: passwordInput.optional(), newPassword: passwordInput });
const apiKeyBody = z.strictObject({ name: printable(100).trim().min(1), scope: z.enum(scopes as [string, ...string[]]) });
const keyParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });
/** Live keys one user may hold. */
const maxApiKeys = 100;

function publicApiKey(k: ApiKeyRecord) {
  const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
  return { id: k.id, name: k.name, prefix: k.prefix, scope: k.scope, createdAt: iso(k.createdAt), lastUsedAt: iso(k.lastUsedAt), revokedAt: iso(k.revokedAt) };
}

export function registerAccountRoutes(app: FastifyInstance, ctx: AuthContext): void {
  const { accounts, audit, hasher, clock, config } = ctx;

  /** The signed-in user, counted against their rate limit; with login, API keys are refused. */
  async function signedIn(request: FastifyRequest, reply: Parameters<typeof limitUser>[1], route: string, opts: { login: boolean }) {
    const principal = await ctx.authenticate(request);
    await limitUser(ctx, reply, principal, route);
    if (opts.login) requireLogin(principal);
    return { principal, user: await principalUser(ctx, principal) };
  }

  /** Checks the current password (when the user has one) with the login lockout; 403 when wrong. */
  async function confirmPassword(request: FastifyRequest, user: UserRecord, given: string | undefined): Promise<void> {
    if (user.passwordHash === null) return;
    const now = clock();
    const windowStart = now - config.lockout.windowSeconds * 1000;
    const key = emailKey(user.email ?? user.id);
    const until = lockedUntil(await accounts.loginFailures(key, windowStart), config.lockout);
    if (until !== null && until > now) throw new PortholeError("rate_limited", `too many wrong passwords: try again in ${Math.ceil((until - now) / 1000)} s`);
    if (given !== undefined && (await hasher.verify(user.passwordHash, given))) return;
    await accounts.recordLoginFailure(key, now, windowStart);
    await audit.record("login.failed", { userId: user.id, ip: request.ip, detail: { email: key, during: "password confirmation" } });
    throw new PortholeError("forbidden", given === undefined ? "send currentPassword" : "the current password is wrong");
  }

  app.get("/v1/auth/profile", ipLimits(ctx, "profile"), async (request, reply) => {
    const { user } = await signedIn(request, reply, "profile", { login: false });
    return { user: publicUser(user) };
  });

  app.patch("/v1/auth/profile", ipLimits(ctx, "profile"), async (request, reply) => {
    const { user } = await signedIn(request, reply, "profile", { login: true });
    const body = parseWith(profilePatch, request.body);
    const changesEmail = body.email !== undefined && emailKey(body.email) !== emailKey(user.email ?? "");
    if (changesEmail) await confirmPassword(request, user, body.currentPassword);
    const patch = { ...(body.displayName !== undefined ? { displayName: body.displayName } : {}), ...(body.email !== undefined ? { email: body.email } : {}) };
    const result = await accounts.updateUser(user.id, patch, clock());
    if (!result.ok) throw new PortholeError(result.reason === "not_found" ? "unauthorized" : "conflict", result.reason === "not_found" ? "sign in again" : "an account with this e-mail already exists");
    await audit.record("profile.updated", { userId: user.id, ip: request.ip, detail: { fields: Object.keys(patch) } });
    return { user: publicUser(result.user) };
  });

  app.post("/v1/auth/password", ipLimits(ctx, "password"), async (request, reply) => {
    const { user } = await signedIn(request, reply, "password", { login: true });
    const body = parseWith(passwordBody, request.body);
    await confirmPassword(request, user, body.currentPassword);
    const problem = passwordProblem(body.newPassword, { email: user.email });
    if (problem) throw new PortholeError("bad_request", `newPassword: ${problem}`);
    const updated = await accounts.setPasswordHash(user.id, await hasher.hash(body.newPassword), clock(), { revokeTokens: true });
    if (!updated) throw new PortholeError("unauthorized", "sign in again");
    await audit.record("password.changed", { userId: user.id, ip: request.ip });
    return reply.send(await ctx.sessions.start(reply, updated, request.headers.authorization === undefined ? "cookie" : "body"));
  });

  app.get("/v1/auth/api-keys", ipLimits(ctx, "api-keys"), async (request, reply) => {
    const { user } = await signedIn(request, reply, "api-keys", { login: true });
    return { apiKeys: (await accounts.listApiKeys(user.id)).map(publicApiKey) };
  });

  app.post("/v1/auth/api-keys", ipLimits(ctx, "api-keys"), async (request, reply) => {
    const { user } = await signedIn(request, reply, "api-keys", { login: true });
    const body = parseWith(apiKeyBody, request.body);
    const live = (await accounts.listApiKeys(user.id)).filter((k) => k.revokedAt === null);
    if (live.length >= maxApiKeys) throw new PortholeError("conflict", `at most ${maxApiKeys} API keys: revoke one first`);
    const { key, id, prefix } = newApiKey();
    const record = await accounts.createApiKey({ id, userId: user.id, name: body.name, prefix, keyHash: sha256Hex(key), scope: body.scope as ApiKeyRecord["scope"], createdAt: clock() });
    await audit.record("apikey.created", { userId: user.id, ip: request.ip, detail: { apiKeyId: id, prefix, scope: body.scope } });
    // The only time the key is shown.
    return reply.code(201).send({ apiKey: publicApiKey(record), key });
  });

  app.delete("/v1/auth/api-keys/:id", ipLimits(ctx, "api-keys"), async (request, reply) => {
    const { user } = await signedIn(request, reply, "api-keys", { login: true });
    const params = keyParams.safeParse(request.params);
    if (!params.success || !(await accounts.revokeApiKey(user.id, params.data.id, clock()))) throw new PortholeError("not_found", "no such API key");
    await audit.record("apikey.revoked", { userId: user.id, ip: request.ip, detail: { apiKeyId: params.data.id } });
    return reply.code(204).send();
  });
}
