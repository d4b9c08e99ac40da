// The hub's HTTP edge against a hostile client: path traversal on the static routes, unknown
// routes, requests Fastify or Node refuse before routing, security headers on every answer, and
// 5xx bodies that reveal nothing.
// Keep in step with packages/hub/src/{createHub.ts,web/webRoutes.ts,http/errorHandling.ts}.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { createHub, openSqliteStore } from "@porthole/hub";
import { generateKeyPair } from "@porthole/protocol";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { expectHubServing, openRaw, rawRequest, WAIT_MS } from "../support/hostileSockets.js";
import { api, createSession, joinMessage, OWNER_TOKEN, startTestHub } from "../support/testHub.js";

const SECRET = "TOP-SECRET-OUTSIDE-THE-WEB-ROOT";
const INDEX = "<!doctype html><title>porthole index</title>";

/** A temp dir with web/index.html, web/assets/app.js, and secrets beside (not inside) web/. */
function webFixture(): { dir: string; webRoot: string } & Disposable {
  const dir = mkdtempSync(join(tmpdir(), "porthole-hostile-web-"));
  const webRoot = join(dir, "web");
  mkdirSync(join(webRoot, "assets"), { recursive: true });
  writeFileSync(join(webRoot, "index.html"), INDEX);
  writeFileSync(join(webRoot, "assets", "app.js"), "console.log('app')");
  writeFileSync(join(dir, "secret.txt"), SECRET);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ secret: SECRET }));
  mkdirSync(join(dir, "web-private"));
  writeFileSync(join(dir, "web-private", "key.js"), SECRET);
  return { dir, webRoot, [Symbol.dispose]: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Asserts the security headers every response must carry. */
function expectSecurityHeaders(headers: Record<string, unknown>, what: string): void {
  expect(String(headers["content-security-policy"]), what).toMatch(/frame-ancestors 'none'/);
  expect(String(headers["content-security-policy"]), what).toMatch(/default-src 'self'/);
  expect(headers["x-content-type-options"], what).toBe("nosniff");
  expect(headers["x-frame-options"], what).toBe("DENY");
  expect(headers["referrer-policy"], what).toBe("no-referrer");
}

/** A fetch response's headers as a plain record (lower-case names). */
function headersOf(response: Response): Record<string, string> {
  const record: Record<string, string> = {};
  response.headers.forEach((value, name) => (record[name] = value));
  return record;
}

describe("static routes: path traversal", () => {
  it("never serves a file outside the web root, however the path is spelled", async () => {
    using web = webFixture();
    await using hub = await startTestHub({ webRoot: web.webRoot });
    // The routes work, so a refusal below is about the path, not a missing route.
    const app = await rawRequest(hub.url, "/assets/app.js");
    expect(app.status).toBe(200);
    expect(app.text).toContain("console.log");
    expect((await rawRequest(hub.url, "/")).text).toBe(INDEX);
    const paths = [
      "/assets/../../secret.txt",
      "/assets/../secret.txt",
      "/assets/../../package.json",
      "/assets/%2e%2e/%2e%2e/secret.txt",
      "/assets/%2E%2E%2F%2E%2E%2Fsecret.txt",
      "/assets/..%2f..%2fsecret.txt",
      "/assets/..%5c..%5csecret.txt",
      "/assets/%252e%252e/%252e%252e/secret.txt",
      "/assets/....//....//secret.txt",
      `/assets/${"../".repeat(30)}etc/passwd`,
      "/assets//etc/passwd",
      "/assets/%2fetc%2fpasswd",
      "/assets/../../web-private/key.js",
      "/assets/%2e%2e/%2e%2e/web-private/key.js",
      "/%2e%2e/secret.txt",
      "/%2e%2e%2fpackage.json",
      "/..%2fpackage.json",
      "/package.json",
      "/..json",
      "/assets/app.js%00.png",
      "/assets/%00../../secret.txt",
      "/assets/app.js%00",
      "/s/..%2f..%2fsecret.txt",
      "/s/%2e%2e",
      "/%2e%2e/%2e%2e/etc/passwd",
    ];
    for (const path of paths) {
      const answer = await rawRequest(hub.url, path);
      expect(answer.text, path).not.toContain(SECRET);
      expect(answer.text, path).not.toMatch(/root:.*:0:0:/);
      if (answer.status === 200) expect(answer.text, `${path} may only ever get the app's index`).toBe(INDEX);
      else {
        expect(answer.status, path).toBe(404);
        expect(JSON.parse(answer.text), path).toEqual({ error: { code: "not_found", message: expect.any(String) } });
      }
      expectSecurityHeaders(answer.headers, path);
    }
    await expectHubServing(hub.url);
  });

  it("serves the app when webRoot is given with a trailing separator", async () => {
    using web = webFixture();
    await using hub = await startTestHub({ webRoot: web.webRoot + sep });
    expect((await rawRequest(hub.url, "/")).text).toBe(INDEX);
    const asset = await rawRequest(hub.url, "/assets/app.js");
    expect(asset.status, asset.text).toBe(200);
    expect(asset.text).toContain("console.log");
    for (const path of ["/assets/../secret.txt", "/assets/%2e%2e/secret.txt", "/assets/../../web-private/key.js"]) {
      expect((await rawRequest(hub.url, path)).text, path).not.toContain(SECRET);
    }
  });
});

describe("unknown routes", () => {
  it("answers unknown paths and methods with a JSON 404 with security headers", async () => {
    await using hub = await startTestHub();
    const cases: [string, string][] = [
      ["GET", "/nope"], ["GET", "/v1/nope"], ["GET", "/v1/sessions/x/y/z"], ["GET", "/v1/relay"], ["PUT", "/v1/sessions"],
      ["PATCH", "/v1/sessions"], ["POST", "/health"], ["DELETE", "/health"], ["OPTIONS", "/v1/sessions"], ["GET", "/assets/app.js"], ["GET", "/.env"], ["GET", "/.git/config"],
    ];
    for (const [method, path] of cases) {
      const response = await fetch(`${hub.url}${path}`, { method, headers: { authorization: `Bearer ${OWNER_TOKEN}` }, signal: AbortSignal.timeout(WAIT_MS) });
      const what = `${method} ${path}`;
      expect(response.status, what).toBe(404);
      expect(response.headers.get("content-type"), what).toMatch(/^application\/json/);
      expect(await response.json(), what).toEqual({ error: { code: "not_found", message: expect.any(String) } });
      expectSecurityHeaders(headersOf(response), what);
    }
    // A WebSocket upgrade on any other path is refused too.
    const upgrade = await rawRequest(hub.url, "/v1/sessions", { connection: "Upgrade", upgrade: "websocket", "sec-websocket-version": "13", "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==" });
    expect(upgrade.status).toBe(404);
    await expectHubServing(hub.url);
  });
});

describe("malformed requests", () => {
  it("answers a bad percent-encoding or an over-long id with a JSON 400 that does not echo the path", async () => {
    await using hub = await startTestHub();
    const cases: [string, number, string][] = [
      ["/%zz", 400, "bad_request"],
      ["/v1/sessions/%E0%A4%A", 400, "bad_request"],
      [`/v1/sessions/${"A".repeat(101)}`, 400, "bad_request"],
      [`/v1/sessions/${"A".repeat(101)}/revoke`, 400, "bad_request"],
      [`/assets/${"a".repeat(200)}`, 404, "not_found"],
    ];
    for (const [path, status, code] of cases) {
      const answer = await rawRequest(hub.url, path, { authorization: `Bearer ${OWNER_TOKEN}` });
      expect(answer.status, path).toBe(status);
      expect(JSON.parse(answer.text), path).toEqual({ error: { code, message: expect.any(String) } });
      expect(answer.text, path).not.toContain(path.slice(-20));
      expectSecurityHeaders(answer.headers, path);
    }
    await expectHubServing(hub.url);
  });

  it("answers an HTTP request Node cannot parse with a JSON 400 and the security headers, and stays up", async () => {
    await using hub = await startTestHub();
    const { hostname, port } = new URL(hub.url);
    const response = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => socket.write("GET /health HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n"));
      let out = "";
      socket.setTimeout(WAIT_MS, () => socket.destroy(new Error("no answer")));
      socket.on("data", (chunk) => (out += chunk.toString()));
      socket.on("close", () => resolve(out));
      socket.on("error", reject);
    });
    const [head = "", body = ""] = response.split("\r\n\r\n");
    expect(head).toMatch(/^HTTP\/1\.1 400/);
    expect(JSON.parse(body)).toEqual({ error: { code: "bad_request", message: expect.any(String) } });
    const headers = Object.fromEntries(head.split("\r\n").slice(1).map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]));
    expectSecurityHeaders(headers, "raw 400");
    await expectHubServing(hub.url);
  });
});

