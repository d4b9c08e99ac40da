// Settings for each command, from flags, then PORTHOLE_* environment variables, then
// porthole.config.json (in the current directory or PORTHOLE_HOME), then defaults. Parsed once.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";

const logLevel = z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);
const port = z.coerce.number().int().min(0).max(65535);

export const runConfigSchema = z.object({
  command: z.string().min(1),
  args: z.array(z.string()),
  hub: z.string().url().optional(),
  token: z.string().min(16).optional(),
  name: z.string().max(200).optional(),
  listen: z.string().default("0.0.0.0"),
  port: port.default(8420),
  publicUrl: z.string().url().optional(),
  qr: z.boolean().default(true),
  cols: z.coerce.number().int().min(1).max(1000).default(120),
  rows: z.coerce.number().int().min(1).max(1000).default(40),
  /** Run the agent in its structured mode with no desk terminal (chat view only). */
  headless: z.union([z.boolean(), z.enum(["1", "true", "0", "false"]).transform((v) => v === "1" || v === "true")]).default(false),
  /** Largest file a viewer may attach to a chat message, bytes. */
  attachmentFileBytes: z.coerce.number().int().min(1).default(5 * 1024 * 1024),
  /** Most bytes of files one chat message may carry. */
  attachmentMessageBytes: z.coerce.number().int().min(1).default(10 * 1024 * 1024),
  logLevel: logLevel.default("info"),
});
export type RunConfig = Readonly<z.output<typeof runConfigSchema>>;

export const serveConfigSchema = z.object({
  listen: z.string().default("0.0.0.0"),
  port: port.default(8420),
  databaseUrl: z.string().optional(),
  redisUrl: z.string().optional(),
  dataDir: z.string(),
  token: z.string().min(16).optional(),
  allowedOrigins: z.array(z.string()).default([]),
  replayBytes: z.coerce.number().int().min(64 * 1024).default(8 * 1024 * 1024),
  tlsCert: z.string().optional(),
  tlsKey: z.string().optional(),
  trustProxy: z.union([z.boolean(), z.string()]).default(false),
  registration: z.enum(["open", "closed"]).default("closed"),
  initAdmin: z.string().optional(),
  /** The hub's public base URL (GitHub callback, device page). */
  publicUrl: z.string().url().optional(),
  githubClientId: z.string().min(1).optional(),
  githubClientSecret: z.string().min(1).optional(),
  githubAuthorizeUrl: z.string().url().optional(),
  githubTokenUrl: z.string().url().optional(),
  githubUserUrl: z.string().url().optional(),
  /** Web Push: the operator's contact in VAPID tokens, a mailto: or https: URL (checked by the hub). */
  pushContact: z.string().min(1).optional(),
  /** The master key of users' secrets (PORTHOLE_SECRET_KEY only: never a flag, which `ps` shows). */
  secretKey: z.string().min(1).optional(),
  /** A file holding the master key instead. */
  secretKeyFile: z.string().min(1).optional(),
  /** The Anthropic API that users' keys are checked against. */
  anthropicBaseUrl: z.string().url().optional(),
  /** Largest uploaded file, in bytes. */
  maxFileBytes: z.coerce.number().int().min(1).optional(),
  /** Largest workspace after an upload, in bytes. */
  maxWorkspaceBytes: z.coerce.number().int().min(1).optional(),
  /** The upload policy (porthole.config.json only), checked by the hub: see docs/files.md. */
  filePolicy: z.record(z.string(), z.unknown()).optional(),
  /** Hosted sessions (agents the hub runs in a sandbox): on/off, or an object of hosted settings (docs/hosted.md) from porthole.config.json. */
  hosted: z
    .union([z.boolean(), z.enum(["1", "true", "0", "false"]).transform((v) => v === "1" || v === "true"), z.record(z.string(), z.unknown())])
    .default(false),
  logLevel: logLevel.default("info"),
});
export type ServeConfig = Readonly<z.output<typeof serveConfigSchema>>;

