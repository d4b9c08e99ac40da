// /v1/projects and the project parts of /v1/sessions on both engines, in process: projects from
// registration, lists with archive filters, rename / archive / delete, and hostile inputs.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import { pino } from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { bearer, forEachEngine, registerUser } from "../auth/authHarnessSuite.js";
import { createAuthentication } from "../auth/hubAuthentication.js";
import { createInProcessBus, type Bus } from "../bus/index.js";
import { registerErrorHandling } from "../http/errorHandling.js";
import { createMetrics } from "../observability/metrics.js";
import { registerSessionRoutes } from "../sessions/sessionRoutes.js";
import type { Store } from "../store/index.js";
import { registerProjectRoutes } from "./projectRoutes.js";

/** A response body as the tests read it (shapes are asserted, not typed). */
type Json = any;

const rule = { limit: 100_000, windowSeconds: 60 };

forEachEngine("project routes", (store: () => Store) => {
  let app: FastifyInstance;
  let bus: Bus;
  let dataDir: string;
  let ann: Record<string, string>;
  let bob: Record<string, string>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "porthole-projects-"));
    bus = createInProcessBus();
    const logger = pino({ level: "silent" });
    app = Fastify({ loggerInstance: logger as unknown as FastifyBaseLogger, bodyLimit: 64 * 1024 });
    app.removeContentTypeParser("text/plain");
    registerErrorHandling(app, { https: false });
    const { authenticate } = await createAuthentication(app, {
      store: store(), logger, ownerToken: randomBytes(24).toString("base64url"),
      auth: { dataDir, registration: "open", rateLimits: { login: rule, register: rule, refresh: rule, perIp: rule, perUser: rule } },
    });
    registerSessionRoutes(app, { store: store(), bus, authenticate, metrics: createMetrics({ connections: () => 0, queuedBytes: () => 0 }) });
    registerProjectRoutes(app, { store: store(), bus, authenticate });
    await app.ready();
    ann = bearer((await registerUser(app)).accessToken);
    bob = bearer((await registerUser(app)).accessToken);
  });
  afterAll(async () => {
    await app.close();
    await bus.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function call(method: "GET" | "POST" | "PATCH" | "DELETE", url: string, headers: Record<string, string>, payload?: unknown) {
    const res = await app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: res.statusCode, json: (res.body === "" ? {} : res.json()) as Json };
  }
  const sessionBody = (extra: object = {}) => ({ command: "claude", cols: 80, rows: 24, joinVerifier: randomBytes(32).toString("hex"), ...extra });
  const place = (directory = `/home/ann/${randomBytes(4).toString("hex")}`) => ({ machine: "laptop", directory });
  async function register(headers: Record<string, string>, extra: object = {}) {
    const res = await call("POST", "/v1/sessions", headers, sessionBody(extra));
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return res.json.session as Json;
  }
  const expectError = (res: { status: number; json: Json }, status: number, code: string) =>
    expect([res.status, res.json.error?.code], JSON.stringify(res.json)).toEqual([status, code]);

  it("groups sessions registered from one machine and directory into one project", async () => {
    const where = place("/home/ann/porthole");
    const first = await register(ann, { project: where });
    const second = await register(ann, { project: { ...where, name: "ignored, the project exists" } });
    expect(first.projectId).toEqual(expect.any(String));
    expect(second.projectId).toBe(first.projectId);
    const other = await register(ann, { project: { machine: "desk", directory: where.directory } });
    expect(other.projectId).not.toBe(first.projectId);
    const loose = await register(ann);
    expect(loose.projectId).toBeNull();

    const { json } = await call("GET", `/v1/projects/${first.projectId}`, ann);
    expect(json.project).toMatchObject({ id: first.projectId, name: "porthole", machine: "laptop", directory: "/home/ann/porthole", archivedAt: null, sessionCount: 2 });
    expect(json.sessions.map((s: Json) => s.id)).toEqual([second.id, first.id]);
    const byProject = await call("GET", `/v1/sessions?project=${first.projectId}`, ann);
    expect(byProject.json.sessions.map((s: Json) => s.id)).toEqual([second.id, first.id]);
    const listed = await call("GET", "/v1/projects", ann);
    expect(listed.json.projects.map((p: Json) => p.id)).toEqual(expect.arrayContaining([first.projectId, other.projectId]));
    expect(listed.json.projects[0]).toEqual(expect.objectContaining({ sessionCount: expect.any(Number), lastActivityAt: expect.any(String) }));
  });

  it("registers into an existing project by id, and a new session brings an archived project back", async () => {
    const s = await register(ann, { project: place() });
    expect((await call("PATCH", `/v1/projects/${s.projectId}`, ann, { archived: true })).json.project.archivedAt).toEqual(expect.any(String));
    const again = await register(ann, { projectId: s.projectId });
    expect(again.projectId).toBe(s.projectId);
    expect((await call("GET", `/v1/projects/${s.projectId}`, ann)).json.project.archivedAt).toBeNull();
  });

  it("renames and archives sessions and projects; archived ones are listed only on request", async () => {
    const s = await register(ann, { project: place() });
    const renamed = await call("PATCH", `/v1/sessions/${s.id}`, ann, { name: "  Fix the login bug  " });
    expect(renamed.json.session).toMatchObject({ id: s.id, name: "Fix the login bug", archivedAt: null });
    const archived = await call("PATCH", `/v1/sessions/${s.id}`, ann, { archived: true });
    expect(archived.json.session.archivedAt).toEqual(expect.any(String));
    const ids = async (url: string) => (await call("GET", url, ann)).json.sessions.map((x: Json) => x.id);
    expect(await ids("/v1/sessions")).not.toContain(s.id);
    expect(await ids("/v1/sessions?archived=true")).toContain(s.id);
    expect(await ids(`/v1/projects/${s.projectId}`)).toEqual([s.id]);
    await call("PATCH", `/v1/sessions/${s.id}`, ann, { archived: false });
    expect(await ids("/v1/sessions")).toContain(s.id);

    const p = await call("PATCH", `/v1/projects/${s.projectId}`, ann, { name: "Website", archived: true });
    expect(p.json.project).toMatchObject({ id: s.projectId, name: "Website", archivedAt: expect.any(String) });
    const projectIds = async (url: string) => (await call("GET", url, ann)).json.projects.map((x: Json) => x.id);
    expect(await projectIds("/v1/projects")).not.toContain(s.projectId);
    expect(await projectIds("/v1/projects?archived=true")).toContain(s.projectId);
    expect(await ids("/v1/sessions")).not.toContain(s.id);
    expect(await ids("/v1/sessions?archived=true")).toContain(s.id);
    expect(await ids("/v1/sessions?archived=false")).not.toContain(s.id);
    await call("PATCH", `/v1/projects/${s.projectId}`, ann, { archived: false });
    expect(await projectIds("/v1/projects")).toContain(s.projectId);
  });

  it("deletes a project with its sessions, refusing while a host is connected unless forced", async () => {
    const a = await register(ann, { project: place() });
    const b = await register(ann, { projectId: a.projectId });
    await bus.setHost(b.id, "connection-1");
    const closed: string[] = [];
    const unsubscribe = await bus.subscribe(a.id, (e) => e.t === "closeViewer" && closed.push(e.code));
    expectError(await call("DELETE", `/v1/projects/${a.projectId}`, ann), 409, "conflict");
    expect((await call("GET", `/v1/sessions/${a.id}`, ann)).status).toBe(200);
    expectError(await call("DELETE", `/v1/projects/${a.projectId}?force=yes`, ann), 400, "bad_request");
    expect((await call("DELETE", `/v1/projects/${a.projectId}?force=true`, ann)).status).toBe(204);
    unsubscribe();
    expect(closed).toEqual(["not_found"]);
    for (const url of [`/v1/projects/${a.projectId}`, `/v1/sessions/${a.id}`, `/v1/sessions/${b.id}`]) expectError(await call("GET", url, ann), 404, "not_found");
    expectError(await call("DELETE", `/v1/projects/${a.projectId}`, ann), 404, "not_found");

    const idle = await register(ann, { project: place() });
    expect((await call("DELETE", `/v1/projects/${idle.projectId}`, ann)).status).toBe(204);
    expectError(await call("GET", `/v1/sessions/${idle.id}`, ann), 404, "not_found");
  });

  it("treats another owner's projects and sessions as missing, changing nothing", async () => {
    const mine = await register(ann, { project: place() });
    const before = (await call("GET", `/v1/projects/${mine.projectId}`, ann)).json;
    for (const [method, url, body] of [
      ["GET", `/v1/projects/${mine.projectId}`, undefined],
      ["PATCH", `/v1/projects/${mine.projectId}`, { name: "mine now" }],
      ["DELETE", `/v1/projects/${mine.projectId}?force=true`, undefined],
      ["PATCH", `/v1/sessions/${mine.id}`, { archived: true }],
      ["GET", `/v1/sessions?project=${mine.projectId}`, undefined],
      ["POST", "/v1/sessions", sessionBody({ projectId: mine.projectId })],
    ] as const) {
      expectError(await call(method, url, bob, body), 404, "not_found");
    }
    expect((await call("GET", "/v1/projects", bob)).json.projects).toEqual([]);
    expect((await call("GET", `/v1/projects/${mine.projectId}`, ann)).json).toEqual(before);
    // The same place registered by Bob is Bob's own project.
    const bobs = await register(bob, { project: { machine: before.project.machine, directory: before.project.directory } });
    expect(bobs.projectId).not.toBe(mine.projectId);
  });

  it("refuses hostile bodies and queries with a 400 naming the problem, storing nothing", async () => {
    const s = await register(ann, { project: place() });
    const huge = "x".repeat(5000);
    const bad: [string, string, unknown][] = [
      ["POST", "/v1/sessions", sessionBody({ project: { machine: "m", directory: "/d", extra: 1 } })],
      ["POST", "/v1/sessions", sessionBody({ project: { machine: "m\u0000", directory: "/d" } })],
      ["POST", "/v1/sessions", sessionBody({ project: { machine: "m", directory: "/d\n/e" } })],
      ["POST", "/v1/sessions", sessionBody({ project: { machine: "", directory: "/d" } })],
      ["POST", "/v1/sessions", sessionBody({ project: { machine: "m".repeat(256), directory: "/d" } })],
      ["POST", "/v1/sessions", sessionBody({ project: { machine: "m", directory: huge.repeat(2) } })],
      ["POST", "/v1/sessions", sessionBody({ project: { machine: "m", directory: "/d", name: huge } })],
      ["POST", "/v1/sessions", sessionBody({ project: "laptop:/d" })],
      ["POST", "/v1/sessions", sessionBody({ project: place(), projectId: s.projectId })],
      ["POST", "/v1/sessions", sessionBody({ projectId: "../../etc" })],
      ["PATCH", `/v1/sessions/${s.id}`, {}],
      ["PATCH", `/v1/sessions/${s.id}`, { name: "ok", ownerId: "someone" }],
      ["PATCH", `/v1/sessions/${s.id}`, { name: huge }],
      ["PATCH", `/v1/sessions/${s.id}`, { name: "a\u001bb" }],
      ["PATCH", `/v1/sessions/${s.id}`, { name: "   " }],
      ["PATCH", `/v1/sessions/${s.id}`, { archived: "yes" }],
      ["PATCH", `/v1/projects/${s.projectId}`, { directory: "/elsewhere" }],
      ["PATCH", `/v1/projects/${s.projectId}`, { name: "\u0007" }],
      ["PATCH", `/v1/projects/${s.projectId}`, null],
      ["GET", "/v1/projects?archived=1", undefined],
      ["GET", "/v1/projects?archived=true&archived=false", undefined],
      ["GET", "/v1/projects?owner=someone", undefined],
      ["GET", "/v1/sessions?archived=maybe", undefined],
      ["GET", "/v1/sessions?project=bad%20id", undefined],
      ["GET", "/v1/sessions?limit=5", undefined],
    ];
    const before = (await call("GET", "/v1/projects?archived=true", ann)).json;
    for (const [method, url, body] of bad) {
      const res = await call(method as "GET", url, ann, body);
      expectError(res, 400, "bad_request");
      expect(res.json.error.message, `${method} ${url} ${JSON.stringify(body)?.slice(0, 80)}`).toMatch(/\S/);
    }
    expect((await call("GET", "/v1/projects?archived=true", ann)).json).toEqual(before);
    expect((await call("GET", `/v1/sessions/${s.id}`, ann)).json.session).toMatchObject({ name: "claude", archivedAt: null });
  });

  it("answers unknown and malformed ids with the same 404", async () => {
    for (const id of [randomBytes(16).toString("base64url"), "short", "x".repeat(65), "not*an*id*but*long*enough"]) {
      expectError(await call("GET", `/v1/projects/${id}`, ann), 404, "not_found");
      expectError(await call("PATCH", `/v1/projects/${id}`, ann, { name: "n" }), 404, "not_found");
      expectError(await call("DELETE", `/v1/projects/${id}`, ann), 404, "not_found");
      expectError(await call("PATCH", `/v1/sessions/${id}`, ann, { name: "n" }), 404, "not_found");
    }
    expectError(await call("GET", `/v1/sessions?project=${randomBytes(16).toString("base64url")}`, ann), 404, "not_found");
    expectError(await call("POST", "/v1/sessions", ann, sessionBody({ projectId: randomBytes(16).toString("base64url") })), 404, "not_found");
    expect((await call("GET", "/v1/projects", {})).status).toBe(401);
  });
});
