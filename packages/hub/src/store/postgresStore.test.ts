// Runs the shared Store suite against the real PostgreSQL (DATABASE_URL, else the local test
// database) in a fresh random schema that is dropped afterwards. Fails fast if it is unreachable.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgresStore } from "./index.js";
import { migrations } from "./migrations.js";
import { storeSuite } from "./storeSuite.js";

const url = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const schema = `store_test_${randomBytes(6).toString("hex")}`;
const connectTimeoutMs = 3_000;
let reachable = false;

/** Runs one query on a fresh connection, with the test's connect timeout. */
async function query(text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  try {
    await query("SELECT 1");
    reachable = true;
  } catch (err) {
    const shown = new URL(url);
    if (shown.password !== "") shown.password = "***";
    throw new Error(`PostgreSQL is unreachable at ${shown.href} (set DATABASE_URL): ${String(err)}`);
  }
});

afterAll(async () => {
  if (reachable) await query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
});

storeSuite("postgres", () => openPostgresStore({ url, schema, connectTimeoutMs }));

describe("PostgreSQL engine", () => {
  it("records each migration once, however often it is reopened", async () => {
    for (let i = 0; i < 3; i++) await (await openPostgresStore({ url, schema, connectTimeoutMs })).close();
    const { rows } = await query(`SELECT name FROM ${schema}.kysely_migration ORDER BY name`);
    expect(rows.map((r: { name: string }) => r.name)).toEqual(Object.keys(migrations("postgres")).sort());
  });

  it("refuses a schema name it cannot use unquoted", async () => {
    await expect(openPostgresStore({ url, schema: 'x"; DROP TABLE y; --' })).rejects.toThrow(RangeError);
  });
});
