// The relay's WebSocket endpoint (/v1/relay): checks Origin on upgrade, reads the first message to
// learn whether a host or a viewer connected, and hands the socket to that connection type.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { createHash, timingSafeEqual } from "node:crypto";
import { MAX_FRAME_BYTES, PortholeError, fromBase64Url, hostToHub, parseMessage, viewerToHub } from "@porthole/protocol";
import type { Logger } from "pino";
import { WebSocketServer, type WebSocket, type RawData } from "ws";
import type { Bus } from "../bus/index.js";
import type { HubMetrics } from "../observability/metrics.js";
import type { IdentifyUpgrade } from "../auth/hubAuthentication.js";
import type { Store } from "../store/index.js";
import { HostConnection, type HostConnectionDeps } from "./hostConnection.js";
import { SocketSender } from "./socketSender.js";
import { ViewerConnection } from "./viewerConnection.js";
import { originAllowed } from "./originCheck.js";
import { TokenBucket } from "./tokenBucket.js";

export interface RelayOptions {
  metrics: HubMetrics;
  store: Store;
  bus: Bus;
  log: Logger;
  allowedOrigins: readonly string[];
  replayBytes: number;
  maxViewersPerSession: number;
  viewerHighWaterBytes: number;
  /** Relay connections one client address may hold at once. */
  maxConnectionsPerIp: number;
  /** Relay connections one signed-in user may hold at once. */
  maxConnectionsPerUser: number;
  /** The user behind an upgrade request with valid credentials, if any. */
  identifyUpgrade: IdentifyUpgrade;
  /** Average messages per second a viewer may send (bursts 4x); a host gets 20x. */
  messagesPerSecond: number;
  /** Take the client address from X-Forwarded-For (the last hop, added by our proxy). */
  trustProxy: boolean;
  /** A host asked for attention and no viewer is looking (push notifications). */
  onAttention?: HostConnectionDeps["onAttention"];
}

/** Time a new socket has to say who it is, in ms. */
const FIRST_MESSAGE_TIMEOUT_MS = 10_000;
/** Interval between WebSocket pings; a peer that misses two is dropped. */
const PING_INTERVAL_MS = 30_000;
/** Viewers of one session that may be connected but not yet admitted by the host. */
const MAX_WAITING_VIEWERS = 8;
/** Protocol errors one connection may cause before it is closed. */
const MAX_ERRORS = 20;
/** Messages a client may send while the hub is still setting up its connection. */
const MAX_EARLY_MESSAGES = 64;

type Connection = HostConnection | ViewerConnection;

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && timingSafeEqual(x, y);
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}

