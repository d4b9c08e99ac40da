// Wires Web Push into a hub: loads the VAPID key (config, push.dataDir or auth.dataDir), registers
// /v1/push/*, and hands back what the relay calls when a host asks for attention. Off when
// disabled or when no key source is configured (the embedded hub without accounts).
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import type { Authenticate } from "../auth/hubAuthentication.js";
import { createRateLimiter } from "../http/rateLimit.js";
import type { Store } from "../store/index.js";
import type { PushConfig } from "./pushConfig.js";
import { createPushNotifier, type PushNotifier } from "./pushNotifier.js";
import { registerPushRoutes } from "./pushRoutes.js";
import { loadVapidKeys } from "./vapidKeys.js";

export async function setUpPush(
  app: FastifyInstance,
  deps: { config: PushConfig; fallbackDataDir: string | undefined; store: Store; authenticate: Authenticate; logger: Logger; fetch?: typeof fetch },
): Promise<PushNotifier | undefined> {
  const { config, logger } = deps;
  const dataDir = config.dataDir ?? deps.fallbackDataDir;
  const on = config.enabled && (config.vapidPrivateKeyPem !== undefined || dataDir !== undefined);
  const keys = on ? await loadVapidKeys({ dataDir, privateKeyPem: config.vapidPrivateKeyPem }) : undefined;
  const notifier = keys ? createPushNotifier({ store: deps.store, config, keys, log: logger, ...(deps.fetch ? { fetch: deps.fetch } : {}) }) : undefined;
  registerPushRoutes(app, { store: deps.store, authenticate: deps.authenticate, config, push: keys && notifier ? { keys, notifier } : undefined, limiter: createRateLimiter() });
  if (keys) logger.info({ serviceHosts: config.serviceHosts, minIntervalSeconds: config.minIntervalSeconds }, "push notifications on");
  return notifier;
}
