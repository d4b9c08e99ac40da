// HTTP API for sessions: create (the CLI registers before attaching, in a project), list (by
// project, archived or not), read, rename / archive, revoke sharing, delete. Every route needs the
// owner's token; another owner's session (or project) is a 404.
import { randomBytes } from "node:crypto";
import { PortholeError } from "@porthole/protocol";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { FastifyRequest } from "fastify";
import { parse, printable, queryBoolean } from "../projects/projectInput.js";
import { projectForNewSession, projectId, projectPlace } from "../projects/sessionProject.js";
import type { Authenticate } from "../auth/hubAuthentication.js";
import { requireScope } from "../auth/principal.js";
import type { Bus } from "../bus/index.js";
import type { HubMetrics } from "../observability/metrics.js";
import { createHostedSession, isHostedRequest } from "../hosted/hostedRoutes.js";
import type { HostedSessions } from "../hosted/hostedSessions.js";
import { hashToken } from "../relay/relayServer.js";
import type { SessionRecord, Store } from "../store/index.js";

const createBody = z
  .object({
    name: printable(200).trim().min(1).optional(),
    command: printable(2000).min(1),
    cols: z.number().int().min(1).max(1000),
    rows: z.number().int().min(1).max(1000),
    /** SHA-256 (hex) of the token viewers must present to join: see joinToken in the protocol. */
    joinVerifier: z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex digits"),
    /** Where it runs: the project is found or created by (machine, directory). */
    project: projectPlace.optional(),
    /** Or an existing project of the owner. */
    projectId: projectId.optional(),
  })
  .strict()
  .refine((b) => b.project === undefined || b.projectId === undefined, "give project or projectId, not both");
const listQuery = z.object({ project: projectId.optional(), archived: queryBoolean.optional() }).strict();
const patchBody = z
  .object({ name: printable(200).trim().min(1).optional(), archived: z.boolean().optional() })
  .strict()
  .refine((b) => b.name !== undefined || b.archived !== undefined, "give name or archived");
const idParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/) });

/** What clients see of a session: never the host token hash. */
export function publicSession(s: SessionRecord, hostOnline: boolean) {
  return {
    id: s.id,
    name: s.name,
    command: s.command,
    cols: s.cols,
    rows: s.rows,
    createdAt: new Date(s.createdAt).toISOString(),
    endedAt: s.endedAt === null ? null : new Date(s.endedAt).toISOString(),
    hostOnline,
    storedBytes: s.storedBytes,
    projectId: s.projectId,
    archivedAt: s.archivedAt === null ? null : new Date(s.archivedAt).toISOString(),
  };
}

