// Login with GitHub on both store engines, the whole flow against a local fake GitHub: a cookie
// login results; state missing, unknown, replayed, expired or from another browser is refused and
// audited; an injected code fails PKCE; accounts are keyed by GitHub id, never linked by e-mail.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Store } from "../store/index.js";
import { forEachEngine, json, registerUser, startAuthApp, type AuthHarness } from "./authHarnessSuite.js";
import { cookieNames } from "./cookies.js";
import { newGithubUser, startFakeGithub, type FakeGithub } from "./fakeGithubSuite.js";

/** name → value and the whole Set-Cookie line, from a response. */
function setCookies(header: string | string[] | undefined): Map<string, { value: string; line: string }> {
  const lines = Array.isArray(header) ? header : header ? [header] : [];
  return new Map(lines.map((l) => [l.slice(0, l.indexOf("=")), { value: l.slice(l.indexOf("=") + 1).split(";")[0]!, line: l }]));
}
const cookieHeader = (set: Map<string, { value: string }>) => [...set].filter(([, c]) => c.value !== "").map(([k, c]) => `${k}=${c.value}`).join("; ");
const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

forEachEngine("login with GitHub", (store: () => Store) => {
  let h: AuthHarness;
  let gh: FakeGithub;
  const names = cookieNames(false);
  beforeAll(async () => {
    gh = await startFakeGithub();
    h = await startAuthApp(store(), { config: { github: gh.config() } });
  });
  afterAll(async () => {
    await h.close();
    await gh.close();
  });

  /** A browser starting a login: the binding cookie and where GitHub sent it back to. */
  async function startInBrowser(app = h.app) {
    const start = await app.inject({ method: "GET", url: "/v1/auth/github/start" });
    expect(start.statusCode).toBe(302);
    const authorize = new URL(start.headers.location as string);
    const cookie = cookieHeader(setCookies(start.headers["set-cookie"]));
    const atGithub = await fetch(authorize, { redirect: "manual" });
    const callback = atGithub.headers.get("location") ?? "";
    return { start, authorize, cookie, callback };
  }

  const callback = (url: string, cookie?: string, app = h.app) => app.inject({ method: "GET", url: pathOf(url), headers: cookie ? { cookie } : {} });

  async function refusedWith(res: Awaited<ReturnType<typeof callback>>, error: string, reason: RegExp) {
    expect([res.statusCode, res.headers.location]).toEqual([302, `/login?error=${error}`]);
    expect(setCookies(res.headers["set-cookie"]).get(names.access)).toBeUndefined();
    const [latest] = await store().accounts.listAudit({ limit: 1, type: "oauth.failed" });
    expect(latest?.detail).toMatchObject({ provider: "github", error, reason: expect.stringMatching(reason) });
  }

  it("sends the browser to GitHub with a 256-bit state, PKCE S256 and an HttpOnly SameSite=Lax binding cookie", async () => {
    const { start, authorize } = await startInBrowser();
    const q = authorize.searchParams;
    expect(`${authorize.origin}${authorize.pathname}`).toBe(gh.config().authorizeUrl);
    expect(q.get("client_id")).toBe(gh.clientId);
    expect(q.get("state")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get("code_challenge_method")).toBe("S256");
    expect(q.get("redirect_uri")).toBe("http://localhost:80/v1/auth/github/callback");
    const binding = setCookies(start.headers["set-cookie"]).get("porthole_oauth")!;
    expect(binding.line).toMatch(/HttpOnly/);
    expect(binding.line).toMatch(/SameSite=Lax/);
    expect(binding.line).toMatch(/Path=\/v1\/auth\/github;/);
    expect(binding.value).not.toBe(q.get("state"));
    // Only the state's hash is a key in the store: the state itself finds nothing.
    expect(await store().accounts.useOAuthState(q.get("state")!, h.clock.now)).toEqual({ ok: false, reason: "unknown" });
  });

  it("signs in: a cookie login results, the profile works with it, and a second login reuses the account", async () => {
    gh.user = newGithubUser({ name: "Mona Lisa" });
    const { cookie, callback: back } = await startInBrowser();
    const res = await callback(back, cookie);
    expect([res.statusCode, res.headers.location]).toEqual([302, "/sessions"]);
    const set = setCookies(res.headers["set-cookie"]);
    expect(set.get(names.access)?.line).toMatch(/HttpOnly/);
    expect(set.get(names.csrf)?.value).toMatch(/.{20,}/);
    expect(set.get("porthole_oauth")?.line).toMatch(/Max-Age=0/);
    const session = cookieHeader(set);
    const profile = await h.app.inject({ method: "GET", url: "/v1/auth/profile", headers: { cookie: session } });
    expect(profile.statusCode).toBe(200);
    const user = json<{ user: { id: string; email: string | null; displayName: string; githubLinked: boolean; hasPassword: boolean } }>(profile).user;
    expect(user).toMatchObject({ email: null, displayName: "Mona Lisa", githubLinked: true, hasPassword: false });
    // Unsafe requests with this login need its CSRF token, as with a password login.
    expect((await h.app.inject({ method: "POST", url: "/v1/test/whoami", headers: { cookie: session }, payload: {} })).statusCode).toBe(403);
    const csrf = set.get(names.csrf)!.value;
    expect((await h.app.inject({ method: "POST", url: "/v1/test/whoami", headers: { cookie: session, "x-csrf-token": csrf }, payload: {} })).statusCode).toBe(200);

    const again = await startInBrowser();
    const second = await callback(again.callback, again.cookie);
    expect(second.headers.location).toBe("/sessions");
    const secondProfile = await h.app.inject({ method: "GET", url: "/v1/auth/profile", headers: { cookie: cookieHeader(setCookies(second.headers["set-cookie"])) } });
    expect(json<{ user: { id: string } }>(secondProfile).user.id).toBe(user.id);
    expect((await store().accounts.listAudit({ limit: 10, userId: user.id, type: "register" })).length).toBe(1);
    expect((await store().accounts.listAudit({ limit: 10, userId: user.id, type: "login.succeeded" })).length).toBe(2);
  });

  it("never links by e-mail: a GitHub user with a password account's e-mail gets a separate account", async () => {
    const existing = await registerUser(h.app);
    gh.user = newGithubUser({ email: existing.email });
    const { cookie, callback: back } = await startInBrowser();
    const res = await callback(back, cookie);
    expect(res.headers.location).toBe("/sessions");
    const profile = json<{ user: { id: string; email: string | null } }>(await h.app.inject({ method: "GET", url: "/v1/auth/profile", headers: { cookie: cookieHeader(setCookies(res.headers["set-cookie"])) } }));
    expect(profile.user.id).not.toBe(existing.user.id);
    expect(profile.user.email).toBeNull();
    const untouched = await store().accounts.findUserByEmail(existing.email);
    expect(untouched).toMatchObject({ id: existing.user.id, githubId: null });
  });

  it("refuses a callback without a state, or with one it never issued, before calling GitHub", async () => {
    const { cookie, callback: back } = await startInBrowser();
    const calls = gh.tokenCalls;
    const noState = new URL(back);
    noState.searchParams.delete("state");
    await refusedWith(await callback(noState.href, cookie), "oauth_state", /state missing/);
    const forged = new URL(back);
    forged.searchParams.set("state", "A".repeat(43));
    await refusedWith(await callback(forged.href, cookie), "oauth_state", /state unknown/);
    const odd = new URL(back);
    odd.searchParams.append("state", "again");
    await refusedWith(await callback(odd.href, cookie), "oauth_state", /malformed/);
    expect(gh.tokenCalls).toBe(calls);
  });

  it("uses a state once: replaying a completed callback is refused", async () => {
    gh.user = newGithubUser();
    const { cookie, callback: back } = await startInBrowser();
    expect((await callback(back, cookie)).headers.location).toBe("/sessions");
    await refusedWith(await callback(back, cookie), "oauth_state", /state used/);
  });

  it("binds the login to the browser that started it: no binding cookie, or another browser's, is refused", async () => {
    gh.user = newGithubUser();
    const victim = await startInBrowser();
    const attacker = await startInBrowser();
    // The attacker's callback opened in another browser (login CSRF) does not sign that browser in.
    await refusedWith(await callback(attacker.callback), "oauth_state", /no binding cookie/);
    await refusedWith(await callback(victim.callback, attacker.cookie), "oauth_state", /binding cookie of another login/);
    // Each state was used up by the refused attempt, so the right browser cannot finish it either.
    await refusedWith(await callback(victim.callback, victim.cookie), "oauth_state", /state used/);
  });

  it("refuses an expired state", async () => {
    const { cookie, callback: back } = await startInBrowser();
    h.clock.now += 11 * 60_000;
    await refusedWith(await callback(back, cookie), "oauth_state", /state expired/);
  });

  it("a code issued for another login's PKCE challenge is refused by the token endpoint", async () => {
    const mine = await startInBrowser();
    const theirs = await startInBrowser();
    const injected = new URL(mine.callback);
    injected.searchParams.set("code", new URL(theirs.callback).searchParams.get("code")!);
    const refusals = gh.tokenRefusals;
    await refusedWith(await callback(injected.href, mine.cookie), "github_failed", /bad_verification_code/);
    expect(gh.tokenRefusals).toBe(refusals + 1);
  });

  it("reports a login cancelled at GitHub, and a disabled account", async () => {
    gh.deny = true;
    try {
      const { cookie, callback: back } = await startInBrowser();
      await refusedWith(await callback(back, cookie), "github_denied", /access_denied/);
    } finally {
      gh.deny = false;
    }
    gh.user = newGithubUser();
    const first = await startInBrowser();
    await callback(first.callback, first.cookie);
    const account = (await store().accounts.findUserByGithubId(String(gh.user.id)))!;
    await store().accounts.setDisabled(account.id, true, h.clock.now);
    const next = await startInBrowser();
    await refusedWith(await callback(next.callback, next.cookie), "account_disabled", /disabled/);
  });

  it("with registration closed, a new GitHub user is refused but a known one signs in", async () => {
    const closed = await startAuthApp(store(), { config: { registration: "closed", github: gh.config() } });
    try {
      const known = gh.user; // made by the previous test
      gh.user = newGithubUser();
      const stranger = await startInBrowser(closed.app);
      await refusedWith(await callback(stranger.callback, stranger.cookie, closed.app), "registration_closed", /no account/);
      expect(await store().accounts.findUserByGithubId(String(gh.user.id))).toBeUndefined();
      await store().accounts.setDisabled((await store().accounts.findUserByGithubId(String(known.id)))!.id, false, Date.now());
      gh.user = known;
      const returning = await startInBrowser(closed.app);
      expect((await callback(returning.callback, returning.cookie, closed.app)).headers.location).toBe("/sessions");
    } finally {
      await closed.close();
    }
  });

  it("answers the web app's HEAD probe with 204 and no state or cookie", async () => {
    const probe = await h.app.inject({ method: "HEAD", url: "/v1/auth/github/start" });
    expect(probe.statusCode).toBe(204);
    expect(probe.headers["set-cookie"]).toBeUndefined();
  });

  it("answers 404 on both routes when GitHub is not configured", async () => {
    const plain = await startAuthApp(store());
    try {
      expect((await plain.app.inject({ method: "HEAD", url: "/v1/auth/github/start" })).statusCode).toBe(404);
      expect((await plain.app.inject({ method: "GET", url: "/v1/auth/github/start" })).statusCode).toBe(404);
      expect((await plain.app.inject({ method: "GET", url: "/v1/auth/github/callback?code=x&state=y" })).statusCode).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
