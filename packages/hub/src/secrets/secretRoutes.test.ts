// The Anthropic API key in the profile, against a real hub and a fake Anthropic API (a local node:http
// server answering GET /v1/models: 200 for known keys, 401 otherwise). The key must never appear in a
// response, a log line or the SQLite file's bytes; it comes back only through decryptUserApiKey.
import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { withSecretRedaction } from "./hubSecrets.js";
import { startSignedInHub, ownerToken, type SignedInHub } from "./signedInHubSuite.js";

const goodKey = `sk-ant-api03-${"Q".repeat(20)}good-key-${Date.now()}`;
const otherGoodKey = `sk-ant-api03-${"R".repeat(20)}other-key-${Date.now()}`;
const badKey = `sk-ant-api03-${"Z".repeat(20)}revoked-key`;

/** A fake Anthropic API: GET /v1/models answers 200 for the known keys, 401 for any other. */
async function startFakeAnthropicModels() {
  const seenKeys: string[] = [];
  const server = http.createServer((req, res) => {
    const key = String(req.headers["x-api-key"] ?? "");
    seenKeys.push(key);
    const path = (req.url ?? "").split("?")[0];
    if (req.method !== "GET" || path !== "/v1/models") return void res.writeHead(404).end();
    if (key !== goodKey && key !== otherGoodKey) {
      res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } }));
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ data: [{ id: "claude-test", type: "model" }], has_more: false }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seenKeys, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Every byte the SQLite database holds on disk: the file, its WAL and shared memory. */
function databaseBytes(h: SignedInHub): Buffer {
  return Buffer.concat(readdirSync(h.dir).filter((f) => f.startsWith("hub.db")).map((f) => readFileSync(join(h.dir, f))));
}

