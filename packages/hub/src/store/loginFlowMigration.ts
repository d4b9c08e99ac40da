// Migration 0004, both engines: login states for "Login with GitHub" and device codes for
// `porthole login`. Shipped migrations are never edited; must stay in step with accountTables.ts.
import type { Kysely, Migration } from "kysely";

export const loginFlowsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("oauth_states")
      .addColumn("state_hash", "text", (c) => c.primaryKey())
      .addColumn("provider", "text", (c) => c.notNull())
      .addColumn("binding_hash", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("expires_at", "bigint", (c) => c.notNull())
      .addColumn("used_at", "bigint")
      .execute();
    await db.schema.createIndex("oauth_states_expires").on("oauth_states").column("expires_at").execute();

    await db.schema
      .createTable("device_codes")
      .addColumn("device_code_hash", "text", (c) => c.primaryKey())
      .addColumn("user_code_hash", "text", (c) => c.notNull().unique())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("user_id", "text")
      .addColumn("interval_seconds", "integer", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("expires_at", "bigint", (c) => c.notNull())
      .addColumn("last_polled_at", "bigint")
      .addColumn("decided_at", "bigint")
      .execute();
    await db.schema.createIndex("device_codes_expires").on("device_codes").column("expires_at").execute();
  },
};
