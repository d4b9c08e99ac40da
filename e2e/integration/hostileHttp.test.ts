// The sessions API against a hostile client: bad tokens, bad bodies (a missing or malformed
// joinVerifier, control characters), pollution attempts and foreign ids each get a JSON error
// with the right status, and change nothing. The NUL-byte case also runs on PostgreSQL.
// Keep in step with packages/hub/src/sessions/sessionRoutes.ts and http/errorHandling.ts.
import { generateKeyPair, joinVerifier } from "@porthole/protocol";
import { describe, expect, it } from "vitest";
import { expectHubServing, startPostgresHub, WAIT_MS } from "../support/hostileSockets.js";
import { api, OWNER_TOKEN, startTestHub } from "../support/testHub.js";

/** A well-formed joinVerifier: SHA-256 (64 lowercase hex) of a host key's join token. */
const VERIFIER = joinVerifier(generateKeyPair().publicKey);
const VALID = { command: "claude", cols: 80, rows: 24, joinVerifier: VERIFIER };

interface Answer {
  status: number;
  contentType: string;
  json: any;
  text: string;
}

/** One request with exactly these headers and this raw body. */
async function call(url: string, method: string, path: string, opts: { authorization?: string; contentType?: string; body?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (opts.authorization !== undefined) headers.authorization = opts.authorization;
  if (opts.contentType !== undefined) headers["content-type"] = opts.contentType;
  const response = await fetch(`${url}${path}`, { method, headers, ...(opts.body === undefined ? {} : { body: opts.body }), signal: AbortSignal.timeout(WAIT_MS) });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, contentType: response.headers.get("content-type") ?? "", json, text };
}

/** Asserts a JSON error body `{error:{code,message}}` with this status and code. */
function expectError(answer: Answer, status: number, code: string, what: string): void {
  expect(answer.status, `${what}: ${answer.text}`).toBe(status);
  expect(answer.contentType, what).toMatch(/^application\/json/);
  expect(answer.json, what).toEqual({ error: { code, message: expect.any(String) } });
  expect(answer.json.error.message.length, what).toBeGreaterThan(0);
}

async function sessionIds(url: string): Promise<string[]> {
  const listed = await api(url, "GET", "/v1/sessions");
  expect(listed.status).toBe(200);
  return listed.json.sessions.map((s: { id: string }) => s.id);
}

describe("sessions API: authentication", () => {
  it("answers every /v1/sessions route with a JSON 401 for a missing, malformed or wrong token, and changes nothing", async () => {
    await using hub = await startTestHub();
    const existing = await api(hub.url, "POST", "/v1/sessions", VALID);
    expect(existing.status).toBe(201);
    const id = existing.json.session.id as string;
    const routes: [string, string, string | undefined][] = [
      ["POST", "/v1/sessions", JSON.stringify(VALID)],
      ["GET", "/v1/sessions", undefined],
      ["GET", `/v1/sessions/${id}`, undefined],
      ["POST", `/v1/sessions/${id}/revoke`, undefined],
      ["DELETE", `/v1/sessions/${id}`, undefined],
    ];
    const authorizations: (string | undefined)[] = [
      undefined,
      "",
      "Bearer",
      `bearer ${OWNER_TOKEN}`,
      `Token ${OWNER_TOKEN}`,
      `Basic ${Buffer.from(`owner:${OWNER_TOKEN}`).toString("base64")}`,
      "Bearer wrong-token-0123456789",
      `Bearer ${OWNER_TOKEN}x`,
      `Bearer ${OWNER_TOKEN.slice(0, -1)}`,
      `Bearer ${OWNER_TOKEN} ${OWNER_TOKEN}`,
      `Bearer  ${OWNER_TOKEN}`,
      `Bearer ${"a".repeat(600)}`,
    ];
    for (const [method, path, body] of routes) {
      for (const authorization of authorizations) {
        const answer = await call(hub.url, method, path, { ...(authorization === undefined ? {} : { authorization }), ...(body ? { contentType: "application/json", body } : {}) });
        expectError(answer, 401, "unauthorized", `${method} ${path} with ${JSON.stringify(authorization?.slice(0, 40))}`);
        expect(answer.text).not.toContain(OWNER_TOKEN);
      }
    }
    expect(await sessionIds(hub.url)).toEqual([id]);
    await expectHubServing(hub.url);
  });
});

