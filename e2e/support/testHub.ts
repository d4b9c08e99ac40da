// A real hub on port 0 with a temporary SQLite file, and a host session registered on it, for
// integration tests. Everything is disposed with `await using`.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHub, type Hub, type HubConfigInput } from "@porthole/hub";
import { HostSession, type HostSessionOptions } from "@porthole/cli";
import { randomBytes } from "node:crypto";
import { formatPairingUrl, generateKeyPair, joinToken, joinVerifier, parsePairingUrl, toBase64Url, type PairingLink } from "@porthole/protocol";
import { pino } from "pino";
import WebSocket from "ws";

export const OWNER_TOKEN = "test-owner-token-0123456789";

/** Join tokens of the sessions tests made, by session id (a viewer needs one to join). */
const joinTokens = new Map<string, string>();

/** A viewer's `join` message for a session a test made (a random token for any other id). */
export function joinMessage(session: string): { t: "join"; session: string; token: string } {
  return { t: "join", session, token: joinTokens.get(session) ?? toBase64Url(randomBytes(32)) };
}

/** Registers a session with the hub's API, as the CLI does; remembers its join token. */
export async function createSession(url: string, hostPublicKey: Uint8Array, fields: Record<string, unknown> = {}) {
  const created = await api(url, "POST", "/v1/sessions", { command: "test", cols: 80, rows: 24, joinVerifier: joinVerifier(hostPublicKey), ...fields });
  if (created.status === 201) joinTokens.set(created.json.session.id, toBase64Url(joinToken(hostPublicKey)));
  return created;
}

export interface TestHub extends AsyncDisposable {
  hub: Hub;
  url: string;
  dir: string;
  logLines: string[];
}

export async function startTestHub(overrides: Partial<HubConfigInput> = {}): Promise<TestHub> {
  const dir = mkdtempSync(join(tmpdir(), "porthole-hub-"));
  const logLines: string[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => void logLines.push(line) });
  const hub = await createHub({ host: "127.0.0.1", port: 0, sqliteFile: join(dir, "hub.db"), ownerToken: OWNER_TOKEN, ...overrides }, { logger });
  const { url } = await hub.listen();
  return {
    hub,
    url,
    dir,
    logLines,
    async [Symbol.asyncDispose]() {
      await hub.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Calls the hub's API with the owner token. */
export async function api(url: string, method: string, path: string, body?: unknown, token = OWNER_TOKEN): Promise<{ status: number; json: any; text: string }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text };
}

export interface TestHost extends Disposable {
  host: HostSession;
  link: PairingLink;
  sessionId: string;
  /** The current pairing link (the secret changes after each pairing). */
  currentLink(): PairingLink;
}

/** Registers a session and attaches a HostSession to it (no agent: the test feeds output). */
export async function startTestHost(url: string, opts: Partial<HostSessionOptions> = {}): Promise<TestHost> {
  const hostKey = generateKeyPair();
  const created = await createSession(url, hostKey.publicKey);
  if (created.status !== 201) throw new Error(`session create failed: ${created.text}`);
  const host = new HostSession({
    hubUrl: url,
    sessionId: created.json.session.id,
    hostToken: created.json.hostToken,
    hostKey,
    cols: 80,
    rows: 24,
    openSocket: (u) => new WebSocket(u) as never,
    log: pino({ level: "silent" }),
    ...opts,
  });
  host.start();
  const linkWith = (secret: Uint8Array | undefined) => {
    const parsed = parsePairingUrl(formatPairingUrl({ hubUrl: url, sessionId: created.json.session.id, hostPublicKey: hostKey.publicKey, ...(secret ? { pairingSecret: secret } : {}) }));
    if (typeof parsed === "string") throw new Error(parsed);
    return parsed;
  };
  return {
    host,
    sessionId: created.json.session.id,
    link: linkWith(host.pairingSecret),
    currentLink: () => linkWith(host.pairingSecret),
    [Symbol.dispose]() {
      host.close();
    },
  };
}
