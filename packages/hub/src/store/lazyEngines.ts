// PostgreSQL loads its driver (pg, ~15 MB of memory) only when a hub is configured to use it, so
// the embedded hub on SQLite never pays for it.
import type { PostgresStoreOptions } from "./postgresStore.js";
import type { Store } from "./store.js";

export type { PostgresStoreOptions };

export async function openPostgresStore(opts: PostgresStoreOptions): Promise<Store> {
  const engine = await import("./postgresStore.js");
  return engine.openPostgresStore(opts);
}
