// Runs the shared Store suite against SQLite in a temporary file, plus SQLite-only checks.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { openSqliteStore, openStore } from "./index.js";
import { migrations } from "./migrations.js";
import { storeSuite } from "./storeSuite.js";

const dir = mkdtempSync(join(tmpdir(), "porthole-store-"));
const file = join(dir, "hub.sqlite");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

storeSuite("sqlite", () => openSqliteStore({ file }));

describe("SQLite engine", () => {
  it("uses WAL and records each migration once, however often it is reopened", async () => {
    for (let i = 0; i < 3; i++) await (await openSqliteStore({ file })).close();
    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
      const names = raw.prepare("SELECT name FROM kysely_migration ORDER BY name").pluck().all();
      expect(names).toEqual(Object.keys(migrations("sqlite")).sort());
    } finally {
      raw.close();
    }
  });

  it("opens an in-memory database for :memory:", async () => {
    const store = await openSqliteStore({ file: ":memory:" });
    try {
      await store.createSession({
        id: "in-memory-session-id-0001", ownerId: "local", name: "n", command: "c",
        hostTokenHash: "00", joinVerifier: "", cols: 80, rows: 24, createdAt: 1,
      });
      expect(await store.listSessions("local")).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it("openStore picks SQLite without a database URL and refuses an unknown scheme", async () => {
    const store = await openStore({ sqliteFile: file, databaseUrl: "" });
    expect(store.engine).toBe("sqlite");
    await store.close();
    await expect(openStore({ sqliteFile: file, databaseUrl: "mysql://x/y" })).rejects.toThrow(/postgres/);
  });
});
