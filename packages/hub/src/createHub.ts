// Builds a hub from a validated config: store, bus, HTTP API, relay and web app on one port.
// Returns { listen, close }; never reads the environment (the CLI does that).
import type { AddressInfo } from "node:net";
import Fastify, { LogController, type FastifyBaseLogger, type FastifyReply } from "fastify";
import { pino, type Logger } from "pino";
import { createAuthentication } from "./auth/hubAuthentication.js";
import { createInProcessBus, createRedisBus, type Bus } from "./bus/index.js";
import { parseHubConfig, type HubConfigInput } from "./config.js";
import { PortholeError } from "@porthole/protocol";
import { notFoundBody, registerErrorHandling, securityHeaderLines, securityHeaders } from "./http/errorHandling.js";
import { createMetrics, registerMetricsRoutes } from "./observability/metrics.js";
import { createRelay, type Relay } from "./relay/relayServer.js";
import { setUpPush } from "./push/createPush.js";
import { registerFileRoutes, type WorkspaceOf } from "./files/fileRoutes.js";
import { setUpSecrets, withSecretRedaction } from "./secrets/hubSecrets.js";
import type { UserSecrets } from "./secrets/userSecrets.js";
import { registerProjectRoutes } from "./projects/projectRoutes.js";
import { createHostedSessions } from "./hosted/hostedSessions.js";
import { registerHostedRoutes } from "./hosted/hostedRoutes.js";
import { registerSessionRoutes } from "./sessions/sessionRoutes.js";
import { openStore, type Store } from "./store/index.js";
import { registerWebRoutes } from "./web/webRoutes.js";

export interface HubDeps {
  /** Use this store instead of opening one from the config (tests, benchmarks). */
  store?: Store;
  bus?: Bus;
  /** Log destination; defaults to pino on stderr at the configured level. */
  logger?: Logger;
  /** The workspace directory of a hosted session (files routes); default: none has one. */
  workspaceOf?: WorkspaceOf;
}

export interface Hub {
  /** Starts listening; resolves with the bound port and a base URL on that interface. */
  listen(): Promise<{ port: number; url: string }>;
  /** Stops; with graceMs, first gives viewers that long to receive the output already stored. */
  close(options?: { graceMs?: number }): Promise<void>;
  readonly store: Store;
  readonly bus: Bus;
  /** Users' sealed secrets: decryptUserApiKey(userId) gives a hosted process its Anthropic key. */
  readonly userSecrets: UserSecrets;
  /** Open relay connections. */
  readonly connections: number;
  /** Bytes queued to relay sockets and not yet written out (bounded per viewer by viewerHighWaterBytes). */
  readonly queuedBytes: number;
}

