// Admin API: list and create users, disable / enable them and change roles (applied at once), and
// read the audit log, paged. Admins only, signed in (never an API key), or the hub owner token.
import { PortholeError } from "@porthole/protocol";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { type AuthContext, ipLimits, limitUser, parseWith, printable, publicUser } from "../auth/authContext.js";
import { createPasswordAccount } from "../auth/passwordAccount.js";
import type { Principal } from "../auth/principal.js";

const roleSchema = z.enum(["user", "admin"]);
const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The nextCursor of the previous page. */
  cursor: z.string().regex(/^\d{1,16}\.[A-Za-z0-9_-]{1,64}$/).optional(),
});
const createBody = z.strictObject({ email: z.email().max(254), password: z.string().min(1).max(1024), displayName: printable(100).trim().optional(), role: roleSchema.default("user") });
const patchBody = z
  .strictObject({ disabled: z.boolean().optional(), role: roleSchema.optional() })
  .refine((b) => b.disabled !== undefined || b.role !== undefined, "send disabled or role");
const idParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });
const auditQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** Events with ids below this (the nextBefore of the previous page). */
  before: z.coerce.number().int().min(1).optional(),
  type: z.string().regex(/^[a-z._]{1,64}$/).optional(),
  userId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
});

export function registerAdminRoutes(app: FastifyInstance, ctx: AuthContext): void {
  const { accounts, audit, clock } = ctx;

  async function admin(request: FastifyRequest, reply: FastifyReply, route: string): Promise<Principal> {
    const principal = await ctx.authenticate(request);
    await limitUser(ctx, reply, principal, route);
    if (principal.role !== "admin" || principal.via === "api-key") {
      await audit.record("authz.denied", { userId: principal.userId, ip: request.ip, detail: { method: request.method, path: request.url.split("?")[0], via: principal.via } });
      throw new PortholeError("forbidden", "admins only");
    }
    return principal;
  }

  app.get("/v1/admin/users", ipLimits(ctx, "admin-users"), async (request, reply) => {
    await admin(request, reply, "admin-users");
    const query = parseWith(listQuery, request.query);
    const [at, id] = query.cursor ? [Number(query.cursor.split(".")[0]), query.cursor.slice(query.cursor.indexOf(".") + 1)] : [];
    const users = await accounts.listUsers({ ...(at !== undefined && id ? { after: { createdAt: at, id } } : {}), limit: query.limit });
    const last = users.at(-1);
    return { users: users.map(publicUser), nextCursor: users.length === query.limit && last ? `${last.createdAt}.${last.id}` : null };
  });

  app.post("/v1/admin/users", ipLimits(ctx, "admin-users"), async (request, reply) => {
    const principal = await admin(request, reply, "admin-users");
    const body = parseWith(createBody, request.body);
    const user = await createPasswordAccount(ctx, { email: body.email, displayName: body.displayName, password: body.password, role: body.role });
    await audit.record("admin.user_created", { userId: principal.userId, ip: request.ip, detail: { targetUserId: user.id, role: body.role } });
    return reply.code(201).send({ user: publicUser(user) });
  });

  app.patch("/v1/admin/users/:id", ipLimits(ctx, "admin-users"), async (request, reply) => {
    const principal = await admin(request, reply, "admin-users");
    const body = parseWith(patchBody, request.body);
    const params = idParams.safeParse(request.params);
    const target = params.success ? await accounts.getUser(params.data.id) : undefined;
    if (!target) throw new PortholeError("not_found", "no such user");
    if (target.id === principal.userId && (body.disabled === true || body.role === "user")) {
      throw new PortholeError("conflict", "you cannot disable or demote yourself: ask another admin");
    }
    const now = clock();
    let user = target;
    if (body.role !== undefined && body.role !== user.role) {
      const result = await accounts.updateUser(user.id, { role: body.role }, now);
      if (!result.ok) throw new PortholeError("not_found", "no such user");
      user = result.user;
      await audit.record("admin.role_changed", { userId: principal.userId, ip: request.ip, detail: { targetUserId: user.id, role: body.role } });
    }
    if (body.disabled !== undefined && body.disabled !== (user.disabledAt !== null)) {
      user = (await accounts.setDisabled(user.id, body.disabled, now)) ?? user;
      await audit.record(body.disabled ? "admin.user_disabled" : "admin.user_enabled", { userId: principal.userId, ip: request.ip, detail: { targetUserId: user.id } });
    }
    return { user: publicUser(user) };
  });

  app.get("/v1/admin/audit", ipLimits(ctx, "admin-audit"), async (request, reply) => {
    await admin(request, reply, "admin-audit");
    const query = parseWith(auditQuery, request.query);
    const events = await accounts.listAudit(query);
    const last = events.at(-1);
    return {
      events: events.map((e) => ({ ...e, at: new Date(e.at).toISOString() })),
      nextBefore: events.length === query.limit && last ? last.id : null,
    };
  });
}
