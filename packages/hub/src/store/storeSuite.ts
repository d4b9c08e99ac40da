// The one behaviour suite every Store engine must pass; sqliteStore.test.ts and
// postgresStore.test.ts run it. Each test uses fresh random session and owner ids.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountSuite } from "./accountSuite.js";
import { hostedSuite } from "./hostedSuite.js";
import { secretSuite } from "./secretSuite.js";
import { projectSuite } from "./projectSuite.js";
import { pushSuite } from "./pushSuite.js";
import type { NewSession, Store, StoredFrame } from "./store.js";

/** Registers the suite; `open` must open the same database every time it is called. */
export function storeSuite(engine: Store["engine"], open: () => Promise<Store>): void {
  describe(`Store (${engine})`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await (store as Store | undefined)?.close();
    });

    async function created(overrides: Partial<NewSession> = {}) {
      return store.createSession({ ...newSession(), ...overrides });
    }

    describe("sessions", () => {
      it("reports its engine", () => {
        expect(store.engine).toBe(engine);
      });

      it("creates a session with empty frame counters and gets it back", async () => {
        const s = newSession();
        const expected = { ...s, endedAt: null, exitCode: null, lastSeq: 0, firstSeq: 1, storedBytes: 0, projectId: null, archivedAt: null };
        expect(await store.createSession(s)).toEqual(expected);
        expect(await store.getSession(s.id)).toEqual(expected);
        expect(await store.getSession(newId())).toBeUndefined();
      });

      it("refuses a duplicate id", async () => {
        const s = await created();
        await expect(store.createSession({ ...newSession(), id: s.id })).rejects.toThrow();
      });

      it("lists only the owner's sessions, newest first", async () => {
        const owner = newId();
        const older = await created({ ownerId: owner, createdAt: 1_000 });
        const newer = await created({ ownerId: owner, createdAt: 2_000 });
        await created({ ownerId: newId(), createdAt: 3_000 });
        expect((await store.listSessions(owner)).map((s) => s.id)).toEqual([newer.id, older.id]);
        expect(await store.listSessions(newId())).toEqual([]);
      });

      it("updates name and size", async () => {
        const s = await created();
        expect(await store.updateSession(s.id, { name: "renamed", cols: 132 })).toEqual({
          ...s,
          name: "renamed",
          cols: 132,
        });
        expect(await store.updateSession(s.id, { rows: 50 })).toMatchObject({ name: "renamed", cols: 132, rows: 50 });
        expect(await store.updateSession(s.id, {})).toMatchObject({ rows: 50 });
        expect(await store.updateSession(newId(), { name: "x" })).toBeUndefined();
      });

      it("ends a session once; a second end keeps the first exit code and time", async () => {
        const s = await created();
        expect(await store.endSession(s.id, 0, 5_000)).toMatchObject({ endedAt: 5_000, exitCode: 0 });
        expect(await store.endSession(s.id, 1, 6_000)).toMatchObject({ endedAt: 5_000, exitCode: 0 });
        expect(await store.getSession(s.id)).toMatchObject({ endedAt: 5_000, exitCode: 0 });
        expect(await store.endSession(newId(), 0, 1)).toBeUndefined();
        const killed = await created();
        expect(await store.endSession(killed.id, null, 7_000)).toMatchObject({ endedAt: 7_000, exitCode: null });
      });

      it("deletes a session and its frames", async () => {
        const s = await created();
        await store.appendFrames(s.id, frames(1, 3), Infinity);
        expect(await store.deleteSession(s.id)).toBe(true);
        expect(await store.getSession(s.id)).toBeUndefined();
        expect(await store.deleteSession(s.id)).toBe(false);
        expect(await store.appendFrames(s.id, frames(4, 4), Infinity)).toEqual({ ok: false, reason: "not_found" });
        // A new session under the same id starts with no frames: the old rows are gone.
        await created({ id: s.id });
        expect(await store.readFrames(s.id, 0, Infinity)).toEqual([]);
      });
    });

    describe("frames", () => {
      it("appends and reads back in order", async () => {
        const s = await created();
        expect(await store.appendFrames(s.id, frames(1, 3), Infinity)).toEqual({
          ok: true, lastSeq: 3, firstSeq: 1, storedBytes: 30,
        });
        expect(await store.appendFrames(s.id, frames(4, 5), Infinity)).toMatchObject({ ok: true, lastSeq: 5 });
        expect(await store.readFrames(s.id, 1, Infinity)).toEqual(frames(1, 5));
        expect(await store.readFrames(s.id, 4, Infinity)).toEqual(frames(4, 5));
        expect(await store.getSession(s.id)).toMatchObject({ lastSeq: 5, firstSeq: 1, storedBytes: 50 });
      });

      it("treats an empty batch as a no-op that reports the counters", async () => {
        const s = await created();
        expect(await store.appendFrames(s.id, [], Infinity)).toEqual({ ok: true, lastSeq: 0, firstSeq: 1, storedBytes: 0 });
      });

      it("skips frames already stored on a resend, keeping the original bytes", async () => {
        const s = await created();
        await store.appendFrames(s.id, frames(1, 3), Infinity);
        expect(await store.appendFrames(s.id, frames(1, 3, "x"), Infinity)).toMatchObject({ ok: true, lastSeq: 3 });
        expect(await store.appendFrames(s.id, frames(2, 5, "y"), Infinity)).toMatchObject({ ok: true, lastSeq: 5 });
        expect(await store.readFrames(s.id, 1, Infinity)).toEqual([...frames(1, 3), ...frames(4, 5, "y")]);
      });

      it("refuses a gap and writes nothing", async () => {
        const s = await created();
        await store.appendFrames(s.id, frames(1, 3), Infinity);
        expect(await store.appendFrames(s.id, frames(5, 6), Infinity)).toEqual({ ok: false, reason: "gap", expected: 4 });
        const fresh = await created();
        expect(await store.appendFrames(fresh.id, frames(2, 2), Infinity)).toEqual({ ok: false, reason: "gap", expected: 1 });
        expect(await store.readFrames(s.id, 1, Infinity)).toEqual(frames(1, 3));
        expect(await store.readFrames(fresh.id, 1, Infinity)).toEqual([]);
        expect(await store.getSession(s.id)).toMatchObject({ lastSeq: 3, storedBytes: 30 });
      });

      it("throws on a batch whose seqs are not consecutive, writing nothing", async () => {
        const s = await created();
        await expect(store.appendFrames(s.id, [frame(1), frame(3)], Infinity)).rejects.toThrow(RangeError);
        await expect(store.appendFrames(s.id, [frame(2), frame(1)], Infinity)).rejects.toThrow(RangeError);
        expect(await store.getSession(s.id)).toMatchObject({ lastSeq: 0 });
      });

      it("refuses appends to an unknown or ended session", async () => {
        expect(await store.appendFrames(newId(), frames(1, 1), Infinity)).toEqual({ ok: false, reason: "not_found" });
        const s = await created();
        await store.appendFrames(s.id, frames(1, 2), Infinity);
        await store.endSession(s.id, 0, 1);
        expect(await store.appendFrames(s.id, frames(3, 4), Infinity)).toEqual({ ok: false, reason: "ended" });
        expect(await store.readFrames(s.id, 1, Infinity)).toEqual(frames(1, 2));
      });

      it("trims the oldest frames to keepBytes, never the newest", async () => {
        const s = await created();
        expect(await store.appendFrames(s.id, frames(1, 5), 35)).toEqual({ ok: true, lastSeq: 5, firstSeq: 3, storedBytes: 30 });
        expect(await store.readFrames(s.id, 1, Infinity)).toEqual(frames(3, 5));
        expect(await store.getSession(s.id)).toMatchObject({ lastSeq: 5, firstSeq: 3, storedBytes: 30 });
        expect(await store.appendFrames(s.id, frames(6, 6), 35)).toEqual({ ok: true, lastSeq: 6, firstSeq: 4, storedBytes: 30 });
        const big = { seq: 7, data: new Uint8Array(100).fill(7) };
        expect(await store.appendFrames(s.id, [big], 35)).toEqual({ ok: true, lastSeq: 7, firstSeq: 7, storedBytes: 100 });
        expect(await store.readFrames(s.id, 0, Infinity)).toEqual([big]);
        expect(await store.appendFrames(s.id, frames(8, 8), 0)).toEqual({ ok: true, lastSeq: 8, firstSeq: 8, storedBytes: 10 });
      });

      it("reads at most maxBytes, but always at least one frame", async () => {
        const s = await created();
        await store.appendFrames(s.id, frames(1, 5), Infinity);
        expect(await store.readFrames(s.id, 1, 25)).toEqual(frames(1, 2));
        expect(await store.readFrames(s.id, 2, 30)).toEqual(frames(2, 4));
        expect(await store.readFrames(s.id, 3, 1)).toEqual(frames(3, 3));
        expect(await store.readFrames(s.id, 6, Infinity)).toEqual([]);
        expect(await store.readFrames(newId(), 1, Infinity)).toEqual([]);
      });

      it("reads across many frames (more than one page of sizes)", async () => {
        const s = await created();
        expect(await store.appendFrames(s.id, frames(1, 1_500, "m", 4), Infinity)).toMatchObject({ lastSeq: 1_500 });
        expect(await store.readFrames(s.id, 1, Infinity)).toEqual(frames(1, 1_500, "m", 4));
        expect(await store.readFrames(s.id, 101, 4 * 1_000)).toEqual(frames(101, 1_100, "m", 4));
        expect(await store.appendFrames(s.id, frames(1_501, 1_501, "m", 4), 40)).toMatchObject({ firstSeq: 1_492 });
      });

      it("stores concurrent overlapping appends exactly once, consecutively", async () => {
        const s = await created();
        const batches = Array.from({ length: 20 }, (_, i) => frames(1, 5 * (i + 1)));
        const results = await Promise.all(shuffle(batches).map((b) => store.appendFrames(s.id, b, Infinity)));
        expect(results.every((r) => r.ok)).toBe(true);
        expect(await store.readFrames(s.id, 1, Infinity)).toEqual(frames(1, 100));
        expect(await store.getSession(s.id)).toMatchObject({ lastSeq: 100, firstSeq: 1, storedBytes: 1_000 });
      });

      it("never leaves a gap or duplicate under concurrent appends that may gap", async () => {
        const s = await created();
        const batches = Array.from({ length: 20 }, (_, i) => frames(3 * i + 1, 3 * i + 6));
        const results = await Promise.all(shuffle(batches).map((b) => store.appendFrames(s.id, b, 150)));
        for (const r of results) expect(r.ok || r.reason === "gap").toBe(true);
        const session = await store.getSession(s.id);
        const stored = await store.readFrames(s.id, 0, Infinity);
        expect(stored).toEqual(frames(session?.firstSeq ?? -1, session?.lastSeq ?? -1));
        expect(session?.storedBytes).toBe(stored.length * 10);
        expect(session?.storedBytes).toBeLessThanOrEqual(150);
      });

      it("round-trips a 1 MiB binary frame byte for byte", async () => {
        const s = await created();
        const data = new Uint8Array(randomBytes(1024 * 1024));
        data.set(Array.from({ length: 256 }, (_, i) => i));
        const offset = { seq: 2, data: new Uint8Array(data.buffer, 5, 1000) };
        await store.appendFrames(s.id, [{ seq: 1, data }, offset], Infinity);
        const [back, back2] = await store.readFrames(s.id, 1, Infinity);
        expect(back?.data.byteLength).toBe(data.byteLength);
        expect(Buffer.compare(back?.data ?? new Uint8Array(), data)).toBe(0);
        expect(back2).toEqual(offset);
      });
    });

    describe("accounts", () => accountSuite(() => store));

    describe("projects", () => projectSuite(() => store, newSession));

    describe("hosted", () => hostedSuite(() => store, newSession));

    describe("push", () => pushSuite(() => store));

    describe("secrets", () => secretSuite(() => store));

    describe("reopening", () => {
      it("keeps data across close and reopen, and re-running migrations changes nothing", async () => {
        const first = await open();
        const s = await first.createSession(newSession());
        await first.appendFrames(s.id, frames(1, 3), Infinity);
        await first.endSession(s.id, 2, 9_000);
        await first.close();
        for (let i = 0; i < 2; i++) {
          const again = await open();
          expect(await again.getSession(s.id)).toMatchObject({ lastSeq: 3, storedBytes: 30, exitCode: 2 });
          expect(await again.readFrames(s.id, 1, Infinity)).toEqual(frames(1, 3));
          await again.close();
        }
      });
    });
  });
}

function newId(): string {
  return randomBytes(16).toString("base64url");
}

/** A fresh session of a fresh owner, not yet stored. */
function newSession(): NewSession {
  return {
    id: newId(),
    ownerId: newId(),
    name: "claude in ~/proj",
    command: "claude --resume",
    hostTokenHash: randomBytes(32).toString("hex"),
    joinVerifier: randomBytes(32).toString("hex"),
    cols: 120,
    rows: 40,
    createdAt: Date.now(),
  };
}

/** A frame of `size` bytes whose content depends on its seq and tag. */
function frame(seq: number, tag = "f", size = 10): StoredFrame {
  const text = `${tag}${seq}`.padEnd(size, ".").slice(0, size);
  return { seq, data: new TextEncoder().encode(text) };
}

/** Frames from..to inclusive. */
function frames(from: number, to: number, tag = "f", size = 10): StoredFrame[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => frame(from + i, tag, size));
}

function shuffle<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
