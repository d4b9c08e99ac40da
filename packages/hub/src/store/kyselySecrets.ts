// The SecretStore over Kysely, both engines: sealed secrets per user and kind, and the one-transaction
// reseal that `porthole secrets rotate` runs.
import type { Kysely, Selectable } from "kysely";
import type { SecretKind, SecretRecord, SecretStore } from "./secretStore.js";
import type { StoreDatabase, UserSecretsTable } from "./storeDatabase.js";

function toRecord(r: Selectable<UserSecretsTable>): SecretRecord {
  return { userId: r.user_id, kind: r.kind as SecretKind, keyId: r.key_id, ciphertext: new Uint8Array(r.ciphertext), createdAt: Number(r.created_at), updatedAt: Number(r.updated_at) };
}

export function kyselySecrets(db: Kysely<StoreDatabase>, engine: "sqlite" | "postgres"): SecretStore {
  return {
    async putSecret(s, now) {
      const row = await db
        .insertInto("user_secrets")
        .values({ user_id: s.userId, kind: s.kind, key_id: s.keyId, ciphertext: s.ciphertext, created_at: now, updated_at: now })
        .onConflict((oc) => oc.columns(["user_id", "kind"]).doUpdateSet({ key_id: s.keyId, ciphertext: s.ciphertext, updated_at: now }))
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRecord(row);
    },

    async getSecret(userId, kind) {
      const row = await db.selectFrom("user_secrets").selectAll().where("user_id", "=", userId).where("kind", "=", kind).executeTakeFirst();
      return row && toRecord(row);
    },

    async deleteSecret(userId, kind) {
      const result = await db.deleteFrom("user_secrets").where("user_id", "=", userId).where("kind", "=", kind).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async countSecretsByKey() {
      const rows = await db.selectFrom("user_secrets").select((eb) => ["key_id", eb.fn.countAll<number | string>().as("n")]).groupBy("key_id").execute();
      return Object.fromEntries(rows.map((r) => [r.key_id, Number(r.n)]));
    },

    async resealAll(reseal, progress) {
      return db.transaction().execute(async (trx) => {
        // SQLite runs one transaction at a time; PostgreSQL locks the rows it reseals.
        const query = trx.selectFrom("user_secrets").selectAll().orderBy("user_id").orderBy("kind");
        const rows = await (engine === "postgres" ? query.forUpdate() : query).execute();
        let done = 0;
        for (const row of rows) {
          const next = reseal(toRecord(row));
          await trx
            .updateTable("user_secrets")
            .set({ key_id: next.keyId, ciphertext: next.ciphertext })
            .where("user_id", "=", row.user_id)
            .where("kind", "=", row.kind)
            .execute();
          done += 1;
          progress?.(done, rows.length);
        }
        return done;
      });
    },
  };
}
