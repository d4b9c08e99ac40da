// Migration 0005, both engines: projects, and each session's project and archive time. Shipped
// migrations are never edited; must stay in step with storeDatabase.ts.
import type { Kysely, Migration } from "kysely";

export const projectsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("projects")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("owner_id", "text", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("machine", "text", (c) => c.notNull())
      .addColumn("directory", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("archived_at", "bigint")
      .addUniqueConstraint("projects_owner_place", ["owner_id", "machine", "directory"])
      .execute();
    await db.schema.alterTable("sessions").addColumn("project_id", "text", (c) => c.references("projects.id")).execute();
    await db.schema.alterTable("sessions").addColumn("archived_at", "bigint").execute();
    await db.schema.createIndex("sessions_project").on("sessions").column("project_id").execute();
  },
};