describe("sessions API: request bodies", () => {
  it("answers a body whose Content-Type is not JSON (text/plain included) with 415", async () => {
    await using hub = await startTestHub();
    const body = JSON.stringify(VALID);
    for (const contentType of ["text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded", "application/xml", "application/octet-stream", "multipart/form-data; boundary=x", "application/jsonx", "image/png"]) {
      expectError(await call(hub.url, "POST", "/v1/sessions", { authorization: `Bearer ${OWNER_TOKEN}`, contentType, body }), 415, "unsupported_media_type", contentType);
    }
    expect(await sessionIds(hub.url)).toEqual([]);
    await expectHubServing(hub.url);
  });

  it("answers a body over the limit with 413 and stores nothing", async () => {
    await using hub = await startTestHub({ bodyLimitBytes: 4096 });
    const big = JSON.stringify({ ...VALID, command: "x".repeat(5000) });
    expectError(await call(hub.url, "POST", "/v1/sessions", { authorization: `Bearer ${OWNER_TOKEN}`, contentType: "application/json", body: big }), 413, "payload_too_large", "5 kB body");
    const huge = JSON.stringify({ ...VALID, command: "x".repeat(2_000_000) });
    expectError(await call(hub.url, "POST", "/v1/sessions", { authorization: `Bearer ${OWNER_TOKEN}`, contentType: "application/json", body: huge }), 413, "payload_too_large", "2 MB body");
    expect(await sessionIds(hub.url)).toEqual([]);
    await expectHubServing(hub.url);
  });

  it("answers invalid JSON with 400 and stores nothing", async () => {
    await using hub = await startTestHub();
    const bodies = ["", "{", "}", "{'command':'x'}", '{"command":"x",}', "NaN", "undefined", "{\"cols\": 08}", "\u0000", "[".repeat(20_000) + "]".repeat(20_000), `${JSON.stringify(VALID)}garbage`];
    for (const body of bodies) {
      expectError(await call(hub.url, "POST", "/v1/sessions", { authorization: `Bearer ${OWNER_TOKEN}`, contentType: "application/json", body }), 400, "bad_request", JSON.stringify(body.slice(0, 30)));
    }
    expect(await sessionIds(hub.url)).toEqual([]);
    await expectHubServing(hub.url);
  });

  it("answers wrong types, extra or missing fields and out-of-range values with 400 and stores nothing", async () => {
    await using hub = await startTestHub();
    const raw = [
      "null", "true", "42", '"claude"', "[]", "{}", `{"command":"x","cols":1e400,"rows":24,"joinVerifier":"${VERIFIER}"}`, `{"command":"x","cols":-0.5,"rows":24,"joinVerifier":"${VERIFIER}"}`,
    ];
    const bodies: unknown[] = [
      { ...VALID, cols: 0 }, { ...VALID, cols: 100_000 }, { ...VALID, cols: "80" }, { ...VALID, cols: 80.5 }, { ...VALID, cols: -1 },
      { ...VALID, cols: null }, { ...VALID, rows: 0 }, { ...VALID, rows: [24] }, { ...VALID, rows: { valueOf: 24 } },
      { command: "x", cols: 80, joinVerifier: VERIFIER }, { cols: 80, rows: 24, joinVerifier: VERIFIER }, { ...VALID, command: "" }, { ...VALID, command: 7 }, { ...VALID, command: ["claude"] },
      { ...VALID, command: "x".repeat(10_000) }, { ...VALID, name: "" }, { ...VALID, name: "   " }, { ...VALID, name: "n".repeat(201) }, { ...VALID, name: 5 },
      { ...VALID, admin: true }, { ...VALID, ownerId: "someone-else" }, { ...VALID, id: "AAAAAAAAAAAAAAAAAAAAAA" }, { ...VALID, hostTokenHash: "0".repeat(64) },
      { ...VALID, storedBytes: 0 }, { ...VALID, endedAt: null },
    ];
    for (const body of [...raw, ...bodies.map((b) => JSON.stringify(b))]) {
      expectError(await call(hub.url, "POST", "/v1/sessions", { authorization: `Bearer ${OWNER_TOKEN}`, contentType: "application/json", body }), 400, "bad_request", body.slice(0, 60));
    }
    expect(await sessionIds(hub.url)).toEqual([]);
    // The same hub takes the valid body, so the refusals above are about the values, not the route.
    expect((await api(hub.url, "POST", "/v1/sessions", VALID)).status).toBe(201);
    await expectHubServing(hub.url);
  });

  it("refuses prototype-pollution payloads with 400 and leaves Object.prototype clean", async () => {
    await using hub = await startTestHub();
    const valid = `"command":"x","cols":80,"rows":24,"joinVerifier":"${VERIFIER}"`;
    const bodies = [
      `{"__proto__":{"admin":true},${valid}}`,
      `{"constructor":{"prototype":{"admin":true}},${valid}}`,
      `{"\\u005f_proto__":{"admin":true},${valid}}`,
      `{"name":{"__proto__":{"admin":true}},${valid}}`,
      `{"name":"x",${valid},"__proto__":{"polluted":"yes","toString":"boom"}}`,
      `[{"__proto__":{"admin":true}}]`,
      `{"prototype":{"admin":true},${valid}}`,
    ];
    for (const body of bodies) {
      expectError(await call(hub.url, "POST", "/v1/sessions", { authorization: `Bearer ${OWNER_TOKEN}`, contentType: "application/json", body }), 400, "bad_request", body);
    }
    const probe: Record<string, unknown> = {};
    expect(probe.admin).toBeUndefined();
    expect(probe.polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, "admin")).toBe(false);
    expect(typeof probe.toString).toBe("function");
    expect(await sessionIds(hub.url)).toEqual([]);
    await expectHubServing(hub.url);
  });

  it("refuses a missing, short, long, uppercase, non-hex or non-string joinVerifier with 400 and stores nothing", async () => {
    await using hub = await startTestHub();
    const withoutVerifier = { command: VALID.command, cols: VALID.cols, rows: VALID.rows };
    const verifiers: unknown[] = [
      "", VERIFIER.slice(0, 63), VERIFIER.slice(0, 32), `${VERIFIER}0`, VERIFIER.toUpperCase(), `${VERIFIER.slice(0, 63)}A`, "g".repeat(64), "z".repeat(64),
      ` ${VERIFIER.slice(1)}`, `${VERIFIER.slice(0, 63)}\n`, `0x${VERIFIER.slice(2)}`, Buffer.from(VERIFIER, "hex").toString("base64url"), "-".repeat(64),
      null, 0, Number.MAX_SAFE_INTEGER, true, [VERIFIER], { hex: VERIFIER },
    ];
    const bodies = [withoutVerifier, { ...withoutVerifier, joinverifier: VERIFIER }, ...verifiers.map((v) => ({ ...withoutVerifier, joinVerifier: v }))];
    for (const body of bodies) {
      const answer = await call(hub.url, "POST", "/v1/sessions", { authorization: `Bearer ${OWNER_TOKEN}`, contentType: "application/json", body: JSON.stringify(body) });
      expectError(answer, 400, "bad_request", JSON.stringify(body).slice(-90));
    }
    expect(await sessionIds(hub.url)).toEqual([]);
    // The same body with a well-formed verifier is taken, so the refusals are about the verifier.
    const created = await api(hub.url, "POST", "/v1/sessions", VALID);
    expect(created.status, created.text).toBe(201);
    expect(created.text).not.toContain(VERIFIER);
    await expectHubServing(hub.url);
  });

  it("refuses a NUL byte in command or name with 400 on both store engines, and stores nothing", async () => {
    await using sqlite = await startTestHub();
    await using postgres = await startPostgresHub();
    for (const [engine, url] of [["sqlite", sqlite.url], ["postgres", postgres.url]] as const) {
      for (const body of [{ ...VALID, command: "claude\u0000--evil" }, { ...VALID, name: "a\u0000b" }, { ...VALID, name: "\u0007bell" }, { ...VALID, command: "x\u007f" }]) {
        const answer = await api(url, "POST", "/v1/sessions", body);
        expect(answer.status, `${engine}: ${answer.text}`).toBe(400);
        expect(answer.json?.error?.code, engine).toBe("bad_request");
      }
      expect((await api(url, "GET", "/v1/sessions")).json.sessions, `${engine}: nothing stored`).toEqual([]);
      expect((await api(url, "POST", "/v1/sessions", { ...VALID, command: "claude\t--flag" })).status, `${engine}: a tab is fine`).toBe(201);
    }
  });
});

