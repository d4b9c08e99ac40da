// The Store implementation both engines share, over an open, migrated Kysely database. The only
// engine difference is how appendFrames serialises writers to one session (see lockSession).
import type { Kysely, Selectable, Transaction } from "kysely";
import { createKyselyAccountStore } from "./kyselyAccountStore.js";
import { deleteSessionRows } from "./deleteSessionRows.js";
import { kyselyHosted } from "./kyselyHosted.js";
import { kyselyProjects } from "./kyselyProjects.js";
import { kyselyPush } from "./kyselyPush.js";
import { kyselySecrets } from "./kyselySecrets.js";
import type { SessionsTable, StoreDatabase } from "./storeDatabase.js";
import type { AppendResult, NewSession, SessionFilter, SessionPatch, SessionRecord, Store, StoredFrame } from "./store.js";

/** Rows per INSERT, well under either engine's bound-parameter limit (4 per row). */
const insertChunkRows = 1000;
/** Rows of (seq, size) read per query while choosing frames to trim or return. */
const sizePageRows = 512;

/** Wraps a migrated database as a Store; close() destroys the database. */
export function createKyselyStore(db: Kysely<StoreDatabase>, engine: Store["engine"]): Store {
  /** Reads the session's frame counters, locking its row until the transaction ends. */
  function lockSession(trx: Transaction<StoreDatabase>, id: string) {
    const query = trx
      .selectFrom("sessions")
      .select(["last_seq", "first_seq", "stored_bytes", "ended_at"])
      .where("id", "=", id);
    // SQLite has one connection, which Kysely holds for a whole transaction, so transactions
    // already run one at a time; PostgreSQL needs the row lock.
    return (engine === "postgres" ? query.forUpdate() : query).executeTakeFirst();
  }

  async function getSession(id: string): Promise<SessionRecord | undefined> {
    const row = await db.selectFrom("sessions").selectAll().where("id", "=", id).executeTakeFirst();
    return row && toRecord(row);
  }

  return {
    engine,
    accounts: createKyselyAccountStore(db, engine),
    projects: kyselyProjects(db),
    hosted: kyselyHosted(db),
    push: kyselyPush(db),
    secrets: kyselySecrets(db, engine),

    async createSession(s: NewSession): Promise<SessionRecord> {
      const record: SessionRecord = {
        ...s,
        projectId: s.projectId ?? null,
        archivedAt: null,
        endedAt: null,
        exitCode: null,
        lastSeq: 0,
        firstSeq: 1,
        storedBytes: 0,
      };
      await db.insertInto("sessions").values(toRow(record)).execute();
      return record;
    },

    getSession,

    async listSessions(ownerId: string, filter: SessionFilter = {}): Promise<SessionRecord[]> {
      let query = db.selectFrom("sessions").selectAll().where("owner_id", "=", ownerId);
      if (filter.projectId !== undefined) query = query.where("project_id", "=", filter.projectId);
      if (filter.includeArchived !== true) {
        query = query.where("archived_at", "is", null).where((eb) =>
          eb.or([
            eb("project_id", "is", null),
            eb("project_id", "not in", eb.selectFrom("projects").select("id").where("owner_id", "=", ownerId).where("archived_at", "is not", null)),
          ]),
        );
      }
      const rows = await query
        .orderBy("created_at", "desc")
        .orderBy("id", "desc")
        .execute();
      return rows.map(toRecord);
    },

    async updateSession(id: string, patch: SessionPatch): Promise<SessionRecord | undefined> {
      const set: Partial<Pick<SessionsTable, "name" | "cols" | "rows" | "archived_at">> = {};
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.archivedAt !== undefined) set.archived_at = patch.archivedAt;
      if (patch.cols !== undefined) set.cols = patch.cols;
      if (patch.rows !== undefined) set.rows = patch.rows;
      if (Object.keys(set).length === 0) return getSession(id);
      const row = await db
        .updateTable("sessions")
        .set(set)
        .where("id", "=", id)
        .returningAll()
        .executeTakeFirst();
      return row && toRecord(row);
    },

    async endSession(id: string, exitCode: number | null, endedAt: number) {
      const row = await db
        .updateTable("sessions")
        .set({ ended_at: endedAt, exit_code: exitCode })
        .where("id", "=", id)
        .where("ended_at", "is", null)
        .returningAll()
        .executeTakeFirst();
      return row ? toRecord(row) : getSession(id);
    },

    async deleteSession(id: string): Promise<boolean> {
      return db.transaction().execute(async (trx) => (await deleteSessionRows(trx, [id])) > 0);
    },

    async appendFrames(sessionId: string, frames: StoredFrame[], keepBytes: number): Promise<AppendResult> {
      assertConsecutive(frames);
      return db.transaction().execute(async (trx): Promise<AppendResult> => {
        const session = await lockSession(trx, sessionId);
        if (session === undefined) return { ok: false, reason: "not_found" };
        if (session.ended_at !== null) return { ok: false, reason: "ended" };
        let { last_seq: lastSeq, first_seq: firstSeq, stored_bytes: storedBytes } = session;
        const fresh = frames.filter((f) => f.seq > lastSeq);
        const first = fresh[0];
        if (first !== undefined && first.seq !== lastSeq + 1) {
          return { ok: false, reason: "gap", expected: lastSeq + 1 };
        }
        for (let i = 0; i < fresh.length; i += insertChunkRows) {
          const rows = fresh.slice(i, i + insertChunkRows).map((f) => ({
            session_id: sessionId,
            seq: f.seq,
            size: f.data.byteLength,
            data: toBuffer(f.data),
          }));
          await trx.insertInto("frames").values(rows).execute();
        }
        for (const f of fresh) storedBytes += f.data.byteLength;
        lastSeq += fresh.length;
        if (storedBytes > keepBytes) {
          const trim = await trimOldest(trx, sessionId, lastSeq, storedBytes - keepBytes);
          if (trim.lastTrimmed !== undefined) firstSeq = trim.lastTrimmed + 1;
          storedBytes -= trim.bytes;
        }
        if (lastSeq !== session.last_seq || storedBytes !== session.stored_bytes) {
          await trx
            .updateTable("sessions")
            .set({ last_seq: lastSeq, first_seq: firstSeq, stored_bytes: storedBytes })
            .where("id", "=", sessionId)
            .execute();
        }
        return { ok: true, lastSeq, firstSeq, storedBytes };
      });
    },

    async readFrames(sessionId: string, fromSeq: number, maxBytes: number): Promise<StoredFrame[]> {
      // Choose the range from sizes alone, so a byte budget never loads more data than it returns.
      let total = 0;
      let upTo: number | undefined;
      let after = fromSeq - 1;
      pages: for (;;) {
        const page = await db
          .selectFrom("frames")
          .select(["seq", "size"])
          .where("session_id", "=", sessionId)
          .where("seq", ">", after)
          .orderBy("seq")
          .limit(sizePageRows)
          .execute();
        for (const f of page) {
          if (upTo !== undefined && total + f.size > maxBytes) break pages;
          total += f.size;
          upTo = f.seq;
        }
        const last = page.at(-1);
        if (last === undefined || page.length < sizePageRows) break;
        after = last.seq;
      }
      if (upTo === undefined) return [];
      const rows = await db
        .selectFrom("frames")
        .select(["seq", "data"])
        .where("session_id", "=", sessionId)
        .where("seq", ">=", fromSeq)
        .where("seq", "<=", upTo)
        .orderBy("seq")
        .execute();
      return rows.map((r) => ({ seq: r.seq, data: toBytes(r.data) }));
    },

    async close(): Promise<void> {
      await db.destroy();
    },
  };
}

