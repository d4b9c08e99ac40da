// Test support (named *Suite.ts so the build leaves it out): a real hub on port 0 with accounts (open
// registration), a temporary data directory and SQLite file, every log line kept, and signed-in users.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { createHub, type Hub, type HubDeps } from "../createHub.js";
import type { HubConfigInput } from "../config.js";

export const ownerToken = "signed-in-hub-owner-token-0123456789";

export interface SignedInHub extends AsyncDisposable {
  hub: Hub;
  url: string;
  /** The data directory (key files) and the SQLite file's directory. */
  dir: string;
  sqliteFile: string;
  /** Every log line written so far (the hub logs at trace level). */
  logLines: string[];
  /** Registers a fresh user and returns its id and Bearer header. */
  newUser(): Promise<{ id: string; headers: { authorization: string } }>;
  /** fetch against the hub, returning status, headers and the body as text. */
  call(method: string, path: string, init?: { headers?: Record<string, string>; body?: unknown }): Promise<{ status: number; text: string; json: any; headers: Headers }>;
}

export async function startSignedInHub(overrides: Partial<HubConfigInput> = {}, deps: HubDeps = {}): Promise<SignedInHub> {
  const dir = mkdtempSync(join(tmpdir(), "porthole-signed-in-"));
  const sqliteFile = join(dir, "hub.db");
  const logLines: string[] = [];
  const logger = pino({ level: "trace" }, { write: (line: string) => void logLines.push(line) });
  const hub = await createHub(
    {
      host: "127.0.0.1",
      port: 0,
      sqliteFile,
      ownerToken,
      logLevel: "trace",
      auth: { dataDir: dir, registration: "open", argon2: { memoryKiB: 19 * 1024, passes: 2, parallelism: 1 }, rateLimits: { register: { limit: 10_000, windowSeconds: 60 }, perIp: { limit: 100_000, windowSeconds: 60 }, perUser: { limit: 100_000, windowSeconds: 60 } } },
      ...overrides,
    },
    { logger, ...deps },
  );
  const { url } = await hub.listen();

  async function call(method: string, path: string, init: { headers?: Record<string, string>; body?: unknown } = {}): ReturnType<SignedInHub["call"]> {
    const isJson = init.body !== undefined && !(init.body instanceof FormData) && !(init.body instanceof Uint8Array) && typeof init.body !== "string";
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { ...(isJson ? { "content-type": "application/json" } : {}), ...init.headers },
      ...(init.body === undefined ? {} : { body: isJson ? JSON.stringify(init.body) : (init.body as BodyInit) }),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, text, json, headers: res.headers };
  }

  return {
    hub,
    url,
    dir,
    sqliteFile,
    logLines,
    call,
    async newUser() {
      const email = `u${randomBytes(6).toString("hex")}@example.test`;
      const res = await call("POST", "/v1/auth/register", { body: { email, password: `correct horse ${randomBytes(6).toString("hex")}` } });
      if (res.status !== 201) throw new Error(`register failed: ${res.status} ${res.text}`);
      return { id: res.json.user.id as string, headers: { authorization: `Bearer ${res.json.accessToken as string}` } };
    },
    async [Symbol.asyncDispose]() {
      await hub.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