export async function createHub(input: HubConfigInput, deps: HubDeps = {}): Promise<Hub> {
  const config = parseHubConfig(input);
  const logger = withSecretRedaction(deps.logger ?? pino({ level: config.logLevel, base: { service: "porthole-hub" } }, pino.destination(2)));
  const store = deps.store ?? (await openStore({ sqliteFile: config.sqliteFile, ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}) }));
  const onListenerError = (error: unknown) => logger.error({ err: error }, "a bus listener failed");
  const bus = deps.bus ?? (config.redisUrl ? await createRedisBus({ url: config.redisUrl, onListenerError }) : createInProcessBus(onListenerError));

  const https = config.tls !== undefined;
  const app = Fastify({
    ...(config.tls ? { https: { cert: config.tls.cert, key: config.tls.key } } : {}),
    trustProxy: config.trustProxy,
    loggerInstance: logger as unknown as FastifyBaseLogger,
    bodyLimit: config.bodyLimitBytes,
    // Per-request lines would log URLs of every asset; routes log what matters themselves.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    // Requests Fastify refuses before routing (bad percent-encoding, over-long URLs, unparseable
    // HTTP) get our error body and headers too, never Fastify's echo of the path.
    frameworkErrors: (error, _request, reply) => {
      const failure = error.statusCode === 414 ? new PortholeError("bad_request", "the URL is too long") : new PortholeError("bad_request", "the URL is malformed");
      for (const [name, value] of securityHeaders(https)) reply.header(name, value);
      void (reply as unknown as FastifyReply).code(failure.httpStatus).type("application/json").send(JSON.stringify(failure));
    },
    clientErrorHandler: (_error, socket) => {
      if (!socket.writable) {
        socket.destroy();
        return;
      }
      const body = JSON.stringify(new PortholeError("bad_request", "the HTTP request is malformed"));
      socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${securityHeaderLines()}Connection: close\r\n\r\n${body}`);
    },
  });
  // JSON only: any other body type is a 415, not a string handed to a route.
  app.removeContentTypeParser("text/plain");
  registerErrorHandling(app, { https });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send(notFoundBody()));
  app.get("/health", async () => ({ ok: true, store: store.engine, bus: bus.engine }));
  const metrics = createMetrics({ connections: () => relay.connections, queuedBytes: () => relay.queuedBytes });
  registerMetricsRoutes(app, metrics);
  const accounts = await createAuthentication(app, { store, logger, ownerToken: config.ownerToken, auth: config.auth });
  const { identifyUpgrade } = accounts;
  // Hosted sessions: their runners register with a one-time credential of their user.
  const hosted = config.hosted ? createHostedSessions(config.hosted, { store, logger, userApiKey: (userId) => userSecrets.decryptUserApiKey(userId) }) : undefined;
  const authenticate = hosted ? hosted.wrapAuthenticate(accounts.authenticate) : accounts.authenticate;
  await hosted?.endOrphaned(async (id) => (await bus.getHost(id)) !== null);
  registerSessionRoutes(app, { store, bus, authenticate, metrics, hosted });
  registerHostedRoutes(app, { hosted, authenticate });
  const userSecrets = await setUpSecrets(app, { config: config.secrets, fallbackDataDir: config.auth?.dataDir, store, authenticate, logger: logger.child({ component: "secrets" }) });
  registerFileRoutes(app, { store, authenticate, workspaceOf: deps.workspaceOf ?? ((session) => hosted?.workspaceOf(session.id)), config: config.files });
  registerProjectRoutes(app, { store, bus, authenticate });
  const push = await setUpPush(app, { config: config.push, fallbackDataDir: config.auth?.dataDir, store, authenticate, logger: logger.child({ component: "push" }) });
  registerWebRoutes(app, config.webRoot);

  const relay: Relay = createRelay({
    metrics,
    store,
    bus,
    log: logger.child({ component: "relay" }),
    allowedOrigins: config.allowedOrigins,
    replayBytes: config.replayBytes,
    maxViewersPerSession: config.maxViewersPerSession,
    viewerHighWaterBytes: config.viewerHighWaterBytes,
    maxConnectionsPerIp: config.maxConnectionsPerIp,
    maxConnectionsPerUser: config.maxConnectionsPerUser,
    identifyUpgrade,
    messagesPerSecond: config.relayMessagesPerSecond,
    trustProxy: config.trustProxy !== false,
    onAttention: (sessionId, reason) => {
      push?.attention(sessionId, reason).catch((error: unknown) => logger.error({ err: error, session: sessionId }, "push notification failed"));
    },
  });
  app.server.on("upgrade", (req, socket, head) => {
    const path = (req.url ?? "").split("?")[0];
    if (path === "/v1/relay") relay.handleUpgrade(req, socket, head);
    else socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
  });

  let closed = false;
  return {
    store,
    bus,
    userSecrets,
    get connections() {
      return relay.connections;
    },
    get queuedBytes() {
      return relay.queuedBytes;
    },
    async listen() {
      await app.listen({ host: config.host, port: config.port });
      const { port } = app.server.address() as AddressInfo;
      const host = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
      const url = `${https ? "https" : "http"}://${host.includes(":") ? `[${host}]` : host}:${port}`;
      hosted?.setHubUrl(url);
      logger.info({ url, store: store.engine, bus: bus.engine }, "hub listening");
      return { port, url };
    },
    async close(options = {}) {
      if (closed) return;
      closed = true;
      await hosted?.close();
      if (options.graceMs) await relay.settle(options.graceMs);
      await relay.close();
      await app.close();
      if (!deps.bus) await bus.close();
      if (!deps.store) await store.close();
    },
  };
}
