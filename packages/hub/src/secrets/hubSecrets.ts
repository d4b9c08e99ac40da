// Wires users' secrets into a hub: loads the master key (config, key file, or dataDir/secret-key),
// registers /v1/account/anthropic-key, and hands back the UserSecrets that hosted sessions decrypt with.
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import type { Authenticate } from "../auth/hubAuthentication.js";
import { createRateLimiter } from "../http/rateLimit.js";
import type { Store } from "../store/index.js";
import { loadMasterKey } from "./masterKey.js";
import { registerSecretRoutes } from "./secretRoutes.js";
import type { SecretsConfig } from "./secretsConfig.js";
import { createUserSecrets, type UserSecrets } from "./userSecrets.js";

/** Log paths pino replaces with "[redacted]": API keys in objects, env maps and headers. */
export const redactedLogPaths = [
  "key", "*.key", "apiKey", "*.apiKey", "anthropicKey", "*.anthropicKey", "ANTHROPIC_API_KEY", "*.ANTHROPIC_API_KEY",
  "env.ANTHROPIC_API_KEY", "*.env.ANTHROPIC_API_KEY",
  "headers.authorization", "*.headers.authorization", 'headers["x-api-key"]', '*.headers["x-api-key"]', "headers.cookie", "*.headers.cookie",
  "masterKey", "*.masterKey",
];

/** The hub's logger with secrets redacted: every line the hub writes goes through it. */
export function withSecretRedaction(logger: Logger): Logger {
  return logger.child({}, { redact: { paths: redactedLogPaths, censor: "[redacted]" } });
}

export async function setUpSecrets(
  app: FastifyInstance,
  deps: { config: SecretsConfig; fallbackDataDir: string | undefined; store: Store; authenticate: Authenticate; logger: Logger },
): Promise<UserSecrets> {
  const { config } = deps;
  const masterKey = await loadMasterKey({ secretKey: config.masterKey, keyFile: config.masterKeyFile, dataDir: config.dataDir ?? deps.fallbackDataDir });
  if (masterKey) deps.logger.info({ keyId: masterKey.id, source: masterKey.source === "PORTHOLE_SECRET_KEY" ? "PORTHOLE_SECRET_KEY" : "file" }, "secrets: master key loaded");
  const userSecrets = createUserSecrets({ secrets: deps.store.secrets, masterKey, anthropicBaseUrl: config.anthropicBaseUrl, checkTimeoutMs: config.checkTimeoutMs });
  registerSecretRoutes(app, { store: deps.store, authenticate: deps.authenticate, userSecrets, limiter: createRateLimiter(), checkRateLimit: config.checkRateLimit });
  return userSecrets;
}
