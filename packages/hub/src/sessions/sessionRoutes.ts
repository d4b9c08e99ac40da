// HTTP API for sessions: create (the CLI registers before attaching), list, read, revoke sharing,
// delete. Every route needs the owner's token; another owner's session is a 404.
import { randomBytes } from "node:crypto";
import { PortholeError } from "@porthole/protocol";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { FastifyRequest } from "fastify";
import type { Authenticate } from "../auth/hubAuthentication.js";
import { requireScope } from "../auth/principal.js";
import type { Bus } from "../bus/index.js";
import type { HubMetrics } from "../observability/metrics.js";
import { hashToken } from "../relay/relayServer.js";
import type { SessionRecord, Store } from "../store/index.js";

/** Printable text: no NUL or other control characters (tab allowed). */
const printable = (max: number) => z.string().max(max).regex(/^[^\u0000-\u0008\u000a-\u001f\u007f]*$/, "must not contain control characters");

const createBody = z
  .object({
    name: printable(200).trim().min(1).optional(),
    command: printable(2000).min(1),
    cols: z.number().int().min(1).max(1000),
    rows: z.number().int().min(1).max(1000),
    /** SHA-256 (hex) of the token viewers must present to join: see joinToken in the protocol. */
    joinVerifier: z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex digits"),
  })
  .strict();
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
  };
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new PortholeError("bad_request", issue ? `${issue.path.join(".") || "body"}: ${issue.message}` : "invalid request");
}

export function registerSessionRoutes(app: FastifyInstance, deps: { store: Store; bus: Bus; authenticate: Authenticate; metrics: Pick<HubMetrics, "sessionsCreated"> }) {
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
    const ownerId = await owner(request, "sessions");
    const body = parse(createBody, request.body);
    const hostToken = randomBytes(32).toString("base64url");
    const session = await store.createSession({
      id: randomBytes(16).toString("base64url"),
      ownerId,
      name: body.name ?? body.command.slice(0, 200),
      command: body.command,
      hostTokenHash: hashToken(hostToken),
      joinVerifier: body.joinVerifier,
      cols: body.cols,
      rows: body.rows,
      createdAt: Date.now(),
    });
    deps.metrics.sessionsCreated.inc();
    request.log.info({ session: session.id }, "session created");
    return reply.code(201).send({ session: publicSession(session, false), hostToken });
  });

  app.get("/v1/sessions", async (request) => {
    const sessions = await store.listSessions(await owner(request, "read"));
    const online = await Promise.all(sessions.map(async (s) => (await bus.getHost(s.id)) !== null));
    return { sessions: sessions.map((s, i) => publicSession(s, online[i]!)) };
  });

  app.get("/v1/sessions/:id", async (request) => {
    const session = await ownedSession((request.params as { id?: unknown }).id, request, "read");
    return { session: publicSession(session, (await bus.getHost(session.id)) !== null) };
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
    await bus.publish(session.id, { t: "closeViewer", viewer: 0, code: "not_found", reason: "the session was deleted" });
    await store.deleteSession(session.id);
    request.log.info({ session: session.id }, "session deleted");
    return reply.code(204).send();
  });
}
