// Web Push subscriptions: a browser's push endpoint and keys, owned by one user. The contract
// (Store.push); kyselyPush.ts implements it for both engines, pushSuite.ts tests it.

/** One subscription as the hub stores it. Times are ms since the Unix epoch. */
export interface PushSubscriptionRecord {
  /** 22 char url-safe random id. */
  id: string;
  userId: string;
  /** The push service URL the browser gave (https, or http://127.0.0.1 in tests); at most 2048 chars. */
  endpoint: string;
  /** The browser's P-256 public key (65 bytes), base64url. */
  p256dh: string;
  /** The browser's auth secret (16 bytes), base64url. */
  auth: string;
  createdAt: number;
}

export type NewPushSubscription = PushSubscriptionRecord;

/** The outcome of savePushSubscription. */
export type PushSaveResult =
  /** Stored; `created` false when the user already had this endpoint (its keys were replaced, its id kept). */
  | { ok: true; subscription: PushSubscriptionRecord; created: boolean }
  /** The user already has `max` subscriptions: nothing was written. */
  | { ok: false; reason: "limit" };

export interface PushStore {
  /** Adds a subscription, or replaces the keys of the user's subscription with the same endpoint. */
  savePushSubscription(s: NewPushSubscription, maxPerUser: number): Promise<PushSaveResult>;
  /** The user's subscriptions, oldest first. */
  listPushSubscriptions(userId: string): Promise<PushSubscriptionRecord[]>;
  /** Deletes one of the user's subscriptions; false when the user has none with this id. */
  deletePushSubscription(userId: string, id: string): Promise<boolean>;
  /** Deletes a subscription the push service said is gone (404 or 410); false when already gone. */
  dropPushSubscription(id: string): Promise<boolean>;
}
