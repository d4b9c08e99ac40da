// Picks the Store engine from config: PostgreSQL for a postgres:// URL, else the SQLite file.
import { openPostgresStore } from "./lazyEngines.js";
import { openSqliteStore } from "./sqliteStore.js";
import type { Store } from "./store.js";

/**
 * Opens PostgreSQL when databaseUrl is a postgres:// or postgresql:// URL, else SQLite at
 * sqliteFile. Throws on a non-empty databaseUrl of any other scheme rather than silently
 * falling back to SQLite.
 */
export function openStore(opts: { databaseUrl?: string; sqliteFile: string }): Promise<Store> {
  const url = opts.databaseUrl ?? "";
  if (/^postgres(ql)?:\/\//i.test(url)) return openPostgresStore({ url });
  if (url !== "") {
    return Promise.reject(new RangeError("openStore: databaseUrl must start with postgres:// or postgresql://"));
  }
  return openSqliteStore({ file: opts.sqliteFile });
}
