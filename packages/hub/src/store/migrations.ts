// Schema migrations for both engines, run at open. Only ever append to the list below; never edit
// or reorder a migration that has shipped. Must stay in step with storeDatabase.ts.
import { Migrator, type Kysely, type Migration } from "kysely";
import { accountsMigration } from "./accountMigrations.js";
import { hostedSessionsMigration } from "./hostedMigration.js";
import { loginFlowsMigration } from "./loginFlowMigration.js";
import { projectsMigration } from "./projectMigration.js";
import { pushSubscriptionsMigration } from "./pushMigration.js";
import { secretsMigration } from "./secretMigration.js";

/** The store's migrations by name (names sort in the order they run). */
export function migrations(engine: "sqlite" | "postgres"): Record<string, Migration> {
  const bytes = engine === "postgres" ? "bytea" : "blob";
  return {
    "0001_sessions_and_frames": {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable("sessions")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("owner_id", "text", (c) => c.notNull())
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("command", "text", (c) => c.notNull())
          .addColumn("host_token_hash", "text", (c) => c.notNull())
          .addColumn("cols", "integer", (c) => c.notNull())
          .addColumn("rows", "integer", (c) => c.notNull())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addColumn("ended_at", "bigint")
          .addColumn("exit_code", "integer")
          .addColumn("last_seq", "bigint", (c) => c.notNull())
          .addColumn("first_seq", "bigint", (c) => c.notNull())
          .addColumn("stored_bytes", "bigint", (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex("sessions_owner_created")
          .on("sessions")
          .columns(["owner_id", "created_at"])
          .execute();
        await db.schema
          .createTable("frames")
          .addColumn("session_id", "text", (c) =>
            c.notNull().references("sessions.id").onDelete("cascade"),
          )
          .addColumn("seq", "bigint", (c) => c.notNull())
          .addColumn("size", "integer", (c) => c.notNull())
          .addColumn("data", bytes, (c) => c.notNull())
          .addPrimaryKeyConstraint("frames_pk", ["session_id", "seq"])
          .execute();
      },
    },
    "0002_session_join_verifier": {
      async up(db: Kysely<unknown>) {
        await db.schema
          .alterTable("sessions")
          .addColumn("join_verifier", "text", (c) => c.notNull().defaultTo(""))
          .execute();
      },
    },
    "0003_accounts": accountsMigration(engine),
    "0004_login_flows": loginFlowsMigration,
    "0005_projects": projectsMigration,
    "0006_user_secrets": secretsMigration(engine),
    "0007_hosted_sessions": hostedSessionsMigration,
    "0008_push_subscriptions": pushSubscriptionsMigration,
  };
}

/**
 * Brings the schema up to date; a no-op when it already is. Throws if a migration fails. With a
 * PostgreSQL schema, the migration tables are looked up there: Kysely otherwise takes such a table
 * in any other schema of the database for ours and skips creating it.
 */
export async function migrateToLatest(db: Kysely<unknown>, engine: "sqlite" | "postgres", schema?: string): Promise<void> {
  const list = migrations(engine);
  const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(list) }, ...(schema === undefined ? {} : { migrationTableSchema: schema }) });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) {
    throw new Error(`store migration failed (${engine})`, { cause: error });
  }
}