describe("sessions API: ids and owners", () => {
  it("answers malformed, too long and unknown ids with a JSON 404 on every id route", async () => {
    await using hub = await startTestHub();
    // (Ids over the router's 100-character parameter limit: see "malformed requests" in hostileHttpEdge.test.ts.)
    const ids = ["short", "A".repeat(65), "A".repeat(100), "AAAAAAAAAAAAAAAAAAAAAA", "..%2F..%2Fetc%2Fpasswd", "%00", "A%00AAAAAAAAAAAAAAAAAAA", encodeURIComponent("' OR '1'='1"), "%E2%80%AE" + "A".repeat(20)];
    for (const id of ids) {
      for (const [method, path] of [["GET", `/v1/sessions/${id}`], ["POST", `/v1/sessions/${id}/revoke`], ["DELETE", `/v1/sessions/${id}`]] as const) {
        expectError(await call(hub.url, method, path, { authorization: `Bearer ${OWNER_TOKEN}` }), 404, "not_found", `${method} ${path.slice(0, 80)}`);
      }
    }
    await expectHubServing(hub.url);
  });

  it("hides another owner's session: 404 (not 403) on every route, absent from the list, still stored", async () => {
    await using hub = await startTestHub();
    const foreignId = "ForeignSessionId0123456789";
    await hub.hub.store.createSession({ id: foreignId, ownerId: "someone-else", name: "theirs", command: "theirs", hostTokenHash: "0".repeat(64), joinVerifier: "0".repeat(64), cols: 80, rows: 24, createdAt: Date.now() });
    for (const [method, path] of [["GET", `/v1/sessions/${foreignId}`], ["POST", `/v1/sessions/${foreignId}/revoke`], ["DELETE", `/v1/sessions/${foreignId}`]] as const) {
      const answer = await call(hub.url, method, path, { authorization: `Bearer ${OWNER_TOKEN}` });
      expectError(answer, 404, "not_found", `${method} ${path}`);
      expect(answer.text).not.toContain("theirs");
    }
    expect(await sessionIds(hub.url)).toEqual([]);
    expect((await hub.hub.store.getSession(foreignId))?.ownerId).toBe("someone-else");
    await expectHubServing(hub.url);
  });

  it("a hub with another owner token refuses this token (401) and cannot see this hub's sessions (404)", async () => {
    await using hubA = await startTestHub();
    const otherToken = "another-owner-token-9876543210";
    await using hubB = await startTestHub({ ownerToken: otherToken });
    const created = await api(hubA.url, "POST", "/v1/sessions", VALID);
    expect(created.status, created.text).toBe(201);
    const id = created.json.session.id as string;
    expectError(await call(hubB.url, "GET", `/v1/sessions/${id}`, { authorization: `Bearer ${OWNER_TOKEN}` }), 401, "unauthorized", "A's token on B");
    expectError(await call(hubB.url, "GET", `/v1/sessions/${id}`, { authorization: `Bearer ${otherToken}` }), 404, "not_found", "A's session on B");
    expectError(await call(hubB.url, "DELETE", `/v1/sessions/${id}`, { authorization: `Bearer ${otherToken}` }), 404, "not_found", "delete A's session on B");
    expectError(await call(hubA.url, "GET", `/v1/sessions/${id}`, { authorization: `Bearer ${otherToken}` }), 401, "unauthorized", "B's token on A");
    expect(await sessionIds(hubA.url)).toEqual([id]);
    await expectHubServing(hubA.url);
  });
});
