// Migration 0008, both engines: Web Push subscriptions, one per user and endpoint. Shipped
// migrations are never edited; must stay in step with storeDatabase.ts (PushSubscriptionsTable).
import type { Kysely, Migration } from "kysely";

export const pushSubscriptionsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("push_subscriptions")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("user_id", "text", (c) => c.notNull())
      .addColumn("endpoint", "text", (c) => c.notNull())
      .addColumn("p256dh", "text", (c) => c.notNull())
      .addColumn("auth", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addUniqueConstraint("push_subscriptions_user_endpoint", ["user_id", "endpoint"])
      .execute();
  },
};
