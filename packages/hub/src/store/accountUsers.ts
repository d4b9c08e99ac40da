// The users part of the Kysely AccountStore, shared by both engines.
import type { Kysely, Selectable } from "kysely";
import type { AccountStore, NewUser, Role, UserConflict, UserRecord } from "./accountStore.js";
import type { UsersTable } from "./accountTables.js";
import type { StoreDatabase } from "./storeDatabase.js";

type UserMethods = Pick<
  AccountStore,
  "createUser" | "getUser" | "findUserByEmail" | "findUserByGithubId" | "listUsers" | "updateUser" | "setPasswordHash" | "setDisabled" | "revokeAllTokens"
>;

/** The case-insensitive key of an e-mail address. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

export function kyselyUsers(db: Kysely<StoreDatabase>): UserMethods {
  async function getUser(id: string): Promise<UserRecord | undefined> {
    const row = await db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
    return row && toUser(row);
  }

  /** After a unique violation, which unique field is taken (undefined: something else failed). */
  async function conflictOf(email: string | null | undefined, githubId: string | null | undefined, selfId?: string): Promise<UserConflict | undefined> {
    if (email) {
      const row = await db.selectFrom("users").select("id").where("email_key", "=", emailKey(email)).executeTakeFirst();
      if (row && row.id !== selfId) return "email_taken";
    }
    if (githubId) {
      const row = await db.selectFrom("users").select("id").where("github_id", "=", githubId).executeTakeFirst();
      if (row && row.id !== selfId) return "github_taken";
    }
    return undefined;
  }

  /**
   * Bumps the version and revokes every family and refresh token of the user, inside `trx`. Locks
   * in the order every writer uses: the user row, then families, then refresh tokens.
   */
  async function revokeAllIn(trx: Kysely<StoreDatabase>, userId: string, now: number) {
    const row = await trx
      .updateTable("users")
      .set((eb) => ({ token_version: eb("token_version", "+", 1), updated_at: now }))
      .where("id", "=", userId)
      .returningAll()
      .executeTakeFirst();
    await trx.updateTable("token_families").set({ revoked_at: now }).where("user_id", "=", userId).where("revoked_at", "is", null).execute();
    await trx.updateTable("refresh_tokens").set({ revoked_at: now }).where("user_id", "=", userId).where("revoked_at", "is", null).execute();
    return row;
  }

  return {
    async createUser(u: NewUser) {
      const row: UsersTable = {
        id: u.id,
        email: u.email,
        email_key: u.email === null ? null : emailKey(u.email),
        display_name: u.displayName,
        password_hash: u.passwordHash,
        role: u.role,
        disabled_at: null,
        token_version: 0,
        github_id: u.githubId,
        created_at: u.createdAt,
        updated_at: u.createdAt,
      };
      try {
        await db.insertInto("users").values(row).execute();
      } catch (err) {
        const reason = await conflictOf(u.email, u.githubId);
        if (reason) return { ok: false, reason };
        throw err;
      }
      return { ok: true, user: toUser(row) };
    },

    getUser,

    async findUserByEmail(email: string) {
      const row = await db.selectFrom("users").selectAll().where("email_key", "=", emailKey(email)).executeTakeFirst();
      return row && toUser(row);
    },

    async findUserByGithubId(githubId: string) {
      const row = await db.selectFrom("users").selectAll().where("github_id", "=", githubId).executeTakeFirst();
      return row && toUser(row);
    },

    async listUsers({ after, limit }) {
      let query = db.selectFrom("users").selectAll().orderBy("created_at").orderBy("id").limit(limit);
      if (after) {
        query = query.where((eb) =>
          eb.or([eb("created_at", ">", after.createdAt), eb.and([eb("created_at", "=", after.createdAt), eb("id", ">", after.id)])]),
        );
      }
      return (await query.execute()).map(toUser);
    },

    async updateUser(id, patch, now) {
      const set: Partial<UsersTable> = { updated_at: now };
      if (patch.email !== undefined) {
        set.email = patch.email;
        set.email_key = patch.email === null ? null : emailKey(patch.email);
      }
      if (patch.displayName !== undefined) set.display_name = patch.displayName;
      if (patch.role !== undefined) set.role = patch.role;
      try {
        const row = await db.updateTable("users").set(set).where("id", "=", id).returningAll().executeTakeFirst();
        return row ? { ok: true, user: toUser(row) } : { ok: false, reason: "not_found" };
      } catch (err) {
        const reason = await conflictOf(patch.email, undefined, id);
        if (reason) return { ok: false, reason };
        throw err;
      }
    },

    async setPasswordHash(id, hash, now, { revokeTokens }) {
      return db.transaction().execute(async (trx) => {
        const row = await trx.updateTable("users").set({ password_hash: hash, updated_at: now }).where("id", "=", id).returningAll().executeTakeFirst();
        if (!row) return undefined;
        return toUser(revokeTokens ? ((await revokeAllIn(trx, id, now)) ?? row) : row);
      });
    },

    async setDisabled(id, disabled, now) {
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable("users")
          .set({ disabled_at: disabled ? now : null, updated_at: now })
          .where("id", "=", id)
          .returningAll()
          .executeTakeFirst();
        if (!row) return undefined;
        return toUser(disabled ? ((await revokeAllIn(trx, id, now)) ?? row) : row);
      });
    },

    async revokeAllTokens(userId, now) {
      const row = await db.transaction().execute((trx) => revokeAllIn(trx, userId, now));
      return row && toUser(row);
    },
  };
}

export function toUser(r: Selectable<UsersTable>): UserRecord {
  return {
    id: r.id,
    email: r.email,
    displayName: r.display_name,
    passwordHash: r.password_hash,
    role: r.role as Role,
    disabledAt: r.disabled_at,
    tokenVersion: r.token_version,
    githubId: r.github_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
