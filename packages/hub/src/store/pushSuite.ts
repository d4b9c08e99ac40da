// The push part of the shared Store suite (see storeSuite.ts): subscriptions saved once per user
// and endpoint, capped per user, deleted only by their owner, dropped when the push service says gone.
import { randomBytes } from "node:crypto";
import { expect, it } from "vitest";
import type { NewPushSubscription } from "./pushStore.js";
import type { Store } from "./store.js";

const newId = () => randomBytes(16).toString("base64url");

/** Registers the push tests; `store()` is the open store. */
export function pushSuite(store: () => Store): void {
  const subscription = (userId: string, over: Partial<NewPushSubscription> = {}): NewPushSubscription => ({
    id: newId(),
    userId,
    endpoint: `https://push.example.net/send/${newId()}`,
    p256dh: randomBytes(65).toString("base64url"),
    auth: randomBytes(16).toString("base64url"),
    createdAt: 1_000,
    ...over,
  });

  it("saves a subscription once per user and endpoint, replacing keys and keeping the id", async () => {
    const user = newId();
    const first = subscription(user);
    expect(await store().push.savePushSubscription(first, 5)).toEqual({ ok: true, subscription: first, created: true });
    const again = await store().push.savePushSubscription({ ...first, id: newId(), auth: "new-auth", createdAt: 2_000 }, 5);
    expect(again).toEqual({ ok: true, subscription: { ...first, auth: "new-auth" }, created: false });
    // The same browser endpoint under another account is that account's own subscription.
    const other = await store().push.savePushSubscription({ ...first, id: newId(), userId: newId() }, 5);
    expect(other).toMatchObject({ ok: true, created: true });
    expect(await store().push.listPushSubscriptions(user)).toEqual([{ ...first, auth: "new-auth" }]);
  });

  it("caps subscriptions per user; replacing one at the cap still works", async () => {
    const user = newId();
    const saved = [];
    for (let i = 0; i < 3; i++) saved.push(subscription(user, { createdAt: 1_000 + i }));
    for (const s of saved) expect(await store().push.savePushSubscription(s, 3)).toMatchObject({ ok: true });
    expect(await store().push.savePushSubscription(subscription(user), 3)).toEqual({ ok: false, reason: "limit" });
    expect(await store().push.savePushSubscription({ ...saved[0]!, p256dh: "replaced" }, 3)).toMatchObject({ ok: true, created: false });
    expect((await store().push.listPushSubscriptions(user)).map((s) => s.id)).toEqual(saved.map((s) => s.id));
  });

  it("deletes only the owner's subscription, and drops one by id", async () => {
    const owner = newId();
    const s = subscription(owner);
    await store().push.savePushSubscription(s, 5);
    expect(await store().push.deletePushSubscription(newId(), s.id)).toBe(false);
    expect(await store().push.listPushSubscriptions(owner)).toHaveLength(1);
    expect(await store().push.deletePushSubscription(owner, s.id)).toBe(true);
    expect(await store().push.deletePushSubscription(owner, s.id)).toBe(false);
    const t = subscription(owner);
    await store().push.savePushSubscription(t, 5);
    expect(await store().push.dropPushSubscription(t.id)).toBe(true);
    expect(await store().push.dropPushSubscription(t.id)).toBe(false);
    expect(await store().push.listPushSubscriptions(owner)).toEqual([]);
  });
}
