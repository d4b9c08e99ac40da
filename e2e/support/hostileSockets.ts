// Raw relay sockets for the hostile-client tests: a socket that records every message and its
// close, a hand-driven host (attach with the session's host token) and a hand-driven viewer, plus
// a check that the hub still serves a normal session, and a hub on a real PostgreSQL store.
// Keep in step with protocol/messages.ts.
import { randomBytes } from "node:crypto";
import { request } from "node:http";
import { createHub, openPostgresStore, type Hub } from "@porthole/hub";
import { FrameType, encodeFrame, generateKeyPair, relayUrl } from "@porthole/protocol";
import pg from "pg";
import { pino } from "pino";
import { expect } from "vitest";
import WebSocket from "ws";
import { connectViewer } from "./nodeViewer.js";
import { createSession, joinMessage, OWNER_TOKEN, startTestHost } from "./testHub.js";

/** Longest any single wait in these tests may take, in ms. */
export const WAIT_MS = 5_000;

/** A well-formed 32-byte base64url value (43 characters) that is no real key. */
export const FAKE_KEY = "A".repeat(43);

/** The local PostgreSQL the store tests use. */
export const PG_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** A hub on a real PostgreSQL store (real I/O latency) in a fresh schema, dropped on dispose. */
export async function startPostgresHub(): Promise<{ hub: Hub; url: string } & AsyncDisposable> {
  const schema = `hostile_${randomBytes(6).toString("hex")}`;
  const store = await openPostgresStore({ url: PG_URL, schema, connectTimeoutMs: 3_000 });
  const hub = await createHub({ host: "127.0.0.1", port: 0, sqliteFile: ":memory:", ownerToken: OWNER_TOKEN }, { store, logger: pino({ level: "silent" }) });
  const { url } = await hub.listen();
  return {
    hub,
    url,
    async [Symbol.asyncDispose]() {
      await hub.close();
      await store.close();
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}

export interface RawSocket {
  ws: WebSocket;
  /** Every text message received, parsed (or the raw text when not JSON). */
  texts: any[];
  /** Every binary message received. */
  binaries: Buffer[];
  /** Set once the socket closed: the code and reason the hub sent. */
  closed: { code: number; reason: string } | undefined;
  send(data: string | Uint8Array | object): void;
  waitFor(predicate: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  /** Resolves with the first received text message with this `t` (including earlier ones). */
  message(t: string, timeoutMs?: number): Promise<any>;
  /** Resolves with the close once the socket is closed. */
  waitClose(timeoutMs?: number): Promise<{ code: number; reason: string }>;
  close(): void;
}

/** Polls a predicate every 5 ms; fails with `what` after the timeout. */
export async function waitUntil(predicate: () => boolean, what: string, timeoutMs = WAIT_MS): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Opens a relay socket and waits until it is open; rejects when the upgrade is refused. */
export async function openRaw(hubUrl: string, opts: { origin?: string } = {}): Promise<RawSocket> {
  const ws = new WebSocket(relayUrl(hubUrl), opts.origin ? { origin: opts.origin } : {});
  const raw: RawSocket = {
    ws,
    texts: [],
    binaries: [],
    closed: undefined,
    send(data) {
      if (data instanceof Uint8Array) ws.send(data, { binary: true });
      else ws.send(typeof data === "string" ? data : JSON.stringify(data));
    },
    waitFor: (predicate, what, timeoutMs) => waitUntil(predicate, what, timeoutMs),
    async message(t, timeoutMs) {
      const find = () => raw.texts.find((m) => m?.t === t);
      await waitUntil(() => find() !== undefined || raw.closed !== undefined, `a "${t}" message`, timeoutMs);
      const found = find();
      if (!found) throw new Error(`socket closed (${raw.closed?.code} ${raw.closed?.reason}) before a "${t}" message; got ${JSON.stringify(raw.texts)}`);
      return found;
    },
    async waitClose(timeoutMs) {
      await waitUntil(() => raw.closed !== undefined, `the hub to close the socket (got ${JSON.stringify(raw.texts).slice(0, 300)})`, timeoutMs);
      return raw.closed!;
    },
    close: () => ws.terminate(),
  };
  ws.on("message", (data, isBinary) => {
    const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    if (isBinary) return void raw.binaries.push(bytes);
    try {
      raw.texts.push(JSON.parse(bytes.toString()));
    } catch {
      raw.texts.push(bytes.toString());
    }
  });
  ws.on("close", (code, reason) => {
    raw.closed = { code, reason: reason.toString() };
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("relay socket did not open in time")), WAIT_MS);
    ws.once("open", () => (clearTimeout(timer), resolve()));
    ws.once("unexpected-response", (_req, res) => (clearTimeout(timer), reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode }))));
    ws.once("error", (error) => (clearTimeout(timer), reject(error)));
  });
  return raw;
}

