// HTTP API for projects (a working directory on a machine grouping sessions): list, read with
// sessions, rename / archive, delete with its sessions. Owner-scoped: another owner's is a 404.
import { PortholeError } from "@porthole/protocol";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Authenticate } from "../auth/hubAuthentication.js";
import { requireScope } from "../auth/principal.js";
import type { Bus } from "../bus/index.js";
import { publicSession } from "../sessions/sessionRoutes.js";
import type { ProjectRecord, ProjectSummary, Store } from "../store/index.js";
import { parse, printable, queryBoolean } from "./projectInput.js";
import { projectId } from "./sessionProject.js";

const listQuery = z.object({ archived: queryBoolean.optional() }).strict();
const deleteQuery = z.object({ force: queryBoolean.optional() }).strict();
const patchBody = z
  .object({ name: printable(200).trim().min(1).optional(), archived: z.boolean().optional() })
  .strict()
  .refine((b) => b.name !== undefined || b.archived !== undefined, "give name or archived");

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** What clients see of a project; summaries add sessionCount and lastActivityAt. */
export function publicProject(p: ProjectRecord | ProjectSummary) {
  return {
    id: p.id,
    name: p.name,
    machine: p.machine,
    directory: p.directory,
    createdAt: iso(p.createdAt),
    archivedAt: iso(p.archivedAt),
    ...("sessionCount" in p ? { sessionCount: p.sessionCount, lastActivityAt: iso(p.lastActivityAt) } : {}),
  };
}

export function registerProjectRoutes(app: FastifyInstance, deps: { store: Store; bus: Bus; authenticate: Authenticate }) {
  const { store, bus } = deps;

  async function owner(request: FastifyRequest, need: "sessions" | "read"): Promise<string> {
    const principal = await deps.authenticate(request);
    requireScope(principal, need);
    return principal.userId;
  }

  /** The owner's project named in the URL; a malformed, missing or someone else's id is one 404. */
  async function ownedProject(request: FastifyRequest, need: "sessions" | "read"): Promise<ProjectRecord> {
    const ownerId = await owner(request, need);
    const id = projectId.safeParse((request.params as { id?: unknown }).id);
    const project = id.success ? await store.projects.getProject(id.data) : undefined;
    if (project && project.ownerId !== ownerId) {
      await store.accounts.appendAudit({ at: Date.now(), type: "authz.denied", userId: ownerId, ip: request.ip, detail: { project: project.id, route: request.routeOptions.url ?? "" } });
    }
    if (!project || project.ownerId !== ownerId) throw new PortholeError("not_found", "no such project");
    return project;
  }

  app.get("/v1/projects", async (request) => {
    const ownerId = await owner(request, "read");
    const query = parse(listQuery, request.query);
    const projects = await store.projects.listProjects(ownerId, { includeArchived: query.archived === true });
    return { projects: projects.map(publicProject) };
  });

  app.get("/v1/projects/:id", async (request) => {
    const project = await ownedProject(request, "read");
    const sessions = await store.listSessions(project.ownerId, { projectId: project.id, includeArchived: true });
    const online = await Promise.all(sessions.map(async (s) => (await bus.getHost(s.id)) !== null));
    const times = sessions.flatMap((s) => (s.endedAt === null ? [s.createdAt] : [s.createdAt, s.endedAt]));
    const summary: ProjectSummary = { ...project, sessionCount: sessions.length, lastActivityAt: times.length === 0 ? null : Math.max(...times) };
    return { project: publicProject(summary), sessions: sessions.map((s, i) => publicSession(s, online[i]!)) };
  });

  app.patch("/v1/projects/:id", async (request) => {
    const project = await ownedProject(request, "sessions");
    const body = parse(patchBody, request.body);
    const archivedAt = body.archived === undefined ? undefined : body.archived ? (project.archivedAt ?? Date.now()) : null;
    const updated = await store.projects.updateProject(project.id, {
      ...(body.name === undefined ? {} : { name: body.name }),
      ...(archivedAt === undefined ? {} : { archivedAt }),
    });
    if (!updated) throw new PortholeError("not_found", "no such project");
    request.log.info({ project: project.id }, "project updated");
    return { project: publicProject(updated) };
  });

  app.delete("/v1/projects/:id", async (request, reply) => {
    const project = await ownedProject(request, "sessions");
    const query = parse(deleteQuery, request.query);
    const sessions = await store.listSessions(project.ownerId, { projectId: project.id, includeArchived: true });
    if (query.force !== true) {
      const online = await Promise.all(sessions.map(async (s) => (await bus.getHost(s.id)) !== null));
      const running = online.filter(Boolean).length;
      if (running > 0) {
        throw new PortholeError("conflict", `${running} session(s) of this project have their host connected; end them first or add ?force=true`);
      }
    }
    const deleted = (await store.projects.deleteProject(project.id)) ?? [];
    // After the commit: viewers of the deleted sessions are told, as DELETE /v1/sessions/:id does.
    await Promise.all(deleted.map((id) => bus.publish(id, { t: "closeViewer", viewer: 0, code: "not_found", reason: "the session was deleted" })));
    request.log.info({ project: project.id, sessions: deleted.length }, "project deleted");
    return reply.code(204).send();
  });
}
