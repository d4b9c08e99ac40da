// The AccountStore over an open, migrated Kysely database, assembled from its parts; both engines use it.
import type { Kysely } from "kysely";
import { kyselyAudit } from "./accountAudit.js";
import { kyselyKeys } from "./accountKeys.js";
import type { AccountStore } from "./accountStore.js";
import { kyselyTokens } from "./accountTokens.js";
import { kyselyUsers } from "./accountUsers.js";
import { kyselyLoginFlows } from "./loginFlowStore.js";
import type { StoreDatabase } from "./storeDatabase.js";

export function createKyselyAccountStore(db: Kysely<StoreDatabase>, engine: "sqlite" | "postgres"): AccountStore {
  return { ...kyselyUsers(db), ...kyselyTokens(db, engine), ...kyselyKeys(db), ...kyselyAudit(db), ...kyselyLoginFlows(db, engine) };
}