export interface RawHost extends RawSocket {
  sessionId: string;
  hostToken: string;
  /** The host's public key, as in the session's links (its join token derives from it). */
  hostPublicKey: Uint8Array;
  /** Sends an output frame with this sequence number and payload. */
  output(seq: number, payload: string | Uint8Array): void;
  /** Admits a viewer that said hello, then sends it a welcome so it knows. */
  admit(viewer: number): void;
}

/** Registers a session over the API and attaches to it as its host, by hand. */
export async function rawHost(hubUrl: string): Promise<RawHost> {
  const hostKey = generateKeyPair();
  const created = await createSession(hubUrl, hostKey.publicKey, { command: "hostile" });
  expect(created.status, created.text).toBe(201);
  const socket = await openRaw(hubUrl);
  socket.send({ t: "attach", session: created.json.session.id, token: created.json.hostToken });
  await socket.message("attached");
  return Object.assign(socket, {
    sessionId: created.json.session.id as string,
    hostToken: created.json.hostToken as string,
    hostPublicKey: hostKey.publicKey,
    output(seq: number, payload: string | Uint8Array) {
      socket.send(encodeFrame(FrameType.output, seq, typeof payload === "string" ? Buffer.from(payload) : payload));
    },
    admit(viewer: number) {
      socket.send({ t: "admit", viewer });
      socket.send({ t: "welcome", viewer, ephemeral: FAKE_KEY, confirm: FAKE_KEY });
    },
  });
}

export interface RawViewer extends RawSocket {
  /** The viewer id the hub gave this socket. */
  id: number;
}

/** Joins a session by hand (no pairing): the hub knows it only as an unadmitted viewer. */
export async function rawViewer(hubUrl: string, sessionId: string): Promise<RawViewer> {
  const socket = await openRaw(hubUrl);
  socket.send(joinMessage(sessionId));
  const joined = await socket.message("joined");
  return Object.assign(socket, { id: joined.viewer as number });
}

/** A hand-driven viewer that said hello and was admitted by the hand-driven host. */
export async function admittedViewer(hubUrl: string, host: RawHost): Promise<RawViewer> {
  const viewer = await rawViewer(hubUrl, host.sessionId);
  viewer.send({ t: "hello", mode: "pair", device: FAKE_KEY, ephemeral: FAKE_KEY, mac: FAKE_KEY });
  await host.waitFor(() => host.texts.some((m) => m?.t === "hello" && m.viewer === viewer.id), "the viewer's hello at the host");
  host.admit(viewer.id);
  await viewer.message("welcome");
  return viewer;
}

/** The error messages a socket received so far. */
export function errorsOf(socket: RawSocket): { code: string; message: string }[] {
  return socket.texts.filter((m) => m?.t === "error");
}

/** Sends one HTTP request with the path exactly as given (fetch would normalise `..`). */
export function rawRequest(hubUrl: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  const { hostname, port } = new URL(hubUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method: "GET", headers, timeout: WAIT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString() }));
    });
    req.on("timeout", () => req.destroy(new Error(`no answer to GET ${path}`)));
    req.on("error", reject);
    req.end();
  });
}

/**
 * After a hostile case: the hub still answers /health, and a normal host and viewer still pair
 * and see output. Proves the hub neither crashed nor stopped serving.
 */
export async function expectHubServing(hubUrl: string): Promise<void> {
  const health = await fetch(`${hubUrl}/health`, { signal: AbortSignal.timeout(WAIT_MS) });
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({ ok: true });
  using host = await startTestHost(hubUrl);
  const viewer = connectViewer(host.link);
  try {
    await viewer.waitForStatus("live", WAIT_MS);
    host.host.output(new TextEncoder().encode("still serving\r\n"));
    await viewer.waitForText("still serving", WAIT_MS);
  } finally {
    viewer.close();
  }
}