/**
 * Deletes the oldest frames until at least `excess` bytes are gone, never the frame at lastSeq.
 * Returns the bytes deleted and the seq of the newest deleted frame (undefined if none).
 */
async function trimOldest(
  trx: Transaction<StoreDatabase>,
  sessionId: string,
  lastSeq: number,
  excess: number,
): Promise<{ bytes: number; lastTrimmed: number | undefined }> {
  let bytes = 0;
  let lastTrimmed: number | undefined;
  let after = 0;
  while (bytes < excess) {
    const page = await trx
      .selectFrom("frames")
      .select(["seq", "size"])
      .where("session_id", "=", sessionId)
      .where("seq", ">", after)
      .where("seq", "<", lastSeq)
      .orderBy("seq")
      .limit(sizePageRows)
      .execute();
    for (const f of page) {
      if (bytes >= excess) break;
      bytes += f.size;
      lastTrimmed = f.seq;
    }
    const last = page.at(-1);
    if (last === undefined) break;
    after = last.seq;
  }
  if (lastTrimmed !== undefined) {
    await trx.deleteFrom("frames").where("session_id", "=", sessionId).where("seq", "<=", lastTrimmed).execute();
  }
  return { bytes, lastTrimmed };
}

/** Throws unless every seq is a safe integer, one more than the one before it. */
function assertConsecutive(frames: StoredFrame[]): void {
  frames.forEach((f, i) => {
    const prev = frames[i - 1];
    if (!Number.isSafeInteger(f.seq) || (prev !== undefined && f.seq !== prev.seq + 1)) {
      throw new RangeError(`appendFrames: frame seqs must be consecutive integers (got ${f.seq} at index ${i})`);
    }
  });
}

function toRow(r: SessionRecord): SessionsTable {
  return {
    id: r.id,
    owner_id: r.ownerId,
    name: r.name,
    command: r.command,
    host_token_hash: r.hostTokenHash,
    join_verifier: r.joinVerifier,
    cols: r.cols,
    rows: r.rows,
    created_at: r.createdAt,
    ended_at: r.endedAt,
    exit_code: r.exitCode,
    last_seq: r.lastSeq,
    first_seq: r.firstSeq,
    stored_bytes: r.storedBytes,
    project_id: r.projectId,
    archived_at: r.archivedAt,
  };
}

function toRecord(r: Selectable<SessionsTable>): SessionRecord {
  return {
    id: r.id,
    ownerId: r.owner_id,
    name: r.name,
    command: r.command,
    hostTokenHash: r.host_token_hash,
    joinVerifier: r.join_verifier,
    cols: r.cols,
    rows: r.rows,
    createdAt: r.created_at,
    endedAt: r.ended_at,
    exitCode: r.exit_code,
    lastSeq: r.last_seq,
    firstSeq: r.first_seq,
    storedBytes: r.stored_bytes,
    projectId: r.project_id,
    archivedAt: r.archived_at,
  };
}

/** A Buffer over the same bytes (no copy): both drivers bind Buffers as BLOB / bytea. */
function toBuffer(data: Uint8Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** A plain Uint8Array over the same bytes as a driver's Buffer (no copy). */
function toBytes(data: Uint8Array): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
