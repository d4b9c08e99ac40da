// Register, login, refresh and logout over HTTP on both store engines: equal answers for unknown
// users, lockout and its expiry, rehash on login, refresh rotation, reuse and concurrency.
import { parseOptions } from "@node-rs/argon2";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Store } from "../store/index.js";
import { bearer, forEachEngine, goodPassword, json, login, newEmail, registerUser, startAuthApp, whoami, type AuthHarness, type TokenBody } from "./authHarnessSuite.js";

forEachEngine("auth routes", (store: () => Store) => {
  let h: AuthHarness;
  beforeAll(async () => {
    h = await startAuthApp(store(), { config: { lockout: { maxFailures: 3, windowSeconds: 600, firstLockSeconds: 30, maxLockSeconds: 120 } } });
  });
  afterAll(() => h.close());
  const refresh = (refreshToken: string) => h.app.inject({ method: "POST", url: "/v1/auth/refresh", payload: { refreshToken } });

  it("registers a user who is signed in at once, as a plain user", async () => {
    const u = await registerUser(h.app);
    expect(u.user).toMatchObject({ email: u.email, role: "user", hasPassword: true });
    expect(u.refreshToken).toMatch(/^prt_/);
    expect(json(await whoami(h.app, bearer(u.accessToken)))).toEqual({ principal: { userId: u.user.id, role: "user", via: "access-token", scope: "full", familyId: expect.any(String) } });
  });

  it("refuses a weak password, a bad e-mail and a taken e-mail, changing nothing", async () => {
    const email = newEmail();
    for (const password of ["short", "password123", email]) {
      const res = await h.app.inject({ method: "POST", url: "/v1/auth/register", payload: { email, password } });
      expect(res.statusCode).toBe(400);
      expect(json(res)).toMatchObject({ error: { code: "bad_request", message: expect.stringMatching(/^password: /) } });
    }
    expect((await h.app.inject({ method: "POST", url: "/v1/auth/register", payload: { email: "not-an-email", password: goodPassword() } })).statusCode).toBe(400);
    expect(await store().accounts.findUserByEmail(email)).toBeUndefined();
    await registerUser(h.app, email);
    const again = await h.app.inject({ method: "POST", url: "/v1/auth/register", payload: { email: email.toUpperCase(), password: goodPassword() } });
    expect(again.statusCode).toBe(409);
  });

  it("ignores no field: role, __proto__ and constructor in bodies are refused and change nothing", async () => {
    const email = newEmail();
    const asAdmin = await h.app.inject({ method: "POST", url: "/v1/auth/register", payload: { email, password: goodPassword(), role: "admin" } });
    expect(asAdmin.statusCode).toBe(400);
    const proto = await h.app.inject({
      method: "POST", url: "/v1/auth/register", headers: { "content-type": "application/json" },
      payload: `{"email":"${email}","password":"${goodPassword()}","__proto__":{"role":"admin"}}`,
    });
    expect(proto.statusCode).toBe(400);
    const ctor = await h.app.inject({
      method: "POST", url: "/v1/auth/register", headers: { "content-type": "application/json" },
      payload: `{"email":"${email}","password":"${goodPassword()}","constructor":{"prototype":{"role":"admin"}}}`,
    });
    expect(ctor.statusCode).toBe(400);
    expect(await store().accounts.findUserByEmail(email)).toBeUndefined();
    expect(({} as Record<string, unknown>).role).toBeUndefined();
  });

  it("answers 415 to a wrong Content-Type, 413 to an oversized body and 400 to bad JSON, as the hub does", async () => {
    const text = await h.app.inject({ method: "POST", url: "/v1/auth/login", headers: { "content-type": "text/plain" }, payload: "email=a&password=b" });
    expect([text.statusCode, json(text)]).toEqual([415, { error: { code: "unsupported_media_type", message: expect.any(String) } }]);
    const form = await h.app.inject({ method: "POST", url: "/v1/auth/login", headers: { "content-type": "application/x-www-form-urlencoded" }, payload: "a=b" });
    expect(form.statusCode).toBe(415);
    const big = await h.app.inject({ method: "POST", url: "/v1/auth/login", payload: { email: "a@b.c", password: "x".repeat(70_000) } });
    expect([big.statusCode, json(big).error]).toEqual([413, expect.objectContaining({ code: "payload_too_large" })]);
    const bad = await h.app.inject({ method: "POST", url: "/v1/auth/login", headers: { "content-type": "application/json" }, payload: "{nope" });
    expect([bad.statusCode, json(bad).error]).toEqual([400, expect.objectContaining({ code: "bad_request" })]);
    const long = await h.app.inject({ method: "POST", url: "/v1/auth/login", payload: { email: "a@b.c", password: "x".repeat(1025) } });
    expect(long.statusCode).toBe(400);
    expect(bad.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("gives an unknown e-mail and a wrong password the same status, body and about the same time", async () => {
    const u = await registerUser(h.app);
    const wrong = await login(h.app, u.email, "wrong password here");
    const unknown = await login(h.app, newEmail(), "wrong password here");
    expect(wrong.statusCode).toBe(401);
    expect([unknown.statusCode, unknown.body]).toEqual([wrong.statusCode, wrong.body]);
    const time = async (email: string) => {
      const start = process.hrtime.bigint();
      await login(h.app, email, "another wrong one");
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    const known: number[] = [];
    const missing: number[] = [];
    for (let i = 0; i < 6; i++) {
      const k = await registerUser(h.app);
      known.push(await time(k.email));
      missing.push(await time(newEmail()));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
    const ratio = median(known) / median(missing);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it("locks an account after repeated failures with a growing back-off that expires, and audits it", async () => {
    const u = await registerUser(h.app);
    for (let i = 0; i < 3; i++) expect((await login(h.app, u.email, "wrong password!")).statusCode).toBe(401);
    const locked = await login(h.app, u.email, u.password);
    expect(locked.statusCode).toBe(429);
    expect(locked.headers["retry-after"]).toBe("30");
    h.clock.now += 31_000;
    expect((await login(h.app, u.email, "wrong password!")).statusCode).toBe(401);
    expect((await login(h.app, u.email, u.password)).headers["retry-after"]).toBe("60");
    h.clock.now += 61_000;
    expect((await login(h.app, u.email, u.password)).statusCode).toBe(200);
    // Success clears the failures: one more wrong password does not lock again.
    expect((await login(h.app, u.email, "wrong password!")).statusCode).toBe(401);
    expect((await login(h.app, u.email, u.password)).statusCode).toBe(200);
    const events = await store().accounts.listAudit({ limit: 50, userId: u.user.id });
    expect(events.filter((e) => e.type === "login.failed").length).toBe(5);
    const lockedEvents = await store().accounts.listAudit({ limit: 50, type: "login.locked" });
    expect(lockedEvents.some((e) => e.detail.email === u.email)).toBe(true);
    // An unknown e-mail locks the same way, so the lock says nothing about who exists.
    const ghost = newEmail();
    for (let i = 0; i < 3; i++) await login(h.app, ghost, "wrong password!");
    expect((await login(h.app, ghost, "wrong password!")).statusCode).toBe(429);
  });

  it("upgrades a hash made with older parameters at login", async () => {
    const u = await registerUser(h.app);
    const stronger = await startAuthApp(store(), { config: { argon2: { passes: 3 } } });
    try {
      expect(parseOptions((await store().accounts.getUser(u.user.id))!.passwordHash!).timeCost).toBe(2);
      expect((await login(stronger.app, u.email, u.password)).statusCode).toBe(200);
      expect(parseOptions((await store().accounts.getUser(u.user.id))!.passwordHash!).timeCost).toBe(3);
      expect((await login(stronger.app, u.email, u.password)).statusCode).toBe(200);
    } finally {
      await stronger.close();
    }
  });

  it("rotates refresh tokens; reusing one revokes the whole family, access tokens included", async () => {
    const u = await registerUser(h.app);
    const other = json<TokenBody>(await login(h.app, u.email, u.password));
    const r1 = json<TokenBody>(await refresh(u.refreshToken));
    expect(r1.refreshToken).not.toBe(u.refreshToken);
    const r2 = json<TokenBody>(await refresh(r1.refreshToken));
    expect((await whoami(h.app, bearer(r2.accessToken))).statusCode).toBe(200);
    const reuse = await refresh(r1.refreshToken);
    expect([reuse.statusCode, json(reuse).error]).toEqual([401, expect.objectContaining({ code: "unauthorized" })]);
    expect((await refresh(r2.refreshToken)).statusCode).toBe(401);
    expect((await whoami(h.app, bearer(r2.accessToken))).statusCode).toBe(401);
    // Another login (another family) of the same user lives on.
    expect((await whoami(h.app, bearer(other.accessToken))).statusCode).toBe(200);
    expect((await store().accounts.listAudit({ limit: 10, userId: u.user.id, type: "refresh.reused" })).length).toBe(1);
  });

  it("of 50 parallel refreshes with one token exactly one wins", async () => {
    const u = await registerUser(h.app);
    const results = await Promise.all(Array.from({ length: 50 }, () => refresh(u.refreshToken)));
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 401)).toHaveLength(49);
  });

  it("refuses an access token as a refresh token and garbage refresh tokens", async () => {
    const u = await registerUser(h.app);
    for (const t of [u.accessToken, "prt_x", `prt_${"a".repeat(22)}.${"b".repeat(43)}`]) expect((await refresh(t)).statusCode).toBe(401);
    expect((await whoami(h.app, bearer(u.refreshToken))).statusCode).toBe(401);
  });

  it("an expired access token is refused; the refresh token still renews it", async () => {
    const u = await registerUser(h.app);
    h.clock.now += 16 * 60_000;
    expect((await whoami(h.app, bearer(u.accessToken))).statusCode).toBe(401);
    const renewed = json<TokenBody>(await refresh(u.refreshToken));
    expect((await whoami(h.app, bearer(renewed.accessToken))).statusCode).toBe(200);
  });

  it("logout stops every token of the user at once", async () => {
    const u = await registerUser(h.app);
    const second = json<TokenBody>(await login(h.app, u.email, u.password));
    const out = await h.app.inject({ method: "POST", url: "/v1/auth/logout", headers: bearer(u.accessToken) });
    expect(out.statusCode).toBe(204);
    for (const t of [u.accessToken, second.accessToken]) expect((await whoami(h.app, bearer(t))).statusCode).toBe(401);
    for (const t of [u.refreshToken, second.refreshToken]) expect((await refresh(t)).statusCode).toBe(401);
    expect((await login(h.app, u.email, u.password)).statusCode).toBe(200);
  });

  it("logout with scope session ends only that login; a bad scope is refused", async () => {
    const u = await registerUser(h.app);
    const second = json<TokenBody>(await login(h.app, u.email, u.password));
    const bad = await h.app.inject({ method: "POST", url: "/v1/auth/logout", headers: bearer(u.accessToken), payload: { scope: "everything" } });
    expect(bad.statusCode).toBe(400);
    const out = await h.app.inject({ method: "POST", url: "/v1/auth/logout", headers: bearer(u.accessToken), payload: { scope: "session" } });
    expect(out.statusCode).toBe(204);
    expect((await whoami(h.app, bearer(u.accessToken))).statusCode).toBe(401);
    expect((await refresh(u.refreshToken)).statusCode).toBe(401);
    expect((await whoami(h.app, bearer(second.accessToken))).statusCode).toBe(200);
    expect((await refresh(second.refreshToken)).statusCode).toBe(200);
  });

  it("refuses registration when it is closed", async () => {
    const closed = await startAuthApp(store(), { config: { registration: "closed" } });
    try {
      const res = await closed.app.inject({ method: "POST", url: "/v1/auth/register", payload: { email: newEmail(), password: goodPassword() } });
      expect([res.statusCode, json(res).error]).toEqual([403, expect.objectContaining({ code: "forbidden" })]);
    } finally {
      await closed.close();
    }
  });
});
