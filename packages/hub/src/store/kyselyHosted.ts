// The HostedStore over an open, migrated Kysely database; both engines use it.
import type { Kysely, Selectable } from "kysely";
import type { HostedSessionRecord, HostedStore } from "./hostedStore.js";
import type { HostedSessionsTable, StoreDatabase } from "./storeDatabase.js";

function toRecord(r: Selectable<HostedSessionsTable>): HostedSessionRecord {
  return { sessionId: r.session_id, agent: r.agent, project: r.project, workspace: r.workspace, createdAt: Number(r.created_at) };
}

export function kyselyHosted(db: Kysely<StoreDatabase>): HostedStore {
  return {
    async putHostedSession(r) {
      await db
        .insertInto("hosted_sessions")
        .values({ session_id: r.sessionId, agent: r.agent, project: r.project, workspace: r.workspace, created_at: r.createdAt })
        .execute();
    },

    async getHostedSession(sessionId) {
      const row = await db.selectFrom("hosted_sessions").selectAll().where("session_id", "=", sessionId).executeTakeFirst();
      return row && toRecord(row);
    },

    async listOpenHostedSessions() {
      const rows = await db
        .selectFrom("hosted_sessions as h")
        .innerJoin("sessions as s", "s.id", "h.session_id")
        .selectAll("h")
        .where("s.ended_at", "is", null)
        .orderBy("h.created_at")
        .orderBy("h.session_id")
        .execute();
      return rows.map(toRecord);
    },
  };
}
