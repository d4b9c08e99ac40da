// The hub's configuration: one frozen object, validated once. The hub never reads the environment;
// the CLI builds this from flags, PORTHOLE_* variables and porthole.config.json.
import { z } from "zod";
import { authConfigSchema } from "./auth/authConfig.js";
import { pushConfigSchema } from "./push/pushConfig.js";
import { hostedConfigSchema } from "./hosted/hostedConfig.js";
import { filesConfigSchema } from "./files/filesConfig.js";
import { secretsConfigSchema } from "./secrets/secretsConfig.js";

export const hubConfigSchema = z.object({
  /** Interface to listen on, e.g. "127.0.0.1" or "0.0.0.0". */
  host: z.string().default("127.0.0.1"),
  /** TCP port; 0 picks a free one. */
  port: z.number().int().min(0).max(65535).default(8420),
  /** PostgreSQL URL; when absent the hub uses the SQLite file. */
  databaseUrl: z.string().optional(),
  /** Redis URL: the bus between several hubs behind one load balancer; absent, the in-process bus. */
  redisUrl: z.string().optional(),
  /** SQLite database file (":memory:" for tests). */
  sqliteFile: z.string(),
  /** Bearer token that owns sessions on this hub (the embedded hub's CLI, or the operator). */
  ownerToken: z.string().min(16),
  /** Origins allowed to open the relay besides the hub's own, e.g. "https://porthole.example". */
  allowedOrigins: z.array(z.string()).default([]),
  /** Directory of the built web app; when absent the hub serves only the API. */
  webRoot: z.string().optional(),
  /** Output kept per session for replay, in bytes; older output is trimmed (viewers get a snapshot). */
  replayBytes: z.number().int().min(64 * 1024).default(8 * 1024 * 1024),
  /** Viewers per session at once. */
  maxViewersPerSession: z.number().int().min(1).default(32),
  /** Bytes queued to one viewer before the hub stops sending it live output and lets it catch up from the store. */
  viewerHighWaterBytes: z.number().int().min(64 * 1024).default(1024 * 1024),
  /** HTTP request body limit, in bytes. */
  bodyLimitBytes: z.number().int().min(1024).default(64 * 1024),
  /** PEM certificate and key: the hub serves HTTPS and WSS itself. */
  tls: z.object({ cert: z.string().min(1), key: z.string().min(1) }).optional(),
  /** Trust X-Forwarded-* from a reverse proxy: false, true, or a comma-separated list of proxy addresses. */
  trustProxy: z.union([z.boolean(), z.string()]).default(false),
  /** Relay connections one signed-in user may hold at once (phones, laptops, tablets, hosts). */
  maxConnectionsPerUser: z.number().int().min(1).default(16),
  /** Relay connections one client address may hold at once. */
  maxConnectionsPerIp: z.number().int().min(1).default(256),
  /** Relay messages per second one connection may send on average (bursts up to 4x); hosts get 20x. */
  relayMessagesPerSecond: z.number().int().min(1).default(200),
  /** Accounts (a shared hub): logins, access tokens, API keys, admins. Absent: the owner token only (the embedded hub). */
  auth: authConfigSchema.optional(),
  /** Users' secrets: the master key that seals them and the Anthropic API keys are checked against (docs/secrets.md). */
  secrets: secretsConfigSchema,
  /** Hosted sessions' workspace files: size limits and the upload policy (docs/files.md). */
  files: filesConfigSchema,
  /** Hosted sessions: agents the hub starts itself, in a bubblewrap sandbox (docs/hosted.md). Absent: off. */
  hosted: hostedConfigSchema.optional(),
  /** Web Push notifications: the VAPID key, the push services the hub calls, how often (docs/notifications.md). */
  push: pushConfigSchema,
  /** pino log level. */
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type HubConfigInput = z.input<typeof hubConfigSchema>;
export type HubConfig = Readonly<z.output<typeof hubConfigSchema>>;

/** Validates and freezes a configuration; throws a readable error listing every bad field. */
export function parseHubConfig(input: HubConfigInput): HubConfig {
  const result = hubConfigSchema.safeParse(input);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`invalid hub configuration:\n${lines.join("\n")}`);
  }
  return Object.freeze(result.data);
}
