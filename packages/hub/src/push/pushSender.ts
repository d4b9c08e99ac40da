// Sends one encrypted message to one subscription (RFC 8030 with RFC 8291 and RFC 8292) and says
// what the push service answered: delivered, gone (404/410: drop the subscription), or failed.
import { createHash } from "node:crypto";
import { fromBase64Url } from "@porthole/protocol";
import type { PushSubscriptionRecord } from "../store/index.js";
import { vapidAuthorization } from "./vapidAuth.js";
import type { VapidKeys } from "./vapidKeys.js";
import { encryptPushMessage } from "./webPushCrypto.js";

export type PushOutcome = { outcome: "delivered" } | { outcome: "gone"; status: number } | { outcome: "failed"; status: number; detail: string };

export interface PushSendOptions {
  keys: VapidKeys;
  subject: string;
  /** TTL header, in seconds. */
  ttlSeconds: number;
  timeoutMs: number;
  /** RFC 8030 Urgency: "high" wakes a phone at once. */
  urgency: "normal" | "high";
  /** Pending messages with the same topic are replaced by this one (e.g. per session). */
  topic?: string;
  fetch: typeof fetch;
  now: number;
}

/** An RFC 8030 Topic (at most 32 base64url characters) that names `key` without revealing it. */
export function pushTopic(key: string): string {
  return createHash("sha256").update(`porthole push topic\0${key}`).digest("base64url").slice(0, 32);
}

export async function sendPush(subscription: PushSubscriptionRecord, plaintext: Uint8Array, options: PushSendOptions): Promise<PushOutcome> {
  const p256dh = fromBase64Url(subscription.p256dh);
  const auth = fromBase64Url(subscription.auth);
  if (!p256dh || !auth) return { outcome: "failed", status: 0, detail: "the stored keys are malformed" };
  const body = Buffer.from(encryptPushMessage(plaintext, { p256dh, auth }));
  const headers: Record<string, string> = {
    authorization: await vapidAuthorization(subscription.endpoint, options.keys, options.subject, options.now),
    "content-encoding": "aes128gcm",
    "content-type": "application/octet-stream",
    ttl: String(options.ttlSeconds),
    urgency: options.urgency,
    ...(options.topic ? { topic: options.topic } : {}),
  };
  let response: Response;
  try {
    // No redirects: the hub calls only the URL it checked.
    response = await options.fetch(subscription.endpoint, { method: "POST", headers, body, redirect: "manual", signal: AbortSignal.timeout(options.timeoutMs) });
  } catch (error) {
    return { outcome: "failed", status: 0, detail: error instanceof Error ? error.message : "the push service is unreachable" };
  }
  await response.body?.cancel().catch(() => {});
  if (response.status >= 200 && response.status < 300) return { outcome: "delivered" };
  if (response.status === 404 || response.status === 410) return { outcome: "gone", status: response.status };
  return { outcome: "failed", status: response.status, detail: `the push service answered ${response.status}` };
}
