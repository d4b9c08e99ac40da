// Turns a host's "attention" into notifications: at most one per session per minIntervalSeconds,
// to every subscription of the session's owner, sent concurrently; subscriptions the push service
// calls gone are dropped. What a browser receives is generic text plus the session id and name,
// encrypted to it (RFC 8291): never agent output, which the hub cannot read anyway.
import type { AttentionReason } from "@porthole/protocol";
import type { Logger } from "pino";
import type { Store } from "../store/index.js";
import type { PushConfig } from "./pushConfig.js";
import { pushTopic, sendPush, type PushOutcome } from "./pushSender.js";
import type { VapidKeys } from "./vapidKeys.js";

/** What the service worker gets, as JSON (packages/web/public/sw.js reads it). */
export interface PushMessage {
  v: 1;
  title: string;
  body: string;
  /** The session to open on click, and the page's path. */
  session: string;
  url: string;
  reason: AttentionReason | "test";
  /** When the hub sent it, ms since the epoch. */
  at: number;
}

/** The text each reason shows: generic on purpose. */
export const reasonText: Record<AttentionReason | "test", string> = {
  approval: "A session needs you: approval waiting",
  turn_ended: "A session needs you: the agent finished its turn",
  test: "Notifications work on this device",
};

/** What happened to one attention: sent (with each subscription's outcome) or why not. */
export type AttentionResult =
  | { sent: true; outcomes: PushOutcome[] }
  | { sent: false; reason: "rate_limited" | "no_session" | "no_subscriptions" };

export interface PushNotifier {
  /** A host said its session needs the person and no viewer is looking. */
  attention(sessionId: string, reason: AttentionReason): Promise<AttentionResult>;
  /** Sends a test notification to every subscription of the user. */
  test(userId: string): Promise<PushOutcome[]>;
}

/** Sessions whose last notification time is remembered at most, before the oldest are forgotten. */
const MAX_REMEMBERED_SESSIONS = 10_000;

export function createPushNotifier(deps: { store: Store; config: PushConfig; keys: VapidKeys; log: Logger; fetch?: typeof fetch; clock?: () => number }): PushNotifier {
  const { store, config, keys, log } = deps;
  const clock = deps.clock ?? Date.now;
  const lastSent = new Map<string, number>();

  /** Claims the session's slot: false when a notification went out less than minIntervalSeconds ago. */
  function claim(sessionId: string, now: number): boolean {
    const last = lastSent.get(sessionId);
    if (last !== undefined && now - last < config.minIntervalSeconds * 1000) return false;
    lastSent.delete(sessionId);
    lastSent.set(sessionId, now);
    if (lastSent.size > MAX_REMEMBERED_SESSIONS) lastSent.delete(lastSent.keys().next().value!);
    return true;
  }

  async function deliver(userId: string, message: PushMessage, urgency: "normal" | "high"): Promise<PushOutcome[]> {
    const subscriptions = await store.push.listPushSubscriptions(userId);
    const plaintext = Buffer.from(JSON.stringify(message));
    const options = { keys, subject: config.subject, ttlSeconds: config.ttlSeconds, timeoutMs: config.timeoutMs, urgency, topic: pushTopic(message.session), fetch: deps.fetch ?? fetch, now: clock() };
    return Promise.all(
      subscriptions.map(async (subscription) => {
        const outcome = await sendPush(subscription, plaintext, options);
        const where = { subscription: subscription.id, service: new URL(subscription.endpoint).host };
        if (outcome.outcome === "gone") {
          await store.push.dropPushSubscription(subscription.id);
          log.info({ ...where, status: outcome.status }, "push subscription gone: dropped");
        } else if (outcome.outcome === "failed") {
          log.warn({ ...where, status: outcome.status, detail: outcome.detail }, "push delivery failed");
        }
        return outcome;
      }),
    );
  }

  return {
    async attention(sessionId, reason) {
      const now = clock();
      if (!claim(sessionId, now)) return { sent: false, reason: "rate_limited" };
      const session = await store.getSession(sessionId);
      if (!session) return { sent: false, reason: "no_session" };
      const message: PushMessage = {
        v: 1,
        title: config.showSessionName ? session.name.slice(0, 80) : "Porthole",
        body: reasonText[reason],
        session: session.id,
        url: `/s/${session.id}`,
        reason,
        at: now,
      };
      const outcomes = await deliver(session.ownerId, message, reason === "approval" ? "high" : "normal");
      if (outcomes.length === 0) return { sent: false, reason: "no_subscriptions" };
      log.info({ session: session.id, reason, subscriptions: outcomes.length, delivered: outcomes.filter((o) => o.outcome === "delivered").length }, "push sent");
      return { sent: true, outcomes };
    },

    test(userId) {
      const message: PushMessage = { v: 1, title: "Porthole", body: reasonText.test, session: "test", url: "/account", reason: "test", at: clock() };
      return deliver(userId, message, "normal");
    },
  };
}
