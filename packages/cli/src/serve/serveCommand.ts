// `porthole serve`: a standalone hub for several machines (SQLite in the data directory, or
// PostgreSQL with DATABASE_URL), with accounts: password and GitHub logins, `porthole login`.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createHub, initAdmin, openStore } from "@porthole/hub";
import { pino } from "pino";
import { installLastResort } from "../lastResort.js";
import type { ServeConfig } from "../config/cliConfig.js";
import { webRoot } from "../config/paths.js";

/** The owner token: configured, or made at first start and kept in the data directory (0600). */
function ownerToken(config: ServeConfig, say: (text: string) => void): string {
  if (config.token) return config.token;
  const path = join(config.dataDir, "owner-token");
  if (existsSync(path)) return readFileSync(path, "utf8").trim();
  const token = randomBytes(32).toString("base64url");
  writeFileSync(path, `${token}\n`, { mode: 0o600 });
  say(`made an owner token in ${path} (keep it secret): ${token}`);
  return token;
}

/** Reads one line from stdin (for a password piped in); empty when stdin is closed. */
async function readLine(stdin: NodeJS.ReadStream): Promise<string> {
  let text = "";
  for await (const chunk of stdin) {
    text += String(chunk);
    if (text.includes("\n")) break;
  }
  return text.split(/\r?\n/)[0] ?? "";
}

/** `porthole serve --init-admin EMAIL`: the explicit step that makes the first admin. */
export async function initAdminCommand(
  config: ServeConfig,
  email: string,
  io: { stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream; password: string | undefined },
): Promise<number> {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  if (io.password === undefined && io.stdin.isTTY) io.stdout.write("Password for the new admin (then Enter): ");
  const password = io.password ?? (await readLine(io.stdin));
  const store = await openStore({ sqliteFile: join(config.dataDir, "hub.db"), ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}) });
  try {
    const result = await initAdmin(store, { email, password });
    if (!result.ok) {
      io.stderr.write(`porthole: ${result.message}\n`);
      return 1;
    }
    io.stdout.write(`porthole: made ${result.user.email} an admin. Start the hub with: porthole serve\n`);
    return 0;
  } finally {
    await store.close();
  }
}

export async function serveCommand(config: ServeConfig, io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream }): Promise<number> {
  const say = (text: string) => io.stdout.write(`porthole: ${text}\n`);
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  if (Boolean(config.tlsCert) !== Boolean(config.tlsKey)) {
    io.stderr.write("porthole: --tls-cert and --tls-key go together\n");
    return 2;
  }
  let tls: { cert: string; key: string } | undefined;
  try {
    tls = config.tlsCert && config.tlsKey ? { cert: readFileSync(config.tlsCert, "utf8"), key: readFileSync(config.tlsKey, "utf8") } : undefined;
  } catch (error) {
    io.stderr.write(`porthole: cannot read the TLS files: ${(error as Error).message}\n`);
    return 2;
  }
  if (Boolean(config.githubClientId) !== Boolean(config.githubClientSecret)) {
    io.stderr.write("porthole: --github-client-id and --github-client-secret go together (the secret best from PORTHOLE_GITHUB_CLIENT_SECRET)\n");
    return 2;
  }
  const token = ownerToken(config, say);
  const logger = pino({ level: config.logLevel, base: { service: "porthole-hub" } }, pino.destination(2));
  const removeLastResort = installLastResort(logger);
  const hub = await createHub({
    host: config.listen,
    port: config.port,
    sqliteFile: join(config.dataDir, "hub.db"),
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    ...(config.redisUrl ? { redisUrl: config.redisUrl } : {}),
    ownerToken: token,
    allowedOrigins: [...config.allowedOrigins],
    replayBytes: config.replayBytes,
    ...(tls ? { tls } : {}),
    trustProxy: config.trustProxy,
    auth: {
      dataDir: config.dataDir,
      cookieSecure: tls !== undefined,
      registration: config.registration,
      ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
      ...(config.githubClientId && config.githubClientSecret ? { github: githubSettings(config) } : {}),
    },
    ...(config.hosted ? { hosted: hostedSettings(config) } : {}),
    secrets: {
      ...(config.secretKey ? { masterKey: config.secretKey } : {}),
      ...(config.secretKeyFile ? { masterKeyFile: config.secretKeyFile } : {}),
      ...(config.anthropicBaseUrl ? { anthropicBaseUrl: config.anthropicBaseUrl } : {}),
    },
    files: {
      ...(config.maxFileBytes ? { maxFileBytes: config.maxFileBytes } : {}),
      ...(config.maxWorkspaceBytes ? { maxWorkspaceBytes: config.maxWorkspaceBytes } : {}),
      ...(config.filePolicy ? { policy: config.filePolicy } : {}),
    },
    ...(config.pushContact ? { push: { subject: config.pushContact } } : {}),
    webRoot,
    logLevel: config.logLevel,
  }, { logger });
  const { url } = await hub.listen();
  say(`hub listening on ${url} (store: ${hub.store.engine}, bus: ${hub.bus.engine})`);
  say(`accounts: registration ${config.registration}${config.registration === "closed" ? " (make the first admin with --init-admin EMAIL)" : ""}`);
  say(`notifications: on (VAPID key in ${config.dataDir}/vapid-key.pem, contact ${config.pushContact ?? "not set: --push-contact"}; docs/notifications.md)`);
  if (config.hosted) say("hosted sessions: on (users start agents from the web app; docs/hosted.md)");
  if (config.githubClientId) say(`login with GitHub: on, callback ${config.publicUrl ?? "<this hub's URL>"}/v1/auth/github/callback`);
  say(`share a session through it: porthole login --hub ${url}, then porthole run --hub ${url} -- claude`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  say("shutting down");
  await hub.close();
  removeLastResort();
  return 0;
}

/** The GitHub OAuth app's settings; URLs left unset are GitHub's own. */
function githubSettings(config: ServeConfig) {
  return {
    clientId: config.githubClientId!,
    clientSecret: config.githubClientSecret!,
    ...(config.githubAuthorizeUrl ? { authorizeUrl: config.githubAuthorizeUrl } : {}),
    ...(config.githubTokenUrl ? { tokenUrl: config.githubTokenUrl } : {}),
    ...(config.githubUserUrl ? { userUrl: config.githubUserUrl } : {}),
  };
}

/** Hosted sessions: workspaces and runners in the data directory; the runner is this very CLI (`porthole run`). */
function hostedSettings(config: ServeConfig) {
  const extra = typeof config.hosted === "object" ? config.hosted : {};
  return {
    cliEntry: fileURLToPath(new URL("../../bin/porthole.js", import.meta.url)),
    workspacesDir: join(config.dataDir, "workspaces"),
    runnersDir: join(config.dataDir, "runners"),
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
    ...extra,
  } as NonNullable<Parameters<typeof createHub>[0]["hosted"]>;
}
