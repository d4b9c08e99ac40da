// Test support for the auth tests (named *Suite.ts so the build leaves it out): runs a describe block
// on both store engines, and builds a Fastify app with the hub's error handling and the auth routes.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type LightMyRequestResponse } from "fastify";
import pg from "pg";
import { pino } from "pino";
import { afterAll, beforeAll, describe } from "vitest";
import { registerErrorHandling } from "../http/errorHandling.js";
import { openPostgresStore, openSqliteStore, type Store } from "../store/index.js";
import { parseAuthConfig, type AuthConfigInput } from "./authConfig.js";
import { createAuth, type Auth } from "./createAuth.js";

const pgUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** Opens a fresh store of the engine; close() also drops the Postgres schema / SQLite file. */
export async function openTestStore(engine: Store["engine"]): Promise<{ store: Store; close(): Promise<void> }> {
  if (engine === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "porthole-auth-"));
    const store = await openSqliteStore({ file: join(dir, "hub.sqlite") });
    return { store, close: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })) };
  }
  const schema = `auth_test_${randomBytes(6).toString("hex")}`;
  const store = await openPostgresStore({ url: pgUrl, schema, connectTimeoutMs: 3_000, maxConnections: 20 });
  return {
    store,
    async close() {
      await store.close();
      const client = new pg.Client({ connectionString: pgUrl });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}

/** Registers `body` once per engine; `store()` is that engine's open store. */
export function forEachEngine(title: string, body: (store: () => Store) => void): void {
  for (const engine of ["sqlite", "postgres"] as const) {
    describe(`${title} (${engine})`, () => {
      let opened: Awaited<ReturnType<typeof openTestStore>> | undefined;
      beforeAll(async () => {
        opened = await openTestStore(engine);
      });
      afterAll(async () => opened?.close());
      body(() => opened!.store);
    });
  }
}

export interface AuthHarness {
  app: FastifyInstance;
  auth: Auth;
  /** Every log line written so far. */
  logs: string[];
  /** The test clock: set `clock.now` (ms since epoch) to move time. */
  clock: { now: number };
  close(): Promise<void>;
}

/** Test settings: generous rate limits so only the tests about them hit them. */
const testConfig: AuthConfigInput = {
  registration: "open",
  rateLimits: { login: { limit: 10_000, windowSeconds: 60 }, register: { limit: 10_000, windowSeconds: 60 }, refresh: { limit: 10_000, windowSeconds: 60 }, perIp: { limit: 100_000, windowSeconds: 60 }, perUser: { limit: 10_000, windowSeconds: 60 } },
};

/** An app like the hub's (JSON only, 64 KiB bodies, same error edge) with the auth and admin routes and GET/POST /v1/test/whoami. */
export async function startAuthApp(store: Store, opts: { config?: AuthConfigInput; ownerToken?: string } = {}): Promise<AuthHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), "porthole-keys-"));
  const logs: string[] = [];
  const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (logs.push(chunk.toString()), done()) });
  const logger = pino({ level: "info" }, sink);
  const clock = { now: Date.now() };
  const config = parseAuthConfig({ dataDir, ...testConfig, ...opts.config });
  const auth = await createAuth({ store, config, log: logger, clock: () => clock.now, ...(opts.ownerToken ? { ownerToken: opts.ownerToken } : {}) });
  const app = Fastify({ loggerInstance: logger as unknown as FastifyBaseLogger, bodyLimit: 64 * 1024 });
  app.removeContentTypeParser("text/plain");
  registerErrorHandling(app, { https: false });
  auth.registerAuthRoutes(app);
  auth.registerAdminRoutes(app);
  app.get("/v1/test/whoami", async (request) => ({ principal: await auth.authenticate(request) }));
  app.post("/v1/test/whoami", async (request) => ({ principal: await auth.authenticate(request) }));
  await app.ready();
  return { app, auth, logs, clock, close: async () => (await app.close(), rmSync(dataDir, { recursive: true, force: true })) };
}

let counter = 0;
/** A fresh e-mail address for a test. */
export const newEmail = () => `user${++counter}.${randomBytes(4).toString("hex")}@example.test`;
/** A password that passes the policy. */
export const goodPassword = () => `correct horse ${randomBytes(6).toString("hex")}`;

export function json<T = Record<string, unknown>>(res: LightMyRequestResponse): T {
  return res.json<T>();
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export interface TokenBody {
  accessToken: string;
  refreshToken: string;
  user: { id: string; role: string; email: string };
}

/** Registers (open registration) and returns the body-mode tokens. */
export async function registerUser(app: FastifyInstance, email = newEmail(), password = goodPassword()) {
  const res = await app.inject({ method: "POST", url: "/v1/auth/register", payload: { email, password } });
  if (res.statusCode !== 201) throw new Error(`register failed: ${res.statusCode} ${res.body}`);
  return { email, password, ...json<TokenBody>(res) };
}

export function login(app: FastifyInstance, email: string, password: string, extra: Record<string, unknown> = {}) {
  return app.inject({ method: "POST", url: "/v1/auth/login", payload: { email, password, ...extra } });
}

export function whoami(app: FastifyInstance, headers: Record<string, string>, method: "GET" | "POST" = "GET") {
  return app.inject({ method, url: "/v1/test/whoami", headers, ...(method === "POST" ? { payload: {} } : {}) });
}
