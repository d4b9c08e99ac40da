// The sealed-secrets cases of the shared Store suite (storeSuite.ts runs them on every engine): one
// secret per user and kind, replaced in place, resealed all or nothing.
import { randomBytes } from "node:crypto";
import { expect, it } from "vitest";
import { newUser } from "./accountSuite.js";
import type { Store } from "./store.js";

export function secretSuite(getStore: () => Store): void {
  const secrets = () => getStore().secrets;
  async function user() {
    const result = await getStore().accounts.createUser(newUser());
    if (!result.ok) throw new Error(result.reason);
    return result.user;
  }
  const bytes = (n = 40) => new Uint8Array(randomBytes(n));

  it("stores one secret per user and kind, replaces it keeping createdAt, and deletes it", async () => {
    const u = await user();
    const first = bytes();
    expect(await secrets().putSecret({ userId: u.id, kind: "anthropic_api_key", keyId: "k1", ciphertext: first }, 1_000)).toEqual({
      userId: u.id, kind: "anthropic_api_key", keyId: "k1", ciphertext: first, createdAt: 1_000, updatedAt: 1_000,
    });
    const second = bytes(60);
    await secrets().putSecret({ userId: u.id, kind: "anthropic_api_key", keyId: "k2", ciphertext: second }, 2_000);
    expect(await secrets().getSecret(u.id, "anthropic_api_key")).toEqual({ userId: u.id, kind: "anthropic_api_key", keyId: "k2", ciphertext: second, createdAt: 1_000, updatedAt: 2_000 });
    expect(await secrets().deleteSecret(u.id, "anthropic_api_key")).toBe(true);
    expect(await secrets().deleteSecret(u.id, "anthropic_api_key")).toBe(false);
    expect(await secrets().getSecret(u.id, "anthropic_api_key")).toBeUndefined();
  });

  it("reseals every secret in one pass, or none when one fails", async () => {
    const users = [await user(), await user(), await user()];
    const keyId = `old-${randomBytes(4).toString("hex")}`;
    for (const u of users) await secrets().putSecret({ userId: u.id, kind: "anthropic_api_key", keyId, ciphertext: bytes() }, 1_000);
    const failing = users[1]!.id;
    await expect(
      secrets().resealAll((row) => {
        if (row.userId === failing) throw new Error("cannot open this one");
        return { keyId: "new", ciphertext: bytes() };
      }),
    ).rejects.toThrow("cannot open this one");
    expect((await secrets().countSecretsByKey())[keyId]).toBe(3);

    const progress: number[] = [];
    const total = Object.values(await secrets().countSecretsByKey()).reduce((a, b) => a + b, 0);
    const resealed = await secrets().resealAll((row) => ({ keyId: `${row.keyId}+`, ciphertext: bytes() }), (done) => progress.push(done));
    expect(resealed).toBe(total);
    expect(progress).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    const counts = await secrets().countSecretsByKey();
    expect(counts[keyId]).toBeUndefined();
    expect(counts[`${keyId}+`]).toBe(3);
    expect(await secrets().getSecret(users[0]!.id, "anthropic_api_key")).toMatchObject({ createdAt: 1_000, updatedAt: 1_000 });
    // Without a progress callback the count is the same.
    expect(await secrets().resealAll((row) => ({ keyId: row.keyId, ciphertext: row.ciphertext }))).toBe(total);
  });
}