/** `porthole login`, `logout`, `whoami` and `sessions --hub`: which hub. */
export const accountConfigSchema = z.object({
  hub: z.string().url().optional(),
  token: z.string().min(16).optional(),
});
export type AccountConfig = Readonly<z.output<typeof accountConfigSchema>>;

/** Environment variables each setting falls back to (listed in --help). */
export const envNames = {
  hub: "PORTHOLE_HUB",
  token: "PORTHOLE_TOKEN",
  listen: "PORTHOLE_LISTEN",
  port: "PORTHOLE_PORT",
  publicUrl: "PORTHOLE_PUBLIC_URL",
  databaseUrl: "DATABASE_URL",
  redisUrl: "REDIS_URL",
  dataDir: "PORTHOLE_HOME",
  allowedOrigins: "PORTHOLE_ALLOWED_ORIGINS",
  replayBytes: "PORTHOLE_REPLAY_BYTES",
  tlsCert: "PORTHOLE_TLS_CERT",
  tlsKey: "PORTHOLE_TLS_KEY",
  trustProxy: "PORTHOLE_TRUST_PROXY",
  registration: "PORTHOLE_REGISTRATION",
  githubClientId: "PORTHOLE_GITHUB_CLIENT_ID",
  githubClientSecret: "PORTHOLE_GITHUB_CLIENT_SECRET",
  githubAuthorizeUrl: "PORTHOLE_GITHUB_AUTHORIZE_URL",
  githubTokenUrl: "PORTHOLE_GITHUB_TOKEN_URL",
  githubUserUrl: "PORTHOLE_GITHUB_USER_URL",
  pushContact: "PORTHOLE_PUSH_CONTACT",
  logLevel: "PORTHOLE_LOG_LEVEL",
  secretKey: "PORTHOLE_SECRET_KEY",
  secretKeyFile: "PORTHOLE_SECRET_KEY_FILE",
  anthropicBaseUrl: "PORTHOLE_ANTHROPIC_BASE_URL",
  maxFileBytes: "PORTHOLE_MAX_FILE_BYTES",
  maxWorkspaceBytes: "PORTHOLE_MAX_WORKSPACE_BYTES",
  headless: "PORTHOLE_HEADLESS",
  attachmentFileBytes: "PORTHOLE_ATTACHMENT_FILE_BYTES",
  attachmentMessageBytes: "PORTHOLE_ATTACHMENT_MESSAGE_BYTES",
  hosted: "PORTHOLE_HOSTED",
} as const;

/** Reads porthole.config.json from the current directory, else from the Porthole home. */
export function readConfigFile(cwd: string, home: string): Record<string, unknown> {
  for (const dir of [cwd, home]) {
    const path = join(dir, "porthole.config.json");
    if (!existsSync(path)) continue;
    try {
      const value: unknown = JSON.parse(readFileSync(path, "utf8"));
      if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch (error) {
      throw new Error(`${path} is not valid JSON: ${(error as Error).message}`);
    }
    throw new Error(`${path} must hold a JSON object`);
  }
  return {};
}

/** Merges flags over environment over file; `undefined` means "not given". */
export function layered(
  keys: readonly string[],
  flags: Record<string, unknown>,
  env: Readonly<Record<string, string | undefined>>,
  file: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const envName = (envNames as Record<string, string>)[key];
    const fromEnv = envName ? env[envName] : undefined;
    const value = flags[key] ?? (fromEnv === "" ? undefined : fromEnv) ?? file[key];
    if (value !== undefined) out[key] = key === "allowedOrigins" && typeof value === "string" ? value.split(",").map((s) => s.trim()).filter(Boolean) : value;
  }
  return out;
}

/** Validates with a schema, or throws one readable line per bad setting. */
export function validate<T>(schema: z.ZodType<T>, value: unknown): Readonly<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new Error(`invalid settings:\n${result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n")}`);
  }
  return Object.freeze(result.data);
}