export function createRelay(options: RelayOptions) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  const viewersBySession = new Map<string, Set<ViewerConnection>>();
  const senders = new Set<SocketSender>();
  const connectionsByAddress = new Map<string, number>();
  const connectionsByUser = new Map<string, number>();
  const countDown = (counts: Map<string, number>, key: string) => {
    const left = (counts.get(key) ?? 1) - 1;
    if (left <= 0) counts.delete(key);
    else counts.set(key, left);
  };
  /** Connection clean-ups still running (they tell the bus a host left): awaited on close. */
  const pendingCloses = new Set<Promise<void>>();
  const addresses = new WeakMap<WebSocket, string>();

  /** Records a refused relay credential in the audit log (never the credential itself). */
  function auditRefusal(type: "relay.host_refused" | "relay.join_refused", ip: string | undefined, session: string): void {
    options.store.accounts
      .appendAudit({ at: Date.now(), type, userId: null, ip: ip ?? null, detail: { session: session.slice(0, 64) } })
      .catch((error: unknown) => options.log.error({ err: error }, "could not write the audit log"));
  }
  const alive = new WeakSet<WebSocket>();

  const pinger = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, PING_INTERVAL_MS);
  pinger.unref();

  function rejectUpgrade(socket: Duplex, status: number, error: PortholeError): void {
    const body = JSON.stringify(error);
    socket.end(`HTTP/1.1 ${status} ${error.code}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }

  function clientAddress(req: IncomingMessage): string {
    const forwarded = options.trustProxy ? req.headers["x-forwarded-for"] : undefined;
    const hops = (Array.isArray(forwarded) ? forwarded.join(",") : forwarded ?? "").split(",").map((h) => h.trim()).filter(Boolean);
    return hops.at(-1) ?? req.socket.remoteAddress ?? "unknown";
  }

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!originAllowed(req.headers.origin, req.headers.host, options.allowedOrigins)) {
      options.log.warn({ origin: req.headers.origin }, "refused a cross-origin relay upgrade");
      return rejectUpgrade(socket, 403, new PortholeError("forbidden", "cross-origin WebSocket refused"));
    }
    const address = clientAddress(req);
    const open = connectionsByAddress.get(address) ?? 0;
    if (open >= options.maxConnectionsPerIp) {
      options.log.warn({ address }, "refused a relay connection over the per-address cap");
      return rejectUpgrade(socket, 429, new PortholeError("rate_limited", "too many connections from this address"));
    }
    connectionsByAddress.set(address, open + 1);
    const releaseAddress = () => countDown(connectionsByAddress, address);
    socket.once("close", releaseAddress);
    void options.identifyUpgrade(req, address).then((principal) => {
      const user = principal?.userId;
      if (user !== undefined && (connectionsByUser.get(user) ?? 0) >= options.maxConnectionsPerUser) {
        options.log.warn({ user }, "refused a relay connection over the per-user cap");
        return rejectUpgrade(socket, 429, new PortholeError("rate_limited", "too many connections for this account"));
      }
      if (socket.destroyed) return;
      if (user !== undefined) {
        connectionsByUser.set(user, (connectionsByUser.get(user) ?? 0) + 1);
        socket.once("close", () => countDown(connectionsByUser, user));
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        addresses.set(ws, address);
        onConnection(ws);
      });
    });
  }

  function onConnection(ws: WebSocket): void {
    alive.add(ws);
    ws.on("pong", () => alive.add(ws));
    const sender = new SocketSender(ws, Math.floor(options.viewerHighWaterBytes / 4));
    senders.add(sender);
    let connection: Connection | undefined;
    let starting = false;
    let errors = 0;
    const timer = setTimeout(() => sender.close(new PortholeError("protocol_error", "no join or attach message")), FIRST_MESSAGE_TIMEOUT_MS);
    const countError = () => {
      if (++errors > MAX_ERRORS) sender.close(new PortholeError("protocol_error", "too many bad messages"));
    };
    const originalError = sender.error.bind(sender);
    sender.error = (code, message) => {
      originalError(code, message);
      countError();
    };

    const early: { data: RawData; isBinary: boolean }[] = [];
    let bucket = new TokenBucket(options.messagesPerSecond, options.messagesPerSecond * 4);
    let refused = 0;
    ws.on("message", (data, isBinary) => {
      alive.add(ws);
      // A host's output frames are paced by the hub's acknowledgements (its window), not here:
      // dropping one would break the stream.
      const paced = isBinary && connection instanceof HostConnection;
      if (!paced && !bucket.take()) {
        // Over the rate: the message is dropped and said so; a client that keeps on is cut off.
        if (++refused > options.messagesPerSecond) sender.close(new PortholeError("rate_limited", "too many messages"));
        else if (refused === 1 || refused % 50 === 0) originalError("rate_limited", "too many messages: slow down");
        return;
      }
      refused = 0;
      if (connection) return deliver(connection, data, isBinary);
      if (starting) {
        // A client may answer `joined` or `attached` before the hub has finished setting up: keep
        // what it sends meanwhile, in order, and hand it over once the connection exists.
        if (early.length >= MAX_EARLY_MESSAGES) return sender.close(new PortholeError("protocol_error", "too many messages before joined or attached"));
        early.push({ data, isBinary });
        return;
      }
      if (isBinary) return sender.error("protocol_error", "the first message must be join or attach");
      starting = true;
      void identify(toBytes(data).toString(), sender, addresses.get(ws))
        .then((c) => {
          clearTimeout(timer);
          connection = c;
          if (c instanceof HostConnection) bucket = new TokenBucket(options.messagesPerSecond * 20, options.messagesPerSecond * 80);
          if (ws.readyState !== ws.OPEN) return release(c);
          for (const m of early.splice(0)) deliver(c, m.data, m.isBinary);
        })
        .catch((error: unknown) => {
          const failure = error instanceof PortholeError ? error : new PortholeError("internal");
          if (!(error instanceof PortholeError)) options.log.error({ err: error }, "relay connection failed");
          sender.close(failure);
        })
        .finally(() => {
          starting = false;
        });
    });
    ws.on("close", () => {
      clearTimeout(timer);
      senders.delete(sender);
      sender.releaseWaiters();
      if (connection) release(connection);
    });
    ws.on("error", () => {});
  }

  function deliver(connection: Connection, data: RawData, isBinary: boolean): void {
    if (isBinary) connection.onBinary(toBytes(data));
    else connection.onText(toBytes(data).toString());
  }

  /** Forgets a connection whose socket closed, whenever that happened. */
  function release(connection: Connection): void {
    if (connection instanceof ViewerConnection) {
      const set = viewersBySession.get(connection.sessionId);
      set?.delete(connection);
      if (set?.size === 0) viewersBySession.delete(connection.sessionId);
    }
    const closing = connection.close().catch((error: unknown) => options.log.error({ err: error }, "closing a relay connection failed"));
    pendingCloses.add(closing);
    void closing.finally(() => pendingCloses.delete(closing));
  }

  async function identify(text: string, sender: SocketSender, ip: string | undefined): Promise<Connection> {
    const asHost = parseMessage(hostToHub, text);
    if (typeof asHost !== "string" && asHost.t === "attach") {
      const session = await options.store.getSession(asHost.session);
      if (!session || !sameHash(session.hostTokenHash, hashToken(asHost.token))) {
        auditRefusal("relay.host_refused", ip, asHost.session);
        throw new PortholeError("not_found", "no such session for this host token");
      }
      if (session.endedAt !== null) throw new PortholeError("session_ended");
      const log = options.log.child({ session: session.id, role: "host" });
      const host = new HostConnection(sender, session, { store: options.store, bus: options.bus, log, replayBytes: options.replayBytes, metrics: options.metrics, onAttention: options.onAttention });
      await host.start();
      return host;
    }
    const asViewer = parseMessage(viewerToHub, text);
    if (typeof asViewer === "string" || asViewer.t !== "join") throw new PortholeError("protocol_error", "the first message must be join or attach");
    const session = await options.store.getSession(asViewer.session);
    // A wrong join token looks exactly like a missing session: the id alone reveals nothing.
    const token = fromBase64Url(asViewer.token);
    if (!session || !token || !sameHash(session.joinVerifier, createHash("sha256").update(token).digest("hex"))) {
      auditRefusal("relay.join_refused", ip, asViewer.session);
      throw new PortholeError("not_found", "no such session");
    }
    let viewers = viewersBySession.get(session.id);
    if (!viewers) viewersBySession.set(session.id, (viewers = new Set()));
    // Viewers still pairing have their own small cap, so strangers who know a session id cannot
    // take the places of the owner's devices; they are also closed if not admitted in time.
    const waiting = [...viewers].filter((v) => !v.admitted).length;
    if (waiting >= MAX_WAITING_VIEWERS) throw new PortholeError("rate_limited", "too many viewers are waiting to pair with this session");
    if (viewers.size - waiting >= options.maxViewersPerSession) throw new PortholeError("rate_limited", "too many viewers on this session");
    const log = options.log.child({ session: session.id, role: "viewer" });
    const viewer = new ViewerConnection(sender, session, { store: options.store, bus: options.bus, log, highWaterBytes: options.viewerHighWaterBytes });
    viewers.add(viewer);
    await viewer.start();
    log.info({ viewer: viewer.id }, "viewer joined");
    return viewer;
  }

  return {
    handleUpgrade,
    /** Connections open now, for metrics and tests. */
    get connections(): number {
      return wss.clients.size;
    },
    /** Bytes handed to sockets and not yet written out, over all connections. */
    get queuedBytes(): number {
      let total = 0;
      for (const sender of senders) total += sender.inflight;
      return total;
    },
    /** Waits (up to timeoutMs) until every viewer has been sent all stored output. */
    async settle(timeoutMs: number): Promise<boolean> {
      const deadline = Date.now() + timeoutMs;
      const settled = () => [...viewersBySession.values()].every((set) => [...set].every((v) => v.settled));
      while (!settled()) {
        if (Date.now() > deadline) return false;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return true;
    },
    async close(): Promise<void> {
      clearInterval(pinger);
      for (const ws of wss.clients) ws.close(1001, "hub shutting down");
      // A peer that never answers the close handshake (a dead network) is cut off after a second.
      const cutoff = setTimeout(() => {
        for (const ws of wss.clients) ws.terminate();
      }, 1000);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      // Every socket's close handler must have run (it starts the connection's clean-up).
      for (let waited = 0; senders.size > 0 && waited < 2000; waited += 10) await new Promise((r) => setTimeout(r, 10));
      clearTimeout(cutoff);
      await Promise.allSettled([...pendingCloses]);
    },
  };
}

export type Relay = ReturnType<typeof createRelay>;
