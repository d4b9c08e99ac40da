// The accounts tables (migration 0003), for both engines. Shipped migrations are never edited:
// later changes (OAuth state, device codes) go in new migrations appended in migrations.ts.
import type { Kysely, Migration } from "kysely";

export function accountsMigration(engine: "sqlite" | "postgres"): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("users")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("email", "text")
        .addColumn("email_key", "text", (c) => c.unique())
        .addColumn("display_name", "text", (c) => c.notNull())
        .addColumn("password_hash", "text")
        .addColumn("role", "text", (c) => c.notNull())
        .addColumn("disabled_at", "bigint")
        .addColumn("token_version", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("github_id", "text", (c) => c.unique())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("users_created").on("users").columns(["created_at", "id"]).execute();

      await db.schema
        .createTable("token_families")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
        .addColumn("token_version", "integer", (c) => c.notNull())
        .addColumn("client", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("revoked_at", "bigint")
        .execute();
      await db.schema.createIndex("token_families_user").on("token_families").column("user_id").execute();

      await db.schema
        .createTable("refresh_tokens")
        .addColumn("token_hash", "text", (c) => c.primaryKey())
        .addColumn("family_id", "text", (c) => c.notNull().references("token_families.id").onDelete("cascade"))
        .addColumn("user_id", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("expires_at", "bigint", (c) => c.notNull())
        .addColumn("used_at", "bigint")
        .addColumn("revoked_at", "bigint")
        .execute();
      await db.schema.createIndex("refresh_tokens_family").on("refresh_tokens").column("family_id").execute();
      await db.schema.createIndex("refresh_tokens_user").on("refresh_tokens").column("user_id").execute();

      await db.schema
        .createTable("api_keys")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("prefix", "text", (c) => c.notNull())
        .addColumn("key_hash", "text", (c) => c.notNull().unique())
        .addColumn("scope", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("last_used_at", "bigint")
        .addColumn("revoked_at", "bigint")
        .execute();
      await db.schema.createIndex("api_keys_user").on("api_keys").column("user_id").execute();

      await db.schema
        .createTable("login_failures")
        .addColumn("account_key", "text", (c) => c.notNull())
        .addColumn("at", "bigint", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("login_failures_key_at").on("login_failures").columns(["account_key", "at"]).execute();
      await db.schema.createIndex("login_failures_at").on("login_failures").column("at").execute();

      await db.schema
        .createTable("audit_events")
        .addColumn("id", engine === "postgres" ? "bigserial" : "integer", (c) =>
          engine === "postgres" ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn("at", "bigint", (c) => c.notNull())
        .addColumn("type", "text", (c) => c.notNull())
        .addColumn("user_id", "text")
        .addColumn("ip", "text")
        .addColumn("detail", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("audit_events_user").on("audit_events").columns(["user_id", "id"]).execute();
      await db.schema.createIndex("audit_events_type").on("audit_events").columns(["type", "id"]).execute();
    },
  };
}