export function registerSessionRoutes(app: FastifyInstance, deps: { store: Store; bus: Bus; authenticate: Authenticate; metrics: Pick<HubMetrics, "sessionsCreated">; hosted?: HostedSessions | undefined }) {
  const { store, bus } = deps;

  /** The user a request acts for, allowed to `need` sessions. */
  async function owner(request: FastifyRequest, need: "sessions" | "read"): Promise<string> {
    const principal = await deps.authenticate(request);
    requireScope(principal, need);
    return principal.userId;
  }

  async function ownedSession(id: unknown, request: FastifyRequest, need: "sessions" | "read"): Promise<SessionRecord> {
    const ownerId = await owner(request, need);
    const params = idParams.safeParse({ id });
    const session = params.success ? await store.getSession(params.data.id) : undefined;
    if (session && session.ownerId !== ownerId) {
      // Someone else's session: the same 404 as a missing one, and an authorization failure on record.
      await store.accounts.appendAudit({ at: Date.now(), type: "authz.denied", userId: ownerId, ip: request.ip, detail: { session: session.id, route: request.routeOptions.url ?? "" } });
    }
    if (!session || session.ownerId !== ownerId) throw new PortholeError("not_found", "no such session");
    return session;
  }

  app.post("/v1/sessions", async (request, reply) => {
    // `{ agent, project }`: the hub starts the agent itself (hosted/); otherwise a CLI registers its own.
    if (isHostedRequest(request.body)) {
      if (!deps.hosted) throw new PortholeError("not_found", "hosted sessions are not enabled on this hub");
      return createHostedSession(deps.hosted, deps.authenticate, request, reply, (session) => publicSession(session, true));
    }
    const ownerId = await owner(request, "sessions");
    // A hosted runner's command line is the whole sandbox: the session records the agent instead.
    const runner = deps.hosted?.claimRegistration(request.headers.authorization);
    const raw = request.body as Record<string, unknown> | null | undefined;
    const body = parse(createBody, runner && raw && typeof raw === "object" ? { ...raw, command: runner.command } : request.body);
    // A hosted session joins the project of its workspace (machine "hosted"), whatever its runner reports.
    const project = await projectForNewSession(
      store,
      ownerId,
      runner
        ? { place: runner.place }
        : {
            ...(body.projectId === undefined ? {} : { projectId: body.projectId }),
            ...(body.project === undefined ? {} : { place: body.project }),
          },
    );
    const hostToken = randomBytes(32).toString("base64url");
    const session = await store.createSession({
      id: randomBytes(16).toString("base64url"),
      ownerId,
      name: runner?.name ?? body.name ?? body.command.slice(0, 200),
      command: body.command,
      hostTokenHash: hashToken(hostToken),
      joinVerifier: body.joinVerifier,
      cols: body.cols,
      rows: body.rows,
      createdAt: Date.now(),
      projectId: project?.id ?? null,
    });
    await runner?.done(session);
    deps.metrics.sessionsCreated.inc();
    request.log.info({ session: session.id }, "session created");
    return reply.code(201).send({ session: publicSession(session, false), hostToken });
  });

  app.get("/v1/sessions", async (request) => {
    const ownerId = await owner(request, "read");
    const query = parse(listQuery, request.query);
    if (query.project !== undefined) {
      const project = await store.projects.getProject(query.project);
      if (project?.ownerId !== ownerId) throw new PortholeError("not_found", "no such project");
    }
    const sessions = await store.listSessions(ownerId, {
      ...(query.project === undefined ? {} : { projectId: query.project }),
      includeArchived: query.archived === true,
    });
    const online = await Promise.all(sessions.map(async (s) => (await bus.getHost(s.id)) !== null));
    return { sessions: sessions.map((s, i) => publicSession(s, online[i]!)) };
  });

  app.get("/v1/sessions/:id", async (request) => {
    const session = await ownedSession((request.params as { id?: unknown }).id, request, "read");
    return { session: publicSession(session, (await bus.getHost(session.id)) !== null) };
  });

  app.patch("/v1/sessions/:id", async (request) => {
    const session = await ownedSession((request.params as { id?: unknown }).id, request, "sessions");
    const body = parse(patchBody, request.body);
    const archivedAt = body.archived === undefined ? undefined : body.archived ? (session.archivedAt ?? Date.now()) : null;
    const updated = await store.updateSession(session.id, {
      ...(body.name === undefined ? {} : { name: body.name }),
      ...(archivedAt === undefined ? {} : { archivedAt }),
    });
    if (!updated) throw new PortholeError("not_found", "no such session");
    request.log.info({ session: session.id }, "session updated");
    return { session: publicSession(updated, (await bus.getHost(session.id)) !== null) };
  });

  app.post("/v1/sessions/:id/revoke", async (request, reply) => {
    const session = await ownedSession((request.params as { id?: unknown }).id, request, "sessions");
    const hostOnline = (await bus.getHost(session.id)) !== null;
    if (!hostOnline) throw new PortholeError("conflict", "the session's host is not connected: nothing is shared while it is away");
    await bus.publish(session.id, { t: "toHost", message: { t: "revoke" } });
    await bus.publish(session.id, { t: "closeViewer", viewer: 0, code: "revoked", reason: "the owner revoked sharing" });
    request.log.info({ session: session.id }, "sharing revoked");
    return reply.code(202).send({ revoked: true });
  });

  app.delete("/v1/sessions/:id", async (request, reply) => {
    const session = await ownedSession((request.params as { id?: unknown }).id, request, "sessions");
    await deps.hosted?.stop(session.id, "deleted by its owner");
    await bus.publish(session.id, { t: "closeViewer", viewer: 0, code: "not_found", reason: "the session was deleted" });
    await store.deleteSession(session.id);
    request.log.info({ session: session.id }, "session deleted");
    return reply.code(204).send();
  });
}
