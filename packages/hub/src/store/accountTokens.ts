// The refresh-token part of the Kysely AccountStore: families (one per login) and single-use,
// rotating refresh tokens with reuse detection. Shared by both engines.
import type { Kysely, Selectable } from "kysely";
import type { AccountStore, NewRefreshToken, RotateResult, TokenFamily } from "./accountStore.js";
import type { TokenFamiliesTable } from "./accountTables.js";
import type { StoreDatabase } from "./storeDatabase.js";
import { toUser } from "./accountUsers.js";

type TokenMethods = Pick<AccountStore, "startFamily" | "rotateRefreshToken" | "getFamily" | "getUserAndFamily" | "revokeFamily">;

export function kyselyTokens(db: Kysely<StoreDatabase>, engine: "sqlite" | "postgres"): TokenMethods {
  async function revokeFamilyIn(trx: Kysely<StoreDatabase>, id: string, now: number): Promise<boolean> {
    const result = await trx.updateTable("token_families").set({ revoked_at: now }).where("id", "=", id).where("revoked_at", "is", null).executeTakeFirst();
    await trx.updateTable("refresh_tokens").set({ revoked_at: now }).where("family_id", "=", id).where("revoked_at", "is", null).execute();
    return result.numUpdatedRows > 0n;
  }

  return {
    async startFamily(f, first: NewRefreshToken) {
      return db.transaction().execute(async (trx) => {
        const user = await trx.selectFrom("users").select("token_version").where("id", "=", f.userId).executeTakeFirst();
        if (!user) return undefined;
        const row: TokenFamiliesTable = {
          id: f.id,
          user_id: f.userId,
          token_version: user.token_version,
          client: f.client,
          created_at: f.createdAt,
          revoked_at: null,
        };
        await trx.insertInto("token_families").values(row).execute();
        await trx
          .insertInto("refresh_tokens")
          .values({ token_hash: first.tokenHash, family_id: f.id, user_id: f.userId, created_at: first.createdAt, expires_at: first.expiresAt, used_at: null, revoked_at: null })
          .execute();
        return toFamily(row);
      });
    },

    async rotateRefreshToken(tokenHash, next, now): Promise<RotateResult> {
      return db.transaction().execute(async (trx): Promise<RotateResult> => {
        const token = await trx.selectFrom("refresh_tokens").select("family_id").where("token_hash", "=", tokenHash).executeTakeFirst();
        if (!token) return { ok: false, reason: "unknown" };
        // Every path that writes a family's tokens locks the family row first, so concurrent
        // rotations and revocations of one family run one at a time and cannot deadlock.
        // (SQLite runs transactions one at a time anyway.)
        const familyQuery = trx.selectFrom("token_families").selectAll().where("id", "=", token.family_id);
        const family = await (engine === "postgres" ? familyQuery.forUpdate() : familyQuery).executeTakeFirst();
        if (!family) return { ok: false, reason: "unknown" };
        const claimed = await trx
          .updateTable("refresh_tokens")
          .set({ used_at: now })
          .where("token_hash", "=", tokenHash)
          .where("used_at", "is", null)
          .where("revoked_at", "is", null)
          .where("expires_at", ">", now)
          .returning(["user_id"])
          .executeTakeFirst();
        if (claimed) {
          if (family.revoked_at !== null) return { ok: false, reason: "revoked" };
          await trx
            .insertInto("refresh_tokens")
            .values({ token_hash: next.tokenHash, family_id: family.id, user_id: claimed.user_id, created_at: next.createdAt, expires_at: next.expiresAt, used_at: null, revoked_at: null })
            .execute();
          return { ok: true, family: toFamily(family) };
        }
        const state = await trx.selectFrom("refresh_tokens").select(["used_at", "revoked_at"]).where("token_hash", "=", tokenHash).executeTakeFirstOrThrow();
        if (state.used_at !== null) {
          await revokeFamilyIn(trx, family.id, now);
          return { ok: false, reason: "reused", family: toFamily({ ...family, revoked_at: family.revoked_at ?? now }) };
        }
        return { ok: false, reason: state.revoked_at !== null ? "revoked" : "expired" };
      });
    },

    async getFamily(id) {
      const row = await db.selectFrom("token_families").selectAll().where("id", "=", id).executeTakeFirst();
      return row && toFamily(row);
    },

    async getUserAndFamily(userId, familyId) {
      // One round trip: the user's row, with the family's columns beside it when it is theirs.
      const row = await db
        .selectFrom("users")
        .leftJoin("token_families", (join) => join.on("token_families.id", "=", familyId).onRef("token_families.user_id", "=", "users.id"))
        .selectAll("users")
        .select([
          "token_families.id as family_id",
          "token_families.token_version as family_token_version",
          "token_families.client as family_client",
          "token_families.created_at as family_created_at",
          "token_families.revoked_at as family_revoked_at",
        ])
        .where("users.id", "=", userId)
        .executeTakeFirst();
      if (!row) return { user: undefined, family: undefined };
      const family: TokenFamily | undefined =
        row.family_id === null
          ? undefined
          : { id: row.family_id, userId: row.id, tokenVersion: row.family_token_version!, client: row.family_client!, createdAt: row.family_created_at!, revokedAt: row.family_revoked_at };
      return { user: toUser(row), family };
    },

    async revokeFamily(id, now) {
      return db.transaction().execute((trx) => revokeFamilyIn(trx, id, now));
    },
  };
}

function toFamily(r: Selectable<TokenFamiliesTable>): TokenFamily {
  return { id: r.id, userId: r.user_id, tokenVersion: r.token_version, client: r.client, createdAt: r.created_at, revokedAt: r.revoked_at };
}
