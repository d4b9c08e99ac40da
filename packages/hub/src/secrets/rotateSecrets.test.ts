// Rotating the master key over a real SQLite store: every secret moves to the new key, a secret that
// cannot be opened aborts the whole pass with nothing changed, and an interrupted run can be finished.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newUser } from "../store/accountSuite.js";
import { openSqliteStore, type Store } from "../store/index.js";
import { parseMasterKey } from "./masterKey.js";
import { planRotation, rotateSecrets } from "./rotateSecrets.js";
import { createUserSecrets } from "./userSecrets.js";

const dir = mkdtempSync(join(tmpdir(), "porthole-rotate-"));
const oldKey = parseMasterKey("11".repeat(32), "old");
const newKey = parseMasterKey("22".repeat(32), "new");
const strayKey = parseMasterKey("33".repeat(32), "stray");
let store: Store;

/** UserSecrets with a key check that accepts anything (no Anthropic API involved in rotation). */
const secretsUnder = (key: typeof oldKey) => createUserSecrets({ secrets: store.secrets, masterKey: key, check: async () => ({ ok: true }), anthropicBaseUrl: "http://unused.invalid", checkTimeoutMs: 1000 });

async function user(): Promise<string> {
  const r = await store.accounts.createUser(newUser());
  if (!r.ok) throw new Error(r.reason);
  return r.user.id;
}

beforeAll(async () => {
  store = await openSqliteStore({ file: join(dir, "hub.db") });
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("master key rotation", () => {
  it("moves every secret to the new key; the old key no longer opens them", async () => {
    const ids = [await user(), await user(), await user()];
    for (const [i, id] of ids.entries()) await secretsUnder(oldKey).setAnthropicKey(id, `sk-ant-rotate-${i}-xxxxxxxxxxxxxxxx`);
    expect(await planRotation(store, oldKey, newKey)).toEqual({ byKey: { [oldKey.id]: 3 }, unknown: 0, total: 3 });
    const seen: string[] = [];
    expect(await rotateSecrets(store, oldKey, newKey, (done, total) => seen.push(`${done}/${total}`))).toBe(3);
    expect(seen).toEqual(["1/3", "2/3", "3/3"]);
    expect(await store.secrets.countSecretsByKey()).toEqual({ [newKey.id]: 3 });
    for (const [i, id] of ids.entries()) expect(await secretsUnder(newKey).decryptUserApiKey(id)).toBe(`sk-ant-rotate-${i}-xxxxxxxxxxxxxxxx`);
    await expect(secretsUnder(oldKey).decryptUserApiKey(ids[0]!)).rejects.toThrow(/sealed under master key/);
    // Running again (as after a crash between commit and installing the key) changes nothing visible.
    expect(await rotateSecrets(store, oldKey, newKey)).toBe(3);
    expect(await secretsUnder(newKey).decryptUserApiKey(ids[1]!)).toBe("sk-ant-rotate-1-xxxxxxxxxxxxxxxx");
  });

  it("aborts with nothing changed when one secret is under a key it does not have", async () => {
    const stray = await user();
    await secretsUnder(strayKey).setAnthropicKey(stray, "sk-ant-stray-xxxxxxxxxxxxxxxxxxxx");
    const before = await store.secrets.countSecretsByKey();
    expect((await planRotation(store, newKey, oldKey)).unknown).toBe(1);
    await expect(rotateSecrets(store, newKey, oldKey)).rejects.toThrow(/sealed under master key/);
    expect(await store.secrets.countSecretsByKey()).toEqual(before);
  });
});
