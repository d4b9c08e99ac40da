// The accounts cases of the shared Store suite (storeSuite.ts runs them on every engine): users,
// refresh-token rotation under concurrency, API keys, login failures and the audit log.
import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { NewUser } from "./accountStore.js";
import { loginFlowSuite } from "./loginFlowSuite.js";
import type { Store } from "./store.js";

const id = () => randomBytes(16).toString("base64url");
const hash = () => createHash("sha256").update(randomBytes(32)).digest("hex");
const email = () => `u${randomBytes(6).toString("hex")}@example.test`;

export function newUser(overrides: Partial<NewUser> = {}): NewUser {
  return { id: id(), email: email(), displayName: "Ada", passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$x$y", role: "user", githubId: null, createdAt: 1_000, ...overrides };
}

/** Registers the account cases; `store` is read when each test runs. */
export function accountSuite(getStore: () => Store): void {
  const accounts = () => getStore().accounts;
  async function user(overrides: Partial<NewUser> = {}) {
    const result = await accounts().createUser(newUser(overrides));
    if (!result.ok) throw new Error(result.reason);
    return result.user;
  }

  describe("users", () => {
    it("creates a user and finds it by id, e-mail in any case, and GitHub id", async () => {
      const u = await user({ email: "Mixed.Case@Example.test", githubId: id() });
      expect(u).toMatchObject({ role: "user", tokenVersion: 0, disabledAt: null, updatedAt: 1_000 });
      expect(await accounts().getUser(u.id)).toEqual(u);
      expect(await accounts().findUserByEmail(" mixed.case@EXAMPLE.test ")).toEqual(u);
      expect(await accounts().findUserByGithubId(u.githubId!)).toEqual(u);
      expect(await accounts().getUser(id())).toBeUndefined();
      expect(await accounts().findUserByEmail(email())).toBeUndefined();
    });

    it("refuses a taken e-mail (any case) or GitHub id as an outcome, and allows many users without either", async () => {
      const u = await user({ githubId: id() });
      expect(await accounts().createUser(newUser({ email: u.email!.toUpperCase() }))).toEqual({ ok: false, reason: "email_taken" });
      expect(await accounts().createUser(newUser({ githubId: u.githubId }))).toEqual({ ok: false, reason: "github_taken" });
      await user({ email: null });
      await user({ email: null });
    });

    it("lists users oldest first, paged by (createdAt, id)", async () => {
      const t = 10_000_000 + Math.floor(Math.random() * 1e9);
      const made = [await user({ createdAt: t }), await user({ createdAt: t }), await user({ createdAt: t + 1 })];
      const sorted = [...made].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
      const first = sorted[0]!;
      const page = await accounts().listUsers({ after: { createdAt: t - 1, id: "" }, limit: 2 });
      expect(page.map((u) => u.id)).toEqual(sorted.slice(0, 2).map((u) => u.id));
      const next = await accounts().listUsers({ after: { createdAt: first.createdAt, id: first.id }, limit: 2 });
      expect(next.map((u) => u.id)).toEqual(sorted.slice(1, 3).map((u) => u.id));
    });

    it("updates profile fields and role; a taken e-mail or unknown user is an outcome", async () => {
      const a = await user();
      const b = await user();
      expect(await accounts().updateUser(a.id, { displayName: "Grace", role: "admin" }, 2_000)).toEqual({
        ok: true, user: { ...a, displayName: "Grace", role: "admin", updatedAt: 2_000 },
      });
      expect(await accounts().updateUser(a.id, { email: b.email!.toUpperCase() }, 3_000)).toEqual({ ok: false, reason: "email_taken" });
      expect(await accounts().updateUser(id(), { displayName: "x" }, 3_000)).toEqual({ ok: false, reason: "not_found" });
      const renamed = email();
      expect(await accounts().updateUser(a.id, { email: renamed }, 4_000)).toMatchObject({ ok: true, user: { email: renamed } });
      expect((await accounts().findUserByEmail(renamed))?.id).toBe(a.id);
    });

    it("sets a password hash, stopping tokens only when asked", async () => {
      const u = await user();
      expect(await accounts().setPasswordHash(u.id, "h1", 2_000, { revokeTokens: false })).toMatchObject({ passwordHash: "h1", tokenVersion: 0 });
      expect(await accounts().setPasswordHash(u.id, "h2", 3_000, { revokeTokens: true })).toMatchObject({ passwordHash: "h2", tokenVersion: 1 });
      expect(await accounts().setPasswordHash(id(), "h", 1, { revokeTokens: true })).toBeUndefined();
    });

    it("disabling stops every token; enabling does not bring them back", async () => {
      const u = await user();
      const token = hash();
      const family = await accounts().startFamily({ id: id(), userId: u.id, client: "web", createdAt: 1 }, { tokenHash: token, createdAt: 1, expiresAt: 1e15 });
      expect(family).toMatchObject({ tokenVersion: 0, revokedAt: null });
      expect(await accounts().setDisabled(u.id, true, 5_000)).toMatchObject({ disabledAt: 5_000, tokenVersion: 1 });
      expect(await accounts().getFamily(family!.id)).toMatchObject({ revokedAt: 5_000 });
      expect(await accounts().setDisabled(u.id, false, 6_000)).toMatchObject({ disabledAt: null, tokenVersion: 1 });
      expect(await accounts().rotateRefreshToken(token, { tokenHash: hash(), createdAt: 7, expiresAt: 1e15 }, 7_000)).toEqual({ ok: false, reason: "revoked" });
      expect(await accounts().setDisabled(id(), true, 1)).toBeUndefined();
    });
  });

  describe("access checks", () => {
    it("reads a user and their login family in one call; another user's family is not theirs", async () => {
      const a = await user();
      const b = await user();
      const family = await accounts().startFamily({ id: id(), userId: a.id, client: "web", createdAt: 1 }, { tokenHash: hash(), createdAt: 1, expiresAt: 1e15 });
      expect(await accounts().getUserAndFamily(a.id, family!.id)).toEqual({ user: await accounts().getUser(a.id), family: await accounts().getFamily(family!.id) });
      expect(await accounts().getUserAndFamily(b.id, family!.id)).toEqual({ user: await accounts().getUser(b.id), family: undefined });
      expect(await accounts().getUserAndFamily(a.id, id())).toMatchObject({ family: undefined });
      expect(await accounts().getUserAndFamily(id(), family!.id)).toEqual({ user: undefined, family: undefined });
      await accounts().revokeFamily(family!.id, 9_000);
      expect((await accounts().getUserAndFamily(a.id, family!.id)).family?.revokedAt).toBe(9_000);
    });
  });

  describe("refresh tokens", () => {
    async function family(userId?: string) {
      const uid = userId ?? (await user()).id;
      const token = hash();
      const f = await accounts().startFamily({ id: id(), userId: uid, client: "cli", createdAt: 10 }, { tokenHash: token, createdAt: 10, expiresAt: 100_000 });
      return { family: f!, token, userId: uid };
    }
    const next = (expiresAt = 200_000) => ({ tokenHash: hash(), createdAt: 20, expiresAt });

    it("starts a family at the user's token version; none for an unknown user", async () => {
      const u = await user();
      await accounts().revokeAllTokens(u.id, 5);
      expect((await family(u.id)).family).toMatchObject({ userId: u.id, tokenVersion: 1, client: "cli", revokedAt: null });
      expect(await accounts().startFamily({ id: id(), userId: id(), client: "", createdAt: 1 }, next())).toBeUndefined();
    });

    it("rotates a token once; its successor works; the used one is reuse and revokes the family", async () => {
      const f = await family();
      const second = next();
      expect(await accounts().rotateRefreshToken(f.token, second, 50)).toEqual({ ok: true, family: f.family });
      const third = next();
      expect(await accounts().rotateRefreshToken(second.tokenHash, third, 60)).toMatchObject({ ok: true });
      expect(await accounts().rotateRefreshToken(f.token, next(), 70)).toEqual({ ok: false, reason: "reused", family: { ...f.family, revokedAt: 70 } });
      expect(await accounts().rotateRefreshToken(third.tokenHash, next(), 80)).toEqual({ ok: false, reason: "revoked" });
    });

    it("refuses unknown and expired tokens", async () => {
      const f = await family();
      expect(await accounts().rotateRefreshToken(hash(), next(), 50)).toEqual({ ok: false, reason: "unknown" });
      expect(await accounts().rotateRefreshToken(f.token, next(), 100_000)).toEqual({ ok: false, reason: "expired" });
    });

    it("of 50 concurrent rotations of one token exactly one wins, and the rest are reuse", async () => {
      const f = await family();
      const results = await Promise.all(Array.from({ length: 50 }, () => accounts().rotateRefreshToken(f.token, next(), 50)));
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok && r.reason === "reused")).toHaveLength(49);
      expect((await accounts().getFamily(f.family.id))?.revokedAt).toBe(50);
    });

    it("revokeFamily and revokeAllTokens stop the family's tokens", async () => {
      const a = await family();
      expect(await accounts().revokeFamily(a.family.id, 30)).toBe(true);
      expect(await accounts().revokeFamily(a.family.id, 31)).toBe(false);
      expect(await accounts().rotateRefreshToken(a.token, next(), 40)).toEqual({ ok: false, reason: "revoked" });
      const b = await family();
      expect(await accounts().revokeAllTokens(b.userId, 30)).toMatchObject({ tokenVersion: 1 });
      expect(await accounts().rotateRefreshToken(b.token, next(), 40)).toEqual({ ok: false, reason: "revoked" });
    });
  });

  describe("API keys", () => {
    it("creates, finds by hash, lists newest first, touches at most once per interval, revokes only the owner's", async () => {
      const u = await user();
      const other = await user();
      const make = (createdAt: number) => ({ id: id(), userId: u.id, name: `k${createdAt}`, prefix: "phk_abc", keyHash: hash(), scope: "read" as const, createdAt });
      const k1 = make(1);
      const k2 = make(2);
      const created = await accounts().createApiKey(k1);
      expect(created).toEqual({ id: k1.id, userId: u.id, name: "k1", prefix: "phk_abc", scope: "read", createdAt: 1, lastUsedAt: null, revokedAt: null });
      await accounts().createApiKey(k2);
      expect(await accounts().findApiKey(k1.keyHash)).toEqual(created);
      expect(await accounts().findApiKey(hash())).toBeUndefined();
      expect((await accounts().listApiKeys(u.id)).map((k) => k.id)).toEqual([k2.id, k1.id]);
      await accounts().touchApiKey(k1.id, 1_000, 60_000);
      await accounts().touchApiKey(k1.id, 2_000, 60_000);
      expect((await accounts().findApiKey(k1.keyHash))?.lastUsedAt).toBe(1_000);
      await accounts().touchApiKey(k1.id, 61_000, 60_000);
      expect((await accounts().findApiKey(k1.keyHash))?.lastUsedAt).toBe(61_000);
      expect(await accounts().revokeApiKey(other.id, k1.id, 5)).toBe(false);
      expect(await accounts().revokeApiKey(u.id, k1.id, 5)).toBe(true);
      expect(await accounts().revokeApiKey(u.id, k1.id, 6)).toBe(false);
      expect(await accounts().findApiKey(k1.keyHash)).toBeUndefined();
      expect((await accounts().listApiKeys(u.id)).find((k) => k.id === k1.id)?.revokedAt).toBe(5);
    });
  });

  describe("login failures", () => {
    it("counts failures in the window, drops old ones, and clears", async () => {
      const key = email();
      expect(await accounts().loginFailures(key, 0)).toEqual({ count: 0, lastAt: null });
      for (const at of [100, 200, 300]) await accounts().recordLoginFailure(key, at, 0);
      expect(await accounts().loginFailures(key, 150)).toEqual({ count: 2, lastAt: 300 });
      await accounts().recordLoginFailure(key, 400, 250);
      expect(await accounts().loginFailures(key, 0)).toEqual({ count: 2, lastAt: 400 });
      await accounts().clearLoginFailures(key);
      expect(await accounts().loginFailures(key, 0)).toEqual({ count: 0, lastAt: null });
    });
  });

  describe("audit", () => {
    it("appends events and lists them newest first, paged and filtered", async () => {
      const u = id();
      const type = `test.${id()}`;
      for (let i = 0; i < 5; i++) await accounts().appendAudit({ at: i, type, userId: i % 2 ? u : null, ip: "192.0.2.1", detail: { i, nested: { ok: true } } });
      const all = await accounts().listAudit({ limit: 10, type });
      expect(all.map((e) => e.detail.i)).toEqual([4, 3, 2, 1, 0]);
      expect(all[0]).toMatchObject({ type, userId: null, ip: "192.0.2.1", at: 4, detail: { i: 4, nested: { ok: true } } });
      const page = await accounts().listAudit({ limit: 2, type, before: all[1]!.id });
      expect(page.map((e) => e.detail.i)).toEqual([2, 1]);
      expect((await accounts().listAudit({ limit: 10, userId: u })).map((e) => e.detail.i)).toEqual([3, 1]);
    });
  });

  describe("login flows", () => loginFlowSuite(accounts));
}