describe("security headers", () => {
  it("are on successes and on every kind of refusal", async () => {
    using web = webFixture();
    await using hub = await startTestHub({ webRoot: web.webRoot, bodyLimitBytes: 2048 });
    const auth = { authorization: `Bearer ${OWNER_TOKEN}` };
    const json = { ...auth, "content-type": "application/json" };
    const cases: [string, number, RequestInit][] = [
      ["/health", 200, {}],
      ["/", 200, {}],
      ["/s/AAAAAAAAAAAAAAAAAAAAAA", 200, {}],
      ["/assets/app.js", 200, {}],
      ["/v1/sessions", 200, { headers: auth }],
      ["/v1/sessions", 401, {}],
      ["/v1/sessions/AAAAAAAAAAAAAAAAAAAAAA", 404, { headers: auth }],
      ["/v1/sessions", 400, { method: "POST", headers: json, body: "{" }],
      ["/v1/sessions", 413, { method: "POST", headers: json, body: JSON.stringify({ command: "x".repeat(4096), cols: 80, rows: 24 }) }],
      ["/v1/sessions", 415, { method: "POST", headers: { ...auth, "content-type": "application/xml" }, body: "<x/>" }],
      ["/v1/sessions/AAAAAAAAAAAAAAAAAAAAAA/revoke", 404, { method: "POST", headers: auth }],
    ];
    for (const [path, status, init] of cases) {
      const response = await fetch(`${hub.url}${path}`, { ...init, signal: AbortSignal.timeout(WAIT_MS) });
      expect(response.status, path).toBe(status);
      expectSecurityHeaders(headersOf(response), `${init.method ?? "GET"} ${path} (${status})`);
      await response.arrayBuffer();
    }
  });
});

