// Migration 0007, both engines: what the hub needs to know of a hosted session after a restart (its
// agent and workspace folder). Shipped migrations are never edited; in step with storeDatabase.ts (HostedSessionsTable).
import type { Kysely, Migration } from "kysely";

export const hostedSessionsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("hosted_sessions")
      .addColumn("session_id", "text", (c) => c.primaryKey())
      .addColumn("agent", "text", (c) => c.notNull())
      .addColumn("project", "text", (c) => c.notNull())
      .addColumn("workspace", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .execute();
  },
};
