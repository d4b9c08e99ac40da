// Admin routes on both engines: only admins (signed in, not by API key); list and create users,
// disable / enable and role changes that apply at once; the audit log, paged.
import { afterAll, beforeAll, expect, it } from "vitest";
import { bearer, forEachEngine, goodPassword, json, login, newEmail, registerUser, startAuthApp, whoami, type AuthHarness, type TokenBody } from "../auth/authHarnessSuite.js";
import { initAdmin } from "../auth/initAdmin.js";
import type { Store } from "../store/index.js";

forEachEngine("admin routes", (store: () => Store) => {
  let h: AuthHarness;
  let admin: TokenBody;
  beforeAll(async () => {
    h = await startAuthApp(store());
    const email = newEmail();
    const password = goodPassword();
    expect(await initAdmin(store(), { email, password })).toMatchObject({ ok: true, user: { role: "admin" } });
    admin = json<TokenBody>(await login(h.app, email, password));
  });
  afterAll(() => h.close());
  const as = (token: string) => bearer(token);

  it("refuses users, API keys and the anonymous, auditing the refusal", async () => {
    const u = await registerUser(h.app);
    const denied = await h.app.inject({ method: "GET", url: "/v1/admin/users", headers: as(u.accessToken) });
    expect([denied.statusCode, json(denied).error]).toEqual([403, expect.objectContaining({ code: "forbidden" })]);
    expect((await h.app.inject({ method: "GET", url: "/v1/admin/audit" })).statusCode).toBe(401);
    const { key } = json<{ key: string }>(await h.app.inject({ method: "POST", url: "/v1/auth/api-keys", headers: as(admin.accessToken), payload: { name: "a", scope: "full" } }));
    expect((await h.app.inject({ method: "GET", url: "/v1/admin/users", headers: as(key) })).statusCode).toBe(403);
    const events = await store().accounts.listAudit({ limit: 5, type: "authz.denied", userId: u.user.id });
    expect(events[0]?.detail).toMatchObject({ method: "GET", path: "/v1/admin/users" });
  });

  it("lists users in pages and creates users; role and __proto__ from a user do nothing", async () => {
    for (let i = 0; i < 3; i++) await registerUser(h.app);
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: { users: { id: string }[]; nextCursor: string | null } = json(await h.app.inject({ method: "GET", url: `/v1/admin/users?limit=2${cursor ? `&cursor=${cursor}` : ""}`, headers: as(admin.accessToken) }));
      for (const u of page.users) seen.add(u.id);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.size).toBeGreaterThanOrEqual(4);
    expect((await h.app.inject({ method: "GET", url: "/v1/admin/users?limit=0", headers: as(admin.accessToken) })).statusCode).toBe(400);
    expect((await h.app.inject({ method: "GET", url: "/v1/admin/users?limit=5&limit=6", headers: as(admin.accessToken) })).statusCode).toBe(400);
    const made = await h.app.inject({ method: "POST", url: "/v1/admin/users", headers: as(admin.accessToken), payload: { email: newEmail(), password: goodPassword(), role: "admin" } });
    expect([made.statusCode, json(made)]).toEqual([201, { user: expect.objectContaining({ role: "admin" }) }]);
    expect((await h.app.inject({ method: "POST", url: "/v1/admin/users", headers: as(admin.accessToken), payload: { email: newEmail(), password: "12345678" } })).statusCode).toBe(400);
  });

  it("disables and enables a user at once, and changes roles at once", async () => {
    const u = await registerUser(h.app);
    const patch = (payload: object, id = u.user.id) => h.app.inject({ method: "PATCH", url: `/v1/admin/users/${id}`, headers: as(admin.accessToken), payload });
    expect(json(await patch({ role: "admin" }))).toMatchObject({ user: { role: "admin" } });
    expect(json(await whoami(h.app, bearer(u.accessToken)))).toMatchObject({ principal: { role: "admin" } });
    expect((await h.app.inject({ method: "GET", url: "/v1/admin/users", headers: as(u.accessToken) })).statusCode).toBe(200);
    await patch({ role: "user" });
    expect((await h.app.inject({ method: "GET", url: "/v1/admin/users", headers: as(u.accessToken) })).statusCode).toBe(403);

    expect(json(await patch({ disabled: true }))).toMatchObject({ user: { disabled: true } });
    expect((await whoami(h.app, bearer(u.accessToken))).statusCode).toBe(401);
    expect((await h.app.inject({ method: "POST", url: "/v1/auth/refresh", payload: { refreshToken: u.refreshToken } })).statusCode).toBe(401);
    expect((await login(h.app, u.email, u.password)).statusCode).toBe(403);
    await patch({ disabled: false });
    expect((await login(h.app, u.email, u.password)).statusCode).toBe(200);

    expect((await patch({ disabled: true, extra: 1 })).statusCode).toBe(400);
    expect((await patch({})).statusCode).toBe(400);
    expect((await patch({ disabled: true }, "no-such-user")).statusCode).toBe(404);
    const self = (await whoami(h.app, bearer(admin.accessToken))).json<{ principal: { userId: string } }>().principal.userId;
    expect((await patch({ role: "user" }, self)).statusCode).toBe(409);
    expect((await patch({ disabled: true }, self)).statusCode).toBe(409);
  });

  it("reads the audit log newest first, paged and filtered", async () => {
    const u = await registerUser(h.app);
    await login(h.app, u.email, "a wrong password");
    await login(h.app, u.email, u.password);
    const res = await h.app.inject({ method: "GET", url: `/v1/admin/audit?userId=${u.user.id}&limit=2`, headers: as(admin.accessToken) });
    const page = json<{ events: { type: string; at: string; id: number }[]; nextBefore: number | null }>(res);
    expect(page.events.map((e) => e.type)).toEqual(["login.succeeded", "login.failed"]);
    expect(page.events[0]?.at).toMatch(/^\d{4}-\d\d-\d\dT/);
    const next = json<{ events: { type: string }[] }>(await h.app.inject({ method: "GET", url: `/v1/admin/audit?userId=${u.user.id}&before=${page.nextBefore}`, headers: as(admin.accessToken) }));
    expect(next.events.map((e) => e.type)).toEqual(["register"]);
    expect((await h.app.inject({ method: "GET", url: "/v1/admin/audit?before=abc", headers: as(admin.accessToken) })).statusCode).toBe(400);
  });

  it("initAdmin refuses a weak password, a bad e-mail and a taken e-mail", async () => {
    expect(await initAdmin(store(), { email: newEmail(), password: "password" })).toMatchObject({ ok: false, reason: "weak_password" });
    expect(await initAdmin(store(), { email: "nope", password: goodPassword() })).toMatchObject({ ok: false, reason: "invalid_email" });
    const u = await registerUser(h.app);
    expect(await initAdmin(store(), { email: u.email, password: goodPassword() })).toMatchObject({ ok: false, reason: "email_taken" });
    expect((await store().accounts.getUser(u.user.id))?.role).toBe("user");
  });
});
