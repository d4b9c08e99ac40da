// The signed-in user's account over HTTP on both engines: profile, password change (stops every
// token), API keys (shown once, stored hashed, Bearer-usable, scoped, revocable).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import type { Store } from "../store/index.js";
import { bearer, forEachEngine, goodPassword, json, login, newEmail, registerUser, startAuthApp, whoami, type AuthHarness, type TokenBody } from "./authHarnessSuite.js";

forEachEngine("account routes", (store: () => Store) => {
  let h: AuthHarness;
  beforeAll(async () => {
    h = await startAuthApp(store());
  });
  afterAll(() => h.close());
  const refresh = (refreshToken: string) => h.app.inject({ method: "POST", url: "/v1/auth/refresh", payload: { refreshToken } });

  describe("profile", () => {
    it("shows the user without secrets, and needs a sign-in", async () => {
      const u = await registerUser(h.app);
      const res = await h.app.inject({ method: "GET", url: "/v1/auth/profile", headers: bearer(u.accessToken) });
      expect(json(res)).toEqual({ user: { id: u.user.id, email: u.email, displayName: "", role: "user", disabled: false, hasPassword: true, githubLinked: false, createdAt: expect.any(String) } });
      expect(res.body).not.toMatch(/argon2|tokenVersion/);
      expect((await h.app.inject({ method: "GET", url: "/v1/auth/profile" })).statusCode).toBe(401);
    });

    it("changes the display name; an e-mail change needs the current password; role is refused", async () => {
      const u = await registerUser(h.app);
      const patch = (payload: object) => h.app.inject({ method: "PATCH", url: "/v1/auth/profile", headers: bearer(u.accessToken), payload });
      expect(json(await patch({ displayName: "Ada" }))).toMatchObject({ user: { displayName: "Ada" } });
      expect((await patch({ role: "admin" })).statusCode).toBe(400);
      expect((await patch({ displayName: "x", role: "admin" })).statusCode).toBe(400);
      const email = newEmail();
      expect((await patch({ email })).statusCode).toBe(403);
      expect((await patch({ email, currentPassword: "wrong password" })).statusCode).toBe(403);
      expect(json(await patch({ email, currentPassword: u.password }))).toMatchObject({ user: { email } });
      const taken = await registerUser(h.app);
      expect((await patch({ email: taken.email, currentPassword: u.password })).statusCode).toBe(409);
      expect((await store().accounts.getUser(u.user.id))?.role).toBe("user");
    });
  });

  describe("password change", () => {
    it("needs the current password, applies the policy, and stops every token of the user", async () => {
      const u = await registerUser(h.app);
      const other = json<TokenBody>(await login(h.app, u.email, u.password));
      const change = (payload: object, token = u.accessToken) => h.app.inject({ method: "POST", url: "/v1/auth/password", headers: bearer(token), payload });
      expect((await change({ currentPassword: "not it at all", newPassword: goodPassword() })).statusCode).toBe(403);
      expect((await change({ currentPassword: u.password, newPassword: "password1" })).statusCode).toBe(400);
      expect((await whoami(h.app, bearer(other.accessToken))).statusCode).toBe(200);
      const next = goodPassword();
      const res = await change({ currentPassword: u.password, newPassword: next });
      expect(res.statusCode).toBe(200);
      for (const t of [u.accessToken, other.accessToken]) expect((await whoami(h.app, bearer(t))).statusCode).toBe(401);
      for (const t of [u.refreshToken, other.refreshToken]) expect((await refresh(t)).statusCode).toBe(401);
      expect((await whoami(h.app, bearer(json<TokenBody>(res).accessToken))).statusCode).toBe(200);
      expect((await login(h.app, u.email, u.password)).statusCode).toBe(401);
      expect((await login(h.app, u.email, next)).statusCode).toBe(200);
    });
  });

  describe("API keys", () => {
    it("are shown once, stored hashed, usable as Bearer with their scope, and revocable", async () => {
      const u = await registerUser(h.app);
      const created = await h.app.inject({ method: "POST", url: "/v1/auth/api-keys", headers: bearer(u.accessToken), payload: { name: "ci", scope: "sessions" } });
      expect(created.statusCode).toBe(201);
      const { key, apiKey } = json<{ key: string; apiKey: { id: string; prefix: string } }>(created);
      expect(key.startsWith(apiKey.prefix)).toBe(true);
      const listed = await h.app.inject({ method: "GET", url: "/v1/auth/api-keys", headers: bearer(u.accessToken) });
      expect(json(listed)).toEqual({ apiKeys: [{ id: apiKey.id, name: "ci", prefix: apiKey.prefix, scope: "sessions", createdAt: expect.any(String), lastUsedAt: null, revokedAt: null }] });
      expect(listed.body).not.toContain(key);
      expect(await store().accounts.findApiKey(createHash("sha256").update(key).digest("hex"))).toMatchObject({ id: apiKey.id });

      expect(json(await whoami(h.app, bearer(key)))).toEqual({ principal: { userId: u.user.id, role: "user", via: "api-key", scope: "sessions", apiKeyId: apiKey.id } });
      // A key cannot manage credentials.
      expect((await h.app.inject({ method: "POST", url: "/v1/auth/api-keys", headers: bearer(key), payload: { name: "more", scope: "full" } })).statusCode).toBe(403);
      expect((await h.app.inject({ method: "POST", url: "/v1/auth/password", headers: bearer(key), payload: { currentPassword: u.password, newPassword: goodPassword() } })).statusCode).toBe(403);
      expect((await h.app.inject({ method: "GET", url: "/v1/auth/profile", headers: bearer(key) })).statusCode).toBe(200);

      const other = await registerUser(h.app);
      expect((await h.app.inject({ method: "DELETE", url: `/v1/auth/api-keys/${apiKey.id}`, headers: bearer(other.accessToken) })).statusCode).toBe(404);
      expect((await h.app.inject({ method: "DELETE", url: `/v1/auth/api-keys/${apiKey.id}`, headers: bearer(u.accessToken) })).statusCode).toBe(204);
      expect((await whoami(h.app, bearer(key))).statusCode).toBe(401);
      expect((await h.app.inject({ method: "DELETE", url: `/v1/auth/api-keys/${apiKey.id}`, headers: bearer(u.accessToken) })).statusCode).toBe(404);
    });

    it("refuses a bad scope or name, and a key that was never issued", async () => {
      const u = await registerUser(h.app);
      const post = (payload: object) => h.app.inject({ method: "POST", url: "/v1/auth/api-keys", headers: bearer(u.accessToken), payload });
      expect((await post({ name: "x", scope: "admin" })).statusCode).toBe(400);
      expect((await post({ name: "", scope: "read" })).statusCode).toBe(400);
      expect((await post({ name: "a\u0000b", scope: "read" })).statusCode).toBe(400);
      expect(json(await h.app.inject({ method: "GET", url: "/v1/auth/api-keys", headers: bearer(u.accessToken) }))).toEqual({ apiKeys: [] });
      expect((await whoami(h.app, bearer(`phk_${"a".repeat(12)}_${"b".repeat(43)}`))).statusCode).toBe(401);
    });

    it("stop working when the account is disabled", async () => {
      const u = await registerUser(h.app);
      const { key } = json<{ key: string }>(await h.app.inject({ method: "POST", url: "/v1/auth/api-keys", headers: bearer(u.accessToken), payload: { name: "k", scope: "full" } }));
      await store().accounts.setDisabled(u.user.id, true, Date.now());
      expect((await whoami(h.app, bearer(key))).statusCode).toBe(401);
      expect((await whoami(h.app, bearer(u.accessToken))).statusCode).toBe(401);
      expect((await refresh(u.refreshToken)).statusCode).toBe(401);
      expect((await login(h.app, u.email, u.password)).statusCode).toBe(403);
    });
  });

  describe("owner token", () => {
    it("authenticates as the local admin when configured, and has no account", async () => {
      const owner = "owner-token-0123456789abcdef";
      const withOwner = await startAuthApp(store(), { ownerToken: owner });
      try {
        expect(json(await whoami(withOwner.app, bearer(owner)))).toEqual({ principal: { userId: "local", role: "admin", via: "owner-token", scope: "full" } });
        expect((await withOwner.app.inject({ method: "GET", url: "/v1/auth/profile", headers: bearer(owner) })).statusCode).toBe(403);
        expect((await whoami(h.app, bearer(owner))).statusCode).toBe(401);
      } finally {
        await withOwner.close();
      }
    });
  });
});
