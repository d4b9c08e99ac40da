// Settings of Web Push notifications (merged into the hub config): the VAPID key and contact,
// which push services the hub may call, and how often it may. docs/notifications.md explains them.
import { z } from "zod";

/** Push services of the major browsers: Chrome / Edge (FCM), Firefox, Windows (WNS), Safari (Apple). */
export const knownPushServices = ["fcm.googleapis.com", "push.services.mozilla.com", "notify.windows.com", "push.apple.com"] as const;

export const pushConfigSchema = z
  .object({
    /** Off: /v1/push answers 404 and hosts' attention messages are ignored. */
    enabled: z.boolean().default(true),
    /** Directory for `vapid-key.pem` (P-256), made at first start; default auth.dataDir. Without a key source push is off. */
    dataDir: z.string().min(1).optional(),
    /** The VAPID private key as PKCS#8 PEM, instead of the file (every hub behind one balancer needs the same key). */
    vapidPrivateKeyPem: z.string().min(1).optional(),
    /** `sub` of VAPID tokens: how a push service reaches the operator, a mailto: or https: URL. */
    subject: z
      .string()
      .regex(/^(mailto:[^\s@]+@[^\s@]+|https:\/\/\S+)$/, "must be a mailto: or https: URL")
      .default("mailto:admin@porthole.invalid"),
    /** Hosts (and their subdomains) a subscription's endpoint may name; ["*"] allows any https host. */
    serviceHosts: z.array(z.string().min(1)).default([...knownPushServices]),
    /** Accept http://127.0.0.1 endpoints (a local fake push service in tests). Never in production. */
    allowLoopbackHttp: z.boolean().default(false),
    /** Subscriptions one user may have (browsers and devices). */
    maxSubscriptionsPerUser: z.number().int().min(1).max(1000).default(10),
    /** Least time between two notifications about one session, in seconds; attention in between is dropped. */
    minIntervalSeconds: z.number().int().min(0).max(86_400).default(30),
    /** Show the session's name in the notification (it is encrypted to the browser; the push service never sees it). */
    showSessionName: z.boolean().default(true),
    /** How long a push service keeps an undelivered notification (TTL header), in seconds. */
    ttlSeconds: z.number().int().min(0).max(28 * 86_400).default(3600),
    /** How long one request to a push service may take, in ms. */
    timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
  })
  .prefault({});

export type PushConfigInput = z.input<typeof pushConfigSchema>;
export type PushConfig = Readonly<z.output<typeof pushConfigSchema>>;
