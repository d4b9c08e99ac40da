// Opens the SQLite engine of the Store: better-sqlite3 in WAL mode through Kysely, migrated at open.
import Database from "better-sqlite3";
import { Kysely, SqliteDialect, type SqliteDatabase, type SqliteStatement } from "kysely";
import { createKyselyStore } from "./kyselyStore.js";
import { migrateToLatest } from "./migrations.js";
import type { Store } from "./store.js";
import type { StoreDatabase } from "./storeDatabase.js";

/** How long a statement waits for another process's write lock before failing, in ms. */
const busyTimeoutMs = 5_000;
/** Prepared statements kept for reuse; the hot paths use a few dozen distinct queries. */
const statementCacheSize = 256;

/**
 * Kysely's SQLite driver prepares every query anew; better-sqlite3 statements can be reused, and
 * compiling the SQL was the hub's largest single cost per stored frame. Keeps them by SQL text.
 */
function withStatementCache(sqlite: Database.Database): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => sqlite.close(),
    prepare(sql) {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql); // most recently used goes last
      } else {
        statement = sqlite.prepare(sql) as unknown as SqliteStatement;
        if (cache.size >= statementCacheSize) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}

/** Opens (creating if needed) the SQLite database at `file`, or an in-memory one for ":memory:". */
export async function openSqliteStore(opts: { file: string }): Promise<Store> {
  const sqlite = new Database(opts.file);
  try {
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("synchronous = NORMAL");
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma(`busy_timeout = ${busyTimeoutMs}`);
  } catch (err) {
    sqlite.close();
    throw err;
  }
  const db = new Kysely<StoreDatabase>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  try {
    await migrateToLatest(db as Kysely<unknown>, "sqlite");
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return createKyselyStore(db, "sqlite");
}
