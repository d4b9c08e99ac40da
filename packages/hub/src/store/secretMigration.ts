// Migration 0006, both engines: users' sealed secrets (AES-256-GCM ciphertext and the master key id).
// Shipped migrations are never edited; must stay in step with storeDatabase.ts (UserSecretsTable).
import type { Kysely, Migration } from "kysely";

export function secretsMigration(engine: "sqlite" | "postgres"): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("user_secrets")
        .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("key_id", "text", (c) => c.notNull())
        .addColumn("ciphertext", engine === "postgres" ? "bytea" : "blob", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("user_secrets_pk", ["user_id", "kind"])
        .execute();
    },
  };
}
