// `porthole login`'s device flow on the hub, on both store engines: codes, polling (pending,
// slow_down, expired, denied, single use), approval by a signed-in person (Bearer or cookie + CSRF)
// and never by an API key or the owner token; hostile input is refused and changes nothing.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Store } from "../store/index.js";
import { bearer, forEachEngine, json, login, registerUser, startAuthApp, whoami, type AuthHarness, type TokenBody } from "./authHarnessSuite.js";
import { cookieNames, parseCookies } from "./cookies.js";
import { sha256Hex } from "./tokenFormats.js";

const OWNER = "device-flow-owner-token-0123456789";
const roomy = { limit: 10_000, windowSeconds: 60 };
const limits = { login: roomy, register: roomy, refresh: roomy, perIp: { limit: 100_000, windowSeconds: 60 }, perUser: roomy, device: roomy, deviceDecide: roomy };

interface DeviceStart {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  verificationUriComplete: string;
  interval: number;
  expiresIn: number;
}

forEachEngine("device flow", (store: () => Store) => {
  let h: AuthHarness;
  beforeAll(async () => {
    h = await startAuthApp(store(), { config: { rateLimits: limits }, ownerToken: OWNER });
  });
  afterAll(() => h.close());

  async function begin(): Promise<DeviceStart> {
    const res = await h.app.inject({ method: "POST", url: "/v1/auth/device", payload: {} });
    expect(res.statusCode).toBe(200);
    return json<DeviceStart>(res);
  }
  const poll = (deviceCode: unknown) => h.app.inject({ method: "POST", url: "/v1/auth/device/token", payload: { deviceCode } });
  const decide = (verb: "approve" | "deny", userCode: unknown, headers: Record<string, string>) =>
    h.app.inject({ method: "POST", url: `/v1/auth/device/${verb}`, headers, payload: { userCode } });
  const errorOf = (res: Awaited<ReturnType<typeof poll>>) => [res.statusCode, json<{ error: { code: string } }>(res).error.code];
  /** Polls after waiting out the interval, as a well-behaved CLI does. */
  const politePoll = (deviceCode: string, seconds = 5) => ((h.clock.now += seconds * 1000), poll(deviceCode));

  it("hands out a device code, a user code like BCDF-GHJK and the page to enter it, storing only hashes", async () => {
    const start = await begin();
    expect(start.deviceCode).toMatch(/^pdc_[A-Za-z0-9_-]{43}$/);
    expect(start.userCode).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    expect(start).toMatchObject({ verificationUri: "http://localhost:80/device", interval: 5, expiresIn: 600 });
    expect(start.verificationUriComplete).toBe(`http://localhost:80/device?code=${start.userCode}`);
    expect(await store().accounts.pollDeviceCode(start.deviceCode, h.clock.now)).toEqual({ outcome: "unknown" });
    expect((await store().accounts.listAudit({ limit: 1, type: "device.requested" })).length).toBe(1);
  });

  it("polls pending, slows a hasty CLI down, and hands out a login of its own once approved, once", async () => {
    const approver = await registerUser(h.app);
    const start = await begin();
    expect(errorOf(await poll(start.deviceCode))).toEqual([400, "authorization_pending"]);
    expect(errorOf(await poll(start.deviceCode))).toEqual([400, "slow_down"]);
    const slower = await poll(start.deviceCode);
    expect(json<{ error: { message: string } }>(slower).error.message).toMatch(/15 s/);
    const approved = await decide("approve", start.userCode, bearer(approver.accessToken));
    expect([approved.statusCode, json(approved)]).toEqual([200, { status: "approved" }]);
    expect(errorOf(await politePoll(start.deviceCode, 5))).toEqual([400, "slow_down"]);
    const done = await politePoll(start.deviceCode, 20);
    expect(done.statusCode).toBe(200);
    const tokens = json<TokenBody & { tokenType: string }>(done);
    expect(tokens).toMatchObject({ tokenType: "Bearer", user: { id: approver.user.id, email: approver.email } });
    const principal = json<{ principal: { userId: string; familyId: string } }>(await whoami(h.app, bearer(tokens.accessToken))).principal;
    expect(principal.userId).toBe(approver.user.id);
    const family = await store().accounts.getFamily(principal.familyId);
    expect(family).toMatchObject({ client: "cli", userId: approver.user.id });
    const approverFamily = json<{ principal: { familyId: string } }>(await whoami(h.app, bearer(approver.accessToken))).principal.familyId;
    expect(principal.familyId).not.toBe(approverFamily);
    // Single use: the code is spent, and the refresh token rotates as any other.
    expect(errorOf(await politePoll(start.deviceCode, 30))).toEqual([400, "invalid_grant"]);
    const refreshed = await h.app.inject({ method: "POST", url: "/v1/auth/refresh", payload: { refreshToken: tokens.refreshToken } });
    expect(refreshed.statusCode).toBe(200);
  });

  it("approves with the web app's cookie only together with its CSRF token", async () => {
    const u = await registerUser(h.app);
    const res = await login(h.app, u.email, u.password, { cookie: true });
    const names = cookieNames(false);
    const lines = ([] as string[]).concat(res.headers["set-cookie"] ?? []);
    const jar = parseCookies(lines.map((l) => l.split(";")[0]).join("; "));
    const cookie = `${names.access}=${jar.get(names.access)}`;
    const start = await begin();
    expect((await decide("approve", start.userCode, { cookie })).statusCode).toBe(403);
    expect((await decide("approve", start.userCode, { cookie, "x-csrf-token": "forged" })).statusCode).toBe(403);
    expect(errorOf(await politePoll(start.deviceCode))).toEqual([400, "authorization_pending"]);
    expect((await decide("approve", start.userCode, { cookie, "x-csrf-token": jar.get(names.csrf)! })).statusCode).toBe(200);
    expect((await politePoll(start.deviceCode)).statusCode).toBe(200);
  });

  it("refuses approval by an API key, the owner token or nobody, and nothing changes", async () => {
    const u = await registerUser(h.app);
    const key = json<{ key: string }>(await h.app.inject({ method: "POST", url: "/v1/auth/api-keys", headers: bearer(u.accessToken), payload: { name: "ci", scope: "full" } })).key;
    const start = await begin();
    expect(errorOf(await decide("approve", start.userCode, bearer(key)))).toEqual([403, "forbidden"]);
    expect(errorOf(await decide("deny", start.userCode, bearer(key)))).toEqual([403, "forbidden"]);
    expect(errorOf(await decide("approve", start.userCode, bearer(OWNER)))).toEqual([403, "forbidden"]);
    expect(errorOf(await decide("approve", start.userCode, {}))).toEqual([401, "unauthorized"]);
    expect(errorOf(await poll(start.deviceCode))).toEqual([400, "authorization_pending"]);
  });

  it("refuses a malformed user code with 400 and an unknown one with 404, changing nothing", async () => {
    const u = await registerUser(h.app);
    const start = await begin();
    for (const bad of ["", "BCDF-GHJ", "ABCD-EFGH", "BCDF-GHJK-L", "B0DF-GHJK", "x".repeat(100), 12345678, null]) {
      expect(errorOf(await decide("approve", bad, bearer(u.accessToken)))).toEqual([400, "bad_request"]);
    }
    const extra = await h.app.inject({ method: "POST", url: "/v1/auth/device/approve", headers: bearer(u.accessToken), payload: { userCode: start.userCode, userId: "someone" } });
    expect(extra.statusCode).toBe(400);
    const other = start.userCode === "BBBB-BBBB" ? "CCCC-CCCC" : "BBBB-BBBB";
    expect(errorOf(await decide("approve", other, bearer(u.accessToken)))).toEqual([404, "not_found"]);
    expect((await store().accounts.listAudit({ limit: 1, userId: u.user.id, type: "device.failed" })).length).toBe(1);
    expect(errorOf(await poll(start.deviceCode))).toEqual([400, "authorization_pending"]);
    // Typed by a person: lower case and spaces are fine.
    const typed = ` ${start.userCode.toLowerCase().replace("-", " ")} `;
    expect((await decide("approve", typed, bearer(u.accessToken))).statusCode).toBe(200);
  });

  it("a denied request stays denied and cannot be approved afterwards", async () => {
    const u = await registerUser(h.app);
    const start = await begin();
    expect(json(await decide("deny", start.userCode, bearer(u.accessToken)))).toEqual({ status: "denied" });
    expect(errorOf(await decide("approve", start.userCode, bearer(u.accessToken)))).toEqual([404, "not_found"]);
    expect(errorOf(await politePoll(start.deviceCode))).toEqual([400, "access_denied"]);
    expect(errorOf(await politePoll(start.deviceCode))).toEqual([400, "access_denied"]);
  });

  it("an expired code can be neither approved nor redeemed", async () => {
    const u = await registerUser(h.app);
    const start = await begin();
    h.clock.now += 601_000;
    expect(errorOf(await decide("approve", start.userCode, bearer((await login(h.app, u.email, u.password)).json<TokenBody>().accessToken)))).toEqual([404, "not_found"]);
    expect(errorOf(await poll(start.deviceCode))).toEqual([400, "expired_token"]);
  });

  it("refuses wrong, malformed and missing device codes", async () => {
    expect(errorOf(await poll(`pdc_${"A".repeat(43)}`))).toEqual([400, "invalid_grant"]);
    expect(errorOf(await poll("prt_not-a-device-code"))).toEqual([400, "invalid_grant"]);
    expect(errorOf(await poll(sha256Hex("x")))).toEqual([400, "invalid_grant"]);
    expect(errorOf(await poll(42))).toEqual([400, "bad_request"]);
    const none = await h.app.inject({ method: "POST", url: "/v1/auth/device/token", payload: {} });
    expect(errorOf(none)).toEqual([400, "bad_request"]);
    const failures = await store().accounts.listAudit({ limit: 3, type: "device.failed" });
    expect(failures.map((e) => e.detail.step)).toEqual(["token", "token", "token"]);
  });

  it("does not sign in as an approver who was disabled in the meantime", async () => {
    const u = await registerUser(h.app);
    const start = await begin();
    await decide("approve", start.userCode, bearer(u.accessToken));
    await store().accounts.setDisabled(u.user.id, true, h.clock.now);
    expect(errorOf(await politePoll(start.deviceCode))).toEqual([400, "access_denied"]);
  });

  it("limits code requests per client IP", async () => {
    const tight = await startAuthApp(store(), { config: { rateLimits: { ...limits, device: { limit: 2, windowSeconds: 600 } } } });
    try {
      const ask = () => tight.app.inject({ method: "POST", url: "/v1/auth/device", payload: {} });
      expect((await ask()).statusCode).toBe(200);
      expect((await ask()).statusCode).toBe(200);
      const third = await ask();
      expect(errorOf(third)).toEqual([429, "rate_limited"]);
      expect(Number(third.headers["retry-after"])).toBeGreaterThan(0);
    } finally {
      await tight.close();
    }
  });
});
