// The API-key and login-failure parts of the Kysely AccountStore, shared by both engines.
import type { Kysely, Selectable } from "kysely";
import type { AccountStore, ApiKeyRecord, ApiKeyScope, NewApiKey } from "./accountStore.js";
import type { ApiKeysTable } from "./accountTables.js";
import type { StoreDatabase } from "./storeDatabase.js";

type KeyMethods = Pick<
  AccountStore,
  "createApiKey" | "listApiKeys" | "findApiKey" | "touchApiKey" | "revokeApiKey" | "recordLoginFailure" | "loginFailures" | "clearLoginFailures"
>;

export function kyselyKeys(db: Kysely<StoreDatabase>): KeyMethods {
  return {
    async createApiKey(k: NewApiKey) {
      const row: ApiKeysTable = {
        id: k.id,
        user_id: k.userId,
        name: k.name,
        prefix: k.prefix,
        key_hash: k.keyHash,
        scope: k.scope,
        created_at: k.createdAt,
        last_used_at: null,
        revoked_at: null,
      };
      await db.insertInto("api_keys").values(row).execute();
      return toApiKey(row);
    },

    async listApiKeys(userId) {
      const rows = await db.selectFrom("api_keys").selectAll().where("user_id", "=", userId).orderBy("created_at", "desc").orderBy("id").execute();
      return rows.map(toApiKey);
    },

    async findApiKey(keyHash) {
      const row = await db.selectFrom("api_keys").selectAll().where("key_hash", "=", keyHash).where("revoked_at", "is", null).executeTakeFirst();
      return row && toApiKey(row);
    },

    async touchApiKey(id, now, minIntervalMs) {
      await db
        .updateTable("api_keys")
        .set({ last_used_at: now })
        .where("id", "=", id)
        .where((eb) => eb.or([eb("last_used_at", "is", null), eb("last_used_at", "<=", now - minIntervalMs)]))
        .execute();
    },

    async revokeApiKey(userId, id, now) {
      const result = await db
        .updateTable("api_keys")
        .set({ revoked_at: now })
        .where("id", "=", id)
        .where("user_id", "=", userId)
        .where("revoked_at", "is", null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async recordLoginFailure(accountKey, at, windowStart) {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom("login_failures").where("at", "<", windowStart).execute();
        await trx.insertInto("login_failures").values({ account_key: accountKey, at }).execute();
      });
    },

    async loginFailures(accountKey, windowStart) {
      const row = await db
        .selectFrom("login_failures")
        .select((eb) => [eb.fn.countAll<number | string>().as("count"), eb.fn.max("at").as("last")])
        .where("account_key", "=", accountKey)
        .where("at", ">=", windowStart)
        .executeTakeFirst();
      return { count: Number(row?.count ?? 0), lastAt: row?.last == null ? null : Number(row.last) };
    },

    async clearLoginFailures(accountKey) {
      await db.deleteFrom("login_failures").where("account_key", "=", accountKey).execute();
    },
  };
}

function toApiKey(r: Selectable<ApiKeysTable>): ApiKeyRecord {
  return {
    id: r.id,
    userId: r.user_id,
    name: r.name,
    prefix: r.prefix,
    scope: r.scope as ApiKeyScope,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  };
}