describe("server errors", () => {
  it("a store failure gives a JSON 500 (HTTP) or close 1011 (relay) without stack or internals, and the hub stays up", async () => {
    const dir = mkdtempSync(join(tmpdir(), "porthole-hostile-5xx-"));
    const store = await openSqliteStore({ file: join(dir, "hub.db") });
    const logLines: string[] = [];
    const hub = await createHub(
      { host: "127.0.0.1", port: 0, sqliteFile: join(dir, "unused.db"), ownerToken: OWNER_TOKEN },
      { store, logger: pino({ level: "info" }, { write: (line: string) => void logLines.push(line) }) },
    );
    const { url } = await hub.listen();
    try {
      const created = await createSession(url, generateKeyPair().publicKey, { command: "x" });
      expect(created.status).toBe(201);
      await store.close(); // the database goes away under the running hub
      const failures = [
        await api(url, "GET", "/v1/sessions"),
        await api(url, "GET", `/v1/sessions/${created.json.session.id}`),
        await createSession(url, generateKeyPair().publicKey, { command: "x" }),
        await api(url, "DELETE", `/v1/sessions/${created.json.session.id}`),
      ];
      for (const failure of failures) {
        expect(failure.status, failure.text).toBe(500);
        expect(failure.json).toEqual({ error: { code: "internal", message: "Internal error." } });
        expect(failure.text).not.toMatch(/\bat .*(\/|\\).*:\d+/);
        expect(failure.text).not.toMatch(/stack|sqlite|kysely|destroyed|node_modules|\.ts\b|\.js\b/i);
      }
      // The cause went to the log, for the operator, and never to the client.
      expect(logLines.some((line) => line.includes('"request failed"'))).toBe(true);
      const viewer = await openRaw(url);
      viewer.send(joinMessage(created.json.session.id));
      const closed = await viewer.waitClose();
      expect(closed.code).toBe(1011);
      expect(closed.reason).not.toMatch(/sqlite|kysely|destroyed|\bat /i);
      const health = await fetch(`${url}/health`, { signal: AbortSignal.timeout(WAIT_MS) });
      expect(health.status).toBe(200);
    } finally {
      await hub.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
