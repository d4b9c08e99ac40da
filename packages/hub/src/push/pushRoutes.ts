// Web Push over HTTP: GET /v1/push/key (the VAPID public key a browser subscribes with), and the
// signed-in user's subscriptions: POST (save), GET (list), DELETE /:id, POST /v1/push/test.
// Subscriptions belong to the user of the request (an account, or the owner token's owner).
import { randomBytes } from "node:crypto";
import { PortholeError } from "@porthole/protocol";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Authenticate } from "../auth/hubAuthentication.js";
import { requireScope } from "../auth/principal.js";
import type { RateLimiter } from "../http/rateLimit.js";
import type { PushSubscriptionRecord, Store } from "../store/index.js";
import type { PushConfig } from "./pushConfig.js";
import { MAX_ENDPOINT_CHARS, endpointProblem, keysProblem } from "./pushEndpoint.js";
import type { PushNotifier } from "./pushNotifier.js";
import type { VapidKeys } from "./vapidKeys.js";

/** PushSubscription.toJSON() as browsers send it. */
const subscriptionBody = z.strictObject({
  endpoint: z.string().max(MAX_ENDPOINT_CHARS, `must be at most ${MAX_ENDPOINT_CHARS} characters`),
  expirationTime: z.number().nullable().optional(),
  keys: z.strictObject({ p256dh: z.string().max(200), auth: z.string().max(200) }),
});
const idParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/) });

/** What clients see of a subscription: not its endpoint URL (a capability) or keys. */
function publicSubscription(s: PushSubscriptionRecord) {
  return { id: s.id, service: new URL(s.endpoint).host, createdAt: new Date(s.createdAt).toISOString() };
}

export interface PushRouteDeps {
  store: Store;
  authenticate: Authenticate;
  config: PushConfig;
  /** Absent when push is off: every route answers 404. */
  push: { keys: VapidKeys; notifier: PushNotifier } | undefined;
  limiter: RateLimiter;
}

export function registerPushRoutes(app: FastifyInstance, deps: PushRouteDeps): void {
  const { store, config } = deps;

  function enabled() {
    if (!deps.push) throw new PortholeError("not_found", "notifications are not enabled on this hub");
    return deps.push;
  }

  async function user(request: FastifyRequest): Promise<string> {
    enabled();
    const principal = await deps.authenticate(request);
    requireScope(principal, "sessions");
    return principal.userId;
  }

  app.get("/v1/push/key", async () => ({ publicKey: enabled().keys.publicKey }));

  app.post("/v1/push/subscriptions", async (request, reply) => {
    const userId = await user(request);
    await deps.limiter.consume(reply, `push-subscribe:${userId}`, { limit: 30, windowSeconds: 600 });
    const parsed = subscriptionBody.safeParse(request.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new PortholeError("bad_request", issue ? `${issue.path.join(".") || "body"}: ${issue.message}` : "send a PushSubscription as JSON");
    }
    const { endpoint, keys } = parsed.data;
    const problem = endpointProblem(endpoint, config) ?? keysProblem(keys);
    if (problem) throw new PortholeError("bad_request", problem);
    const result = await store.push.savePushSubscription(
      { id: randomBytes(16).toString("base64url"), userId, endpoint, p256dh: keys.p256dh, auth: keys.auth, createdAt: Date.now() },
      config.maxSubscriptionsPerUser,
    );
    if (!result.ok) throw new PortholeError("conflict", `at most ${config.maxSubscriptionsPerUser} devices may get notifications: turn them off on one first`);
    if (result.created) request.log.info({ subscription: result.subscription.id, service: new URL(endpoint).host }, "push subscription saved");
    return reply.code(result.created ? 201 : 200).send({ subscription: publicSubscription(result.subscription) });
  });

  app.get("/v1/push/subscriptions", async (request) => {
    const subscriptions = await store.push.listPushSubscriptions(await user(request));
    return { subscriptions: subscriptions.map(publicSubscription) };
  });

  app.delete("/v1/push/subscriptions/:id", async (request, reply) => {
    const userId = await user(request);
    const params = idParams.safeParse(request.params);
    // Another user's subscription looks exactly like a missing one.
    if (!params.success || !(await store.push.deletePushSubscription(userId, params.data.id))) throw new PortholeError("not_found", "no such subscription");
    request.log.info({ subscription: params.data.id }, "push subscription deleted");
    return reply.code(204).send();
  });

  app.post("/v1/push/test", async (request, reply) => {
    const userId = await user(request);
    await deps.limiter.consume(reply, `push-test:${userId}`, { limit: 3, windowSeconds: 60 });
    const outcomes = await enabled().notifier.test(userId);
    return { sent: outcomes.length, delivered: outcomes.filter((o) => o.outcome === "delivered").length };
  });
}