describe("Anthropic API key in the profile (fake Anthropic API on GET /v1/models)", () => {
  let fake: Awaited<ReturnType<typeof startFakeAnthropicModels>>;
  let h: SignedInHub;
  const bodies: string[] = [];
  const call: SignedInHub["call"] = async (...args) => {
    const res = await h.call(...args);
    const headers: string[] = [];
    res.headers.forEach((value, name) => headers.push(`${name}: ${value}`));
    bodies.push(res.text, headers.join("\n"));
    return res;
  };

  beforeAll(async () => {
    fake = await startFakeAnthropicModels();
    h = await startSignedInHub({ secrets: { anthropicBaseUrl: fake.url, checkRateLimit: { limit: 6, windowSeconds: 600 } } });
  });
  afterAll(async () => {
    await h?.[Symbol.asyncDispose]();
    await fake?.close();
  });

  it("checks the key with Anthropic, stores it, and shows only that one is set and when", async () => {
    const u = await h.newUser();
    expect(await call("GET", "/v1/account/anthropic-key", { headers: u.headers })).toMatchObject({ status: 200, json: { anthropicKey: { set: false } } });
    const put = await call("PUT", "/v1/account/anthropic-key", { headers: u.headers, body: { key: goodKey } });
    expect(put.status).toBe(200);
    expect(put.json).toEqual({ anthropicKey: { set: true, createdAt: expect.any(String), updatedAt: expect.any(String) } });
    expect(fake.seenKeys.at(-1)).toBe(goodKey);
    const got = await call("GET", "/v1/account/anthropic-key", { headers: u.headers });
    expect(got.json).toEqual(put.json);
    expect(await h.hub.userSecrets.decryptUserApiKey(u.id)).toBe(goodKey);

    // Replacing keeps createdAt; another user sees nothing of it.
    const replaced = await call("PUT", "/v1/account/anthropic-key", { headers: u.headers, body: { key: otherGoodKey } });
    expect(replaced.json.anthropicKey.createdAt).toBe(put.json.anthropicKey.createdAt);
    expect(await h.hub.userSecrets.decryptUserApiKey(u.id)).toBe(otherGoodKey);
    const other = await h.newUser();
    expect((await call("GET", "/v1/account/anthropic-key", { headers: other.headers })).json).toEqual({ anthropicKey: { set: false } });
    expect(await h.hub.userSecrets.decryptUserApiKey(other.id)).toBeUndefined();
  });

  it("refuses a key Anthropic rejects with 400 and a JSON body, storing nothing", async () => {
    const u = await h.newUser();
    const res = await call("PUT", "/v1/account/anthropic-key", { headers: u.headers, body: { key: badKey } });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error: { code: "bad_request", message: "the Anthropic API refused this key (HTTP 401); nothing was stored" } });
    expect((await call("GET", "/v1/account/anthropic-key", { headers: u.headers })).json).toEqual({ anthropicKey: { set: false } });
  });

  it("refuses malformed bodies without echoing them", async () => {
    const u = await h.newUser();
    for (const body of [{}, { key: 42 }, { key: "short" }, { key: `${goodKey} with spaces` }, { key: `${goodKey}\u0000` }, { key: goodKey, extra: 1 }, { [goodKey]: true }, "x".repeat(100)]) {
      const res = await call("PUT", "/v1/account/anthropic-key", { headers: { ...u.headers, "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.code).toBe("bad_request");
      expect(res.text).not.toContain(goodKey);
    }
    expect((await call("GET", "/v1/account/anthropic-key", { headers: u.headers })).json).toEqual({ anthropicKey: { set: false } });
  });

  it("needs a signed-in account: no token 401, the owner token and API keys 403", async () => {
    expect((await call("GET", "/v1/account/anthropic-key")).status).toBe(401);
    expect((await call("PUT", "/v1/account/anthropic-key", { body: { key: goodKey } })).status).toBe(401);
    const owner = { authorization: `Bearer ${ownerToken}` };
    expect((await call("PUT", "/v1/account/anthropic-key", { headers: owner, body: { key: goodKey } })).status).toBe(403);
    const u = await h.newUser();
    const created = await call("POST", "/v1/auth/api-keys", { headers: u.headers, body: { name: "ci", scope: "full" } });
    const apiKey = { authorization: `Bearer ${created.json.key as string}` };
    const res = await call("PUT", "/v1/account/anthropic-key", { headers: apiKey, body: { key: goodKey } });
    expect(res.status).toBe(403);
    expect(await h.hub.userSecrets.decryptUserApiKey(u.id)).toBeUndefined();
  });

  it("deletes the key: 204, then 404, and decryptUserApiKey finds none", async () => {
    const u = await h.newUser();
    await call("PUT", "/v1/account/anthropic-key", { headers: u.headers, body: { key: goodKey } });
    expect((await call("DELETE", "/v1/account/anthropic-key", { headers: u.headers })).status).toBe(204);
    expect((await call("GET", "/v1/account/anthropic-key", { headers: u.headers })).json).toEqual({ anthropicKey: { set: false } });
    const again = await call("DELETE", "/v1/account/anthropic-key", { headers: u.headers });
    expect(again).toMatchObject({ status: 404, json: { error: { code: "not_found" } } });
    expect(await h.hub.userSecrets.decryptUserApiKey(u.id)).toBeUndefined();
  });

  it("limits key checks per user with 429 and Retry-After", async () => {
    const u = await h.newUser();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await call("PUT", "/v1/account/anthropic-key", { headers: u.headers, body: { key: badKey } })).status);
    expect(statuses).toEqual([400, 400, 400, 400, 400, 400, 429]);
  });

  it("never shows the key in a response, a log line, or the database file", async () => {
    for (const text of bodies) for (const key of [goodKey, otherGoodKey]) expect(text).not.toContain(key);
    expect(h.logLines.length).toBeGreaterThan(10);
    for (const line of h.logLines) for (const key of [goodKey, otherGoodKey, badKey]) expect(line).not.toContain(key);
    const bytes = databaseBytes(h);
    for (const key of [goodKey, otherGoodKey, "sk-ant-api03"]) expect(bytes.includes(key)).toBe(false);
  });
});

describe("Anthropic API key when Anthropic cannot be reached", () => {
  it("answers 503 and stores nothing (no server on the base URL)", async () => {
    const closed = await startFakeAnthropicModels();
    await closed.close();
    await using h = await startSignedInHub({ secrets: { anthropicBaseUrl: closed.url } });
    const u = await h.newUser();
    const res = await h.call("PUT", "/v1/account/anthropic-key", { headers: u.headers, body: { key: goodKey } });
    expect(res).toMatchObject({ status: 503, json: { error: { code: "unavailable", message: "the Anthropic API could not be reached; nothing was stored" } } });
    expect(await h.hub.userSecrets.decryptUserApiKey(u.id)).toBeUndefined();
  });
});

describe("log redaction", () => {
  it("replaces keys in logged objects, env maps and headers", () => {
    const lines: string[] = [];
    const log = withSecretRedaction(pino({ level: "info" }, { write: (l: string) => void lines.push(l) }));
    log.child({ component: "hosted" }).info({ env: { ANTHROPIC_API_KEY: goodKey }, apiKey: goodKey, request: { headers: { "x-api-key": goodKey } } }, "starting");
    expect(lines.join("")).not.toContain(goodKey);
    expect(lines.join("")).toContain("[redacted]");
  });
});
