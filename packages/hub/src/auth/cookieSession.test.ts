// The web app's cookie login on both engines: HttpOnly cookies, a CSRF token bound to the login
// (double submit, HMAC-signed) required on unsafe methods and on cookie refresh.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Store } from "../store/index.js";
import { forEachEngine, json, login, registerUser, startAuthApp, whoami, type AuthHarness } from "./authHarnessSuite.js";
import { cookieNames, parseCookies } from "./cookies.js";

/** Cookie header value from a response's Set-Cookie lines. */
function cookiesOf(setCookie: string | string[] | undefined): Map<string, { value: string; attrs: string }> {
  const lines = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return new Map(lines.map((l) => [l.slice(0, l.indexOf("=")), { value: l.slice(l.indexOf("=") + 1).split(";")[0]!, attrs: l }]));
}

forEachEngine("cookie sessions", (store: () => Store) => {
  let h: AuthHarness;
  const names = cookieNames(false);
  beforeAll(async () => {
    h = await startAuthApp(store());
  });
  afterAll(() => h.close());

  async function cookieLogin() {
    const u = await registerUser(h.app);
    const res = await login(h.app, u.email, u.password, { cookie: true });
    const body = json<{ csrfToken: string; accessToken?: string }>(res);
    const set = cookiesOf(res.headers["set-cookie"]);
    const cookie = [...set].map(([k, v]) => `${k}=${v.value}`).join("; ");
    return { u, res, body, set, cookie };
  }

  it("sets HttpOnly SameSite cookies and returns only the CSRF token in the body", async () => {
    const { body, set } = await cookieLogin();
    expect(body.accessToken).toBeUndefined();
    expect(set.get(names.access)?.attrs).toMatch(/HttpOnly/);
    expect(set.get(names.access)?.attrs).toMatch(/SameSite=Lax/);
    expect(set.get(names.refresh)?.attrs).toMatch(/HttpOnly/);
    expect(set.get(names.refresh)?.attrs).toMatch(/Path=\/v1\/auth;/);
    expect(set.get(names.refresh)?.attrs).toMatch(/SameSite=Strict/);
    expect(set.get(names.csrf)?.attrs).not.toMatch(/HttpOnly/);
    expect(set.get(names.csrf)?.value).toBe(body.csrfToken);
    expect(set.get(names.access)?.attrs).not.toMatch(/Secure/);
  });

  it("authenticates safe methods by cookie, and unsafe ones only with the matching X-CSRF-Token", async () => {
    const { cookie, body, u } = await cookieLogin();
    expect(json(await whoami(h.app, { cookie }))).toMatchObject({ principal: { userId: u.user.id, via: "access-token" } });
    expect((await whoami(h.app, { cookie }, "POST")).statusCode).toBe(403);
    expect((await whoami(h.app, { cookie, "x-csrf-token": "forged" }, "POST")).statusCode).toBe(403);
    expect((await whoami(h.app, { cookie, "x-csrf-token": body.csrfToken }, "POST")).statusCode).toBe(200);
    // Another login's CSRF token does not fit this login, and a planted cookie does not help.
    const other = await cookieLogin();
    expect((await whoami(h.app, { cookie, "x-csrf-token": other.body.csrfToken }, "POST")).statusCode).toBe(403);
    const planted = `${cookie.replace(/porthole_csrf=[^;]*/, "porthole_csrf=chosen")}`;
    expect((await whoami(h.app, { cookie: planted, "x-csrf-token": "chosen" }, "POST")).statusCode).toBe(403);
  });

  it("refreshes from the cookie only with the CSRF header, rotating the cookies", async () => {
    const { cookie, body } = await cookieLogin();
    const post = (headers: Record<string, string>) => h.app.inject({ method: "POST", url: "/v1/auth/refresh", headers });
    expect((await post({ cookie })).statusCode).toBe(403);
    const res = await post({ cookie, "x-csrf-token": body.csrfToken });
    expect(res.statusCode).toBe(200);
    const set = cookiesOf(res.headers["set-cookie"]);
    expect(set.get(names.refresh)?.value).not.toBe(parseCookies(cookie).get(names.refresh));
    expect(json(res)).toMatchObject({ csrfToken: body.csrfToken });
    // The old refresh cookie is now reuse: the family dies and the cookies are cleared.
    const reuse = await post({ cookie, "x-csrf-token": body.csrfToken });
    expect(reuse.statusCode).toBe(401);
    expect(cookiesOf(reuse.headers["set-cookie"]).get(names.access)?.attrs).toMatch(/Max-Age=0/);
  });

  it("logs out by cookie with the CSRF header, clearing the cookies", async () => {
    const { cookie, body } = await cookieLogin();
    expect((await h.app.inject({ method: "POST", url: "/v1/auth/logout", headers: { cookie } })).statusCode).toBe(403);
    const out = await h.app.inject({ method: "POST", url: "/v1/auth/logout", headers: { cookie, "x-csrf-token": body.csrfToken } });
    expect(out.statusCode).toBe(204);
    expect(cookiesOf(out.headers["set-cookie"]).get(names.csrf)?.attrs).toMatch(/Max-Age=0/);
    expect((await whoami(h.app, { cookie })).statusCode).toBe(401);
  });

  it("uses Secure __Host- cookies when configured for https", async () => {
    const secure = await startAuthApp(store(), { config: { cookieSecure: true } });
    try {
      const u = await registerUser(secure.app);
      const set = cookiesOf((await login(secure.app, u.email, u.password, { cookie: true })).headers["set-cookie"]);
      expect(set.get("__Host-porthole_access")?.attrs).toMatch(/Secure/);
      expect(set.get("__Secure-porthole_refresh")?.attrs).toMatch(/Secure/);
      expect(set.get("__Host-porthole_csrf")?.attrs).toMatch(/Path=\//);
    } finally {
      await secure.close();
    }
  });
});
