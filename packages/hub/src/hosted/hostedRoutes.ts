// HTTP API of hosted sessions: `POST /v1/sessions { agent, project }` (called from sessionRoutes),
// `GET /v1/hosted` (what this hub offers), `GET /v1/sessions/:id/hosted` (sandbox, limits, current link).
import { PortholeError } from "@porthole/protocol";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Authenticate } from "../auth/hubAuthentication.js";
import type { SessionRecord } from "../store/index.js";
import { requireScope } from "../auth/principal.js";
import type { HostedSessions } from "./hostedSessions.js";
import { projectName } from "./workspace.js";

const hostedBody = z.strictObject({
  /** A configured agent's name, e.g. "claude" or "shell". */
  agent: z.string().min(1).max(32),
  /** The workspace folder (a project name); default "default". */
  project: projectName.default("default"),
  name: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/^[^\u0000-\u001f\u007f]*$/, "must not contain control characters")
    .optional(),
});
const idParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/) });

/** True for a hosted-session request (it names an agent); the CLI's registration has joinVerifier instead. */
export function isHostedRequest(body: unknown): boolean {
  return typeof body === "object" && body !== null && "agent" in body;
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new PortholeError("bad_request", issue ? `${issue.path.join(".") || "body"}: ${issue.message}` : "invalid request");
}

/** Starts a hosted session: 201 with the session, its pairing link (for this owner only) and the sandbox it got. */
export async function createHostedSession(hosted: HostedSessions, authenticate: Authenticate, request: FastifyRequest, reply: FastifyReply, present: (session: SessionRecord) => unknown) {
  const principal = await authenticate(request);
  requireScope(principal, "sessions");
  const body = parse(hostedBody, request.body);
  const started = await hosted.start(principal, { agent: body.agent, project: body.project, ...(body.name ? { name: body.name } : {}) });
  request.log.info({ session: started.session.id, agent: body.agent }, "hosted session created");
  return reply.code(201).send({ session: present(started.session), link: started.link, hosted: started.hosted });
}

export function registerHostedRoutes(app: FastifyInstance, deps: { hosted: HostedSessions | undefined; authenticate: Authenticate }) {
  app.get("/v1/hosted", async (request) => {
    const principal = await deps.authenticate(request);
    requireScope(principal, "read");
    const hosted = deps.hosted;
    if (!hosted) return { available: false, reason: "hosted sessions are not enabled on this hub", agents: [] };
    const { probe } = hosted;
    return {
      available: probe.ok || hosted.allowUnsandboxed,
      sandbox: probe.ok ? "bubblewrap" : "none",
      ...(probe.ok ? {} : { reason: probe.reason }),
      agents: hosted.agents,
      running: { you: hosted.running(principal.userId), hub: hosted.running() },
      quotas: hosted.quotas,
    };
  });

  app.get("/v1/sessions/:id/hosted", async (request) => {
    const principal = await deps.authenticate(request);
    requireScope(principal, "sessions");
    const params = idParams.safeParse(request.params);
    const info = params.success ? deps.hosted?.info(params.data.id, principal.userId) : undefined;
    if (!params.success || !info) throw new PortholeError("not_found", "no such hosted session running");
    const link = await deps.hosted!.link(params.data.id, principal.userId);
    return { hosted: info, link: link ?? null };
  });
}
