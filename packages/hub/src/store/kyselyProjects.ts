// The ProjectStore over an open, migrated Kysely database; both engines use it.
import type { Kysely, Selectable } from "kysely";
import { deleteSessionRows } from "./deleteSessionRows.js";
import { defaultProjectName, type ProjectKey, type ProjectPatch, type ProjectRecord, type ProjectStore, type ProjectSummary } from "./projectStore.js";
import type { ProjectsTable, StoreDatabase } from "./storeDatabase.js";

export function kyselyProjects(db: Kysely<StoreDatabase>): ProjectStore {
  async function getProject(id: string): Promise<ProjectRecord | undefined> {
    const row = await db.selectFrom("projects").selectAll().where("id", "=", id).executeTakeFirst();
    return row && toProject(row);
  }

  return {
    async findOrCreateProject(key: ProjectKey, opts: { id: string; name?: string; createdAt: number }): Promise<ProjectRecord> {
      // Insert-or-ignore, then read: concurrent registrations of one place meet on the unique key.
      await db
        .insertInto("projects")
        .values({
          id: opts.id,
          owner_id: key.ownerId,
          name: opts.name ?? defaultProjectName(key.directory),
          machine: key.machine,
          directory: key.directory,
          created_at: opts.createdAt,
          archived_at: null,
        })
        .onConflict((oc) => oc.columns(["owner_id", "machine", "directory"]).doNothing())
        .execute();
      const row = await db
        .selectFrom("projects")
        .selectAll()
        .where("owner_id", "=", key.ownerId)
        .where("machine", "=", key.machine)
        .where("directory", "=", key.directory)
        .executeTakeFirstOrThrow();
      return toProject(row);
    },

    getProject,

    async listProjects(ownerId: string, opts: { includeArchived?: boolean } = {}): Promise<ProjectSummary[]> {
      let query = db
        .selectFrom("projects as p")
        .leftJoin("sessions as s", "s.project_id", "p.id")
        .selectAll("p")
        .select((eb) => [
          eb.fn.count<number>("s.id").as("session_count"),
          eb.fn.max<number | null>("s.created_at").as("last_created"),
          eb.fn.max<number | null>("s.ended_at").as("last_ended"),
        ])
        .where("p.owner_id", "=", ownerId)
        .groupBy(["p.id", "p.owner_id", "p.name", "p.machine", "p.directory", "p.created_at", "p.archived_at"]);
      if (opts.includeArchived !== true) query = query.where("p.archived_at", "is", null);
      const rows = await query.execute();
      return rows
        .map((r) => {
          const times = [r.last_created, r.last_ended].filter((t): t is number => t !== null).map(Number);
          return { ...toProject(r), sessionCount: Number(r.session_count), lastActivityAt: times.length === 0 ? null : Math.max(...times) };
        })
        .sort((a, b) => (b.lastActivityAt ?? b.createdAt) - (a.lastActivityAt ?? a.createdAt) || (a.id < b.id ? 1 : -1));
    },

    async updateProject(id: string, patch: ProjectPatch): Promise<ProjectRecord | undefined> {
      const set: Partial<Pick<ProjectsTable, "name" | "archived_at">> = {};
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.archivedAt !== undefined) set.archived_at = patch.archivedAt;
      if (Object.keys(set).length === 0) return getProject(id);
      const row = await db.updateTable("projects").set(set).where("id", "=", id).returningAll().executeTakeFirst();
      return row && toProject(row);
    },

    async deleteProject(id: string): Promise<string[] | undefined> {
      return db.transaction().execute(async (trx) => {
        const sessions = await trx.selectFrom("sessions").select("id").where("project_id", "=", id).execute();
        const ids = sessions.map((s) => s.id);
        await deleteSessionRows(trx, ids);
        const result = await trx.deleteFrom("projects").where("id", "=", id).executeTakeFirst();
        return result.numDeletedRows > 0n ? ids : undefined;
      });
    },
  };
}

function toProject(r: Selectable<ProjectsTable>): ProjectRecord {
  return {
    id: r.id,
    ownerId: r.owner_id,
    name: r.name,
    machine: r.machine,
    directory: r.directory,
    createdAt: Number(r.created_at),
    archivedAt: r.archived_at === null ? null : Number(r.archived_at),
  };
}
