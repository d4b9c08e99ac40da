// Deleting sessions with every row keyed by them, inside a caller's transaction. Both
// deleteSession and deleteProject use it: a new table keyed by session id is cleared here.
import type { Transaction } from "kysely";
import type { StoreDatabase } from "./storeDatabase.js";

/** Deletes the sessions with these ids and their frames; returns how many sessions were deleted. */
export async function deleteSessionRows(trx: Transaction<StoreDatabase>, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  await trx.deleteFrom("frames").where("session_id", "in", ids).execute();
  await trx.deleteFrom("hosted_sessions").where("session_id", "in", ids).execute();
  const result = await trx.deleteFrom("sessions").where("id", "in", ids).executeTakeFirst();
  return Number(result.numDeletedRows);
}
