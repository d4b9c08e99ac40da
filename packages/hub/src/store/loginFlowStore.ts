// The login-flow part of the Kysely AccountStore, shared by both engines: single-use OAuth states
// and device codes (RFC 8628) with their poll interval, approval and single use.
import type { Kysely } from "kysely";
import type { AccountStore, DevicePoll, OAuthStateUse } from "./accountStore.js";
import type { StoreDatabase } from "./storeDatabase.js";

type LoginFlowMethods = Pick<AccountStore, "createOAuthState" | "useOAuthState" | "createDeviceCode" | "pollDeviceCode" | "decideDeviceCode">;

/** Expired rows are kept this long (so a late poll still hears "expired"), then dropped, in ms. */
const keepExpiredMs = 24 * 3600 * 1000;
/** A poll this much early still counts as on time (timer jitter), in ms. */
const pollGraceMs = 250;

export function kyselyLoginFlows(db: Kysely<StoreDatabase>, engine: "sqlite" | "postgres"): LoginFlowMethods {
  return {
    async createOAuthState(s) {
      await db.deleteFrom("oauth_states").where("expires_at", "<", s.createdAt - keepExpiredMs).execute();
      await db
        .insertInto("oauth_states")
        .values({ state_hash: s.stateHash, provider: s.provider, binding_hash: s.bindingHash, created_at: s.createdAt, expires_at: s.expiresAt, used_at: null })
        .execute();
    },

    async useOAuthState(stateHash, now): Promise<OAuthStateUse> {
      const claimed = await db
        .updateTable("oauth_states")
        .set({ used_at: now })
        .where("state_hash", "=", stateHash)
        .where("used_at", "is", null)
        .where("expires_at", ">", now)
        .returning(["provider", "binding_hash"])
        .executeTakeFirst();
      if (claimed) return { ok: true, provider: claimed.provider, bindingHash: claimed.binding_hash };
      const row = await db.selectFrom("oauth_states").select(["used_at"]).where("state_hash", "=", stateHash).executeTakeFirst();
      return { ok: false, reason: !row ? "unknown" : row.used_at !== null ? "used" : "expired" };
    },

    async createDeviceCode(d) {
      await db.deleteFrom("device_codes").where("expires_at", "<", d.createdAt - keepExpiredMs).execute();
      const taken = await db.selectFrom("device_codes").select("device_code_hash").where("user_code_hash", "=", d.userCodeHash).executeTakeFirst();
      if (taken) return false;
      try {
        await db
          .insertInto("device_codes")
          .values({
            device_code_hash: d.deviceCodeHash,
            user_code_hash: d.userCodeHash,
            status: "pending",
            user_id: null,
            interval_seconds: d.intervalSeconds,
            created_at: d.createdAt,
            expires_at: d.expiresAt,
            last_polled_at: null,
            decided_at: null,
          })
          .execute();
        return true;
      } catch (err) {
        // Another request took the same user code in the meantime.
        const raced = await db.selectFrom("device_codes").select("device_code_hash").where("user_code_hash", "=", d.userCodeHash).executeTakeFirst();
        if (raced) return false;
        throw err;
      }
    },

    async pollDeviceCode(deviceCodeHash, now): Promise<DevicePoll> {
      return db.transaction().execute(async (trx): Promise<DevicePoll> => {
        const query = trx.selectFrom("device_codes").selectAll().where("device_code_hash", "=", deviceCodeHash);
        // SQLite runs transactions one at a time; PostgreSQL needs the row lock.
        const row = await (engine === "postgres" ? query.forUpdate() : query).executeTakeFirst();
        if (!row) return { outcome: "unknown" };
        if (row.status === "used") return { outcome: "used" };
        if (row.expires_at <= now) return { outcome: "expired" };
        const where = trx.updateTable("device_codes").where("device_code_hash", "=", deviceCodeHash);
        if (row.last_polled_at !== null && now - row.last_polled_at < row.interval_seconds * 1000 - pollGraceMs) {
          const intervalSeconds = row.interval_seconds + 5;
          await where.set({ interval_seconds: intervalSeconds, last_polled_at: now }).execute();
          return { outcome: "slow_down", intervalSeconds };
        }
        if (row.status === "approved" && row.user_id !== null) {
          await where.set({ status: "used", last_polled_at: now }).execute();
          return { outcome: "approved", userId: row.user_id };
        }
        await where.set({ last_polled_at: now }).execute();
        return { outcome: row.status === "denied" ? "denied" : "pending" };
      });
    },

    async decideDeviceCode(userCodeHash, { approve, userId }, now) {
      const result = await db
        .updateTable("device_codes")
        .set({ status: approve ? "approved" : "denied", user_id: userId, decided_at: now })
        .where("user_code_hash", "=", userCodeHash)
        .where("status", "=", "pending")
        .where("expires_at", ">", now)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}
