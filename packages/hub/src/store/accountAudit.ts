// The audit-log part of the Kysely AccountStore, shared by both engines. Detail is stored as JSON text.
import type { Kysely } from "kysely";
import type { AccountStore, AuditEvent } from "./accountStore.js";
import type { StoreDatabase } from "./storeDatabase.js";

export function kyselyAudit(db: Kysely<StoreDatabase>): Pick<AccountStore, "appendAudit" | "listAudit"> {
  return {
    async appendAudit(e) {
      await db.insertInto("audit_events").values({ at: e.at, type: e.type, user_id: e.userId, ip: e.ip, detail: JSON.stringify(e.detail) }).execute();
    },

    async listAudit({ before, limit, type, userId }): Promise<AuditEvent[]> {
      let query = db.selectFrom("audit_events").selectAll().orderBy("id", "desc").limit(limit);
      if (before !== undefined) query = query.where("id", "<", before);
      if (type !== undefined) query = query.where("type", "=", type);
      if (userId !== undefined) query = query.where("user_id", "=", userId);
      const rows = await query.execute();
      return rows.map((r) => ({ id: Number(r.id), at: r.at, type: r.type, userId: r.user_id, ip: r.ip, detail: JSON.parse(r.detail) as Record<string, unknown> }));
    },
  };
}
