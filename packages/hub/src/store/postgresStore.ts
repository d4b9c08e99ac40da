// Opens the PostgreSQL engine of the Store: a pg Pool through Kysely, migrated at open. BIGINT
// columns come back as JS numbers (see parseInt8).
import pg from "pg";
import { Kysely, PostgresDialect } from "kysely";
import { createKyselyStore } from "./kyselyStore.js";
import { migrateToLatest } from "./migrations.js";
import type { Store } from "./store.js";
import type { StoreDatabase } from "./storeDatabase.js";

/** The Postgres OID of int8 (BIGINT). */
const int8Oid = 20;
/** A schema name we can splice into SQL and a search_path without quoting. */
const schemaPattern = /^[a-z_][a-z0-9_]{0,62}$/;

export interface PostgresStoreOptions {
  /** postgres:// connection URL. */
  url: string;
  /** Schema for the store's tables, created if missing; default: the server's search_path. */
  schema?: string;
  /** How long to wait for a connection before failing, in ms; default 10 000. */
  connectTimeoutMs?: number;
  /** Most connections the pool opens at once; default 10. */
  maxConnections?: number;
}

/** Opens a pool to `url`, creates `schema` if asked and missing, and runs migrations. */
export async function openPostgresStore(opts: PostgresStoreOptions): Promise<Store> {
  const { schema } = opts;
  if (schema !== undefined && !schemaPattern.test(schema)) {
    throw new RangeError(`openPostgresStore: schema must match ${String(schemaPattern)}, got ${JSON.stringify(schema)}`);
  }
  const pool = new pg.Pool({
    connectionString: opts.url,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 10_000,
    max: opts.maxConnections ?? 10,
    types: { getTypeParser },
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on("error", () => {});
  const db = new Kysely<StoreDatabase>({ dialect: new PostgresDialect({ pool }) });
  try {
    if (schema !== undefined) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await migrateToLatest(db as Kysely<unknown>, "postgres", schema);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return createKyselyStore(db, "postgres");
}

/** pg's parsers for this pool only (never the global ones other code shares), with BIGINT as number. */
const getTypeParser: typeof pg.types.getTypeParser = (oid, format) =>
  oid === int8Oid && format !== "binary" ? parseInt8 : pg.types.getTypeParser(oid, format);

/** BIGINT text to a JS number; seqs, times and byte counts all stay below 2^53. */
function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new Error(`invariant violation: int8 ${text} exceeds 2^53`);
  return n;
}
