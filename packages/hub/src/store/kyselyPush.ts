// The PushStore over an open, migrated Kysely database; both engines use it.
import type { Kysely, Selectable } from "kysely";
import type { PushSaveResult, PushStore, PushSubscriptionRecord } from "./pushStore.js";
import type { PushSubscriptionsTable, StoreDatabase } from "./storeDatabase.js";

export function kyselyPush(db: Kysely<StoreDatabase>): PushStore {
  return {
    async savePushSubscription(s, maxPerUser): Promise<PushSaveResult> {
      return db.transaction().execute(async (trx): Promise<PushSaveResult> => {
        const existing = await trx
          .updateTable("push_subscriptions")
          .set({ p256dh: s.p256dh, auth: s.auth })
          .where("user_id", "=", s.userId)
          .where("endpoint", "=", s.endpoint)
          .returningAll()
          .executeTakeFirst();
        if (existing) return { ok: true, subscription: toRecord(existing), created: false };
        // A soft cap: on PostgreSQL two concurrent first subscriptions may both pass the count.
        const { count } = await trx
          .selectFrom("push_subscriptions")
          .select((eb) => eb.fn.countAll<string | number>().as("count"))
          .where("user_id", "=", s.userId)
          .executeTakeFirstOrThrow();
        if (Number(count) >= maxPerUser) return { ok: false, reason: "limit" };
        await trx
          .insertInto("push_subscriptions")
          .values({ id: s.id, user_id: s.userId, endpoint: s.endpoint, p256dh: s.p256dh, auth: s.auth, created_at: s.createdAt })
          .execute();
        return { ok: true, subscription: { ...s }, created: true };
      });
    },

    async listPushSubscriptions(userId) {
      const rows = await db.selectFrom("push_subscriptions").selectAll().where("user_id", "=", userId).orderBy("created_at").orderBy("id").execute();
      return rows.map(toRecord);
    },

    async deletePushSubscription(userId, id) {
      const result = await db.deleteFrom("push_subscriptions").where("user_id", "=", userId).where("id", "=", id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async dropPushSubscription(id) {
      const result = await db.deleteFrom("push_subscriptions").where("id", "=", id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}

function toRecord(r: Selectable<PushSubscriptionsTable>): PushSubscriptionRecord {
  return { id: r.id, userId: r.user_id, endpoint: r.endpoint, p256dh: r.p256dh, auth: r.auth, createdAt: Number(r.created_at) };
}
