// The API client against a small stand-in hub with a browser-like cookie jar: CSRF headers, one
// refresh then one retry on a 401, and refreshes serialised across tabs so rotation never sees reuse.
import { describe, expect, it } from "vitest";
import { createApiClient, csrfHeader, refreshLockName, type ApiClientDeps } from "./apiClient.js";

interface Call {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** A hub with rotating refresh tokens (reuse revokes the login) and a shared cookie jar. */
function standInHub() {
  const jar = new Map<string, string>([["porthole_access", "access-1"], ["porthole_refresh", "refresh-1"], ["porthole_csrf", "csrf-1"]]);
  const used = new Set<string>();
  const calls: Call[] = [];
  const state = { validAccess: "access-1", serial: 1, revoked: false, refreshDelayMs: 5 };
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
  const unauthorized = () => json(401, { error: { code: "unauthorized", message: "sign in first" } });

  const fetch: ApiClientDeps["fetch"] = async (path, init) => {
    const headers = (init.headers ?? {}) as Record<string, string>;
    calls.push({ method: init.method ?? "GET", path, headers, ...(typeof init.body === "string" ? { body: init.body } : {}) });
    // Like a browser, cookies are read when the request leaves.
    const access = jar.get("porthole_access");
    const refresh = jar.get("porthole_refresh");
    if (path === "/v1/auth/refresh") {
      await new Promise((r) => setTimeout(r, state.refreshDelayMs));
      if (headers[csrfHeader] !== jar.get("porthole_csrf")) return json(403, { error: { code: "forbidden", message: "csrf" } });
      if (!refresh || state.revoked || used.has(refresh)) {
        state.revoked = true;
        return json(401, { error: { code: "unauthorized", message: "the refresh token is not valid: sign in again" } });
      }
      used.add(refresh);
      state.serial++;
      state.validAccess = `access-${state.serial}`;
      jar.set("porthole_access", state.validAccess);
      jar.set("porthole_refresh", `refresh-${state.serial}`);
      return json(200, { csrfToken: jar.get("porthole_csrf") });
    }
    if (path === "/v1/auth/login") return unauthorized();
    if (path === "/v1/limited") return json(429, { error: { code: "rate_limited", message: "slow down" } }, { "retry-after": "42" });
    if (access !== state.validAccess || state.revoked) return unauthorized();
    if (init.method !== "GET" && headers[csrfHeader] !== jar.get("porthole_csrf")) return json(403, { error: { code: "forbidden", message: "csrf" } });
    return init.method === "DELETE" ? json(204, undefined) : json(200, { path });
  };

  return {
    jar,
    calls,
    state,
    fetch,
    /** document.cookie: only the cookies that are not HttpOnly. */
    cookies: () => (jar.has("porthole_csrf") ? `theme=dark; porthole_csrf=${jar.get("porthole_csrf")}` : "theme=dark"),
    expireAccess: () => void (state.validAccess = "expired"),
    refreshes: () => calls.filter((c) => c.path === "/v1/auth/refresh").length,
  };
}

/** A lock shared by the "tabs" of one test, like navigator.locks in one browser. */
function sharedLock(): ApiClientDeps["withLock"] & { names: string[] } {
  let tail: Promise<unknown> = Promise.resolve();
  const names: string[] = [];
  const withLock = (<T>(name: string, fn: () => Promise<T>): Promise<T> => {
    names.push(name);
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  }) as ApiClientDeps["withLock"] & { names: string[] };
  withLock.names = names;
  return withLock;
}

function client(hub: ReturnType<typeof standInHub>, extra: Partial<ApiClientDeps> = {}) {
  return createApiClient({ fetch: hub.fetch, cookies: hub.cookies, withLock: sharedLock(), ...extra });
}

describe("apiClient", () => {
  it("sends the CSRF cookie's value on unsafe requests only, and JSON only with a body", async () => {
    const hub = standInHub();
    const api = client(hub);
    expect((await api.get("/v1/thing")).ok).toBe(true);
    expect((await api.request("POST", "/v1/thing", { a: 1 })).ok).toBe(true);
    expect((await api.request("PATCH", "/v1/thing", { a: 2 })).ok).toBe(true);
    expect(await api.request("DELETE", "/v1/thing")).toEqual({ ok: true, status: 204, data: undefined });
    const [get, post, patch, del] = hub.calls;
    expect(get?.headers[csrfHeader]).toBeUndefined();
    expect(post?.headers[csrfHeader]).toBe("csrf-1");
    expect(post?.headers["content-type"]).toBe("application/json");
    expect(post?.body).toBe('{"a":1}');
    expect(patch?.headers[csrfHeader]).toBe("csrf-1");
    expect(del?.headers[csrfHeader]).toBe("csrf-1");
    expect(del?.headers["content-type"]).toBeUndefined();
  });

  it("on a 401 refreshes once under the lock, with the CSRF header, then retries", async () => {
    const hub = standInHub();
    const withLock = sharedLock();
    const api = client(hub, { withLock });
    hub.expireAccess();
    const result = await api.request("POST", "/v1/thing", { x: 1 });
    expect(result).toEqual({ ok: true, status: 200, data: { path: "/v1/thing" } });
    expect(hub.calls.map((c) => `${c.method} ${c.path}`)).toEqual(["POST /v1/thing", "POST /v1/auth/refresh", "POST /v1/thing"]);
    expect(hub.calls[1]?.headers[csrfHeader]).toBe("csrf-1");
    expect(withLock.names).toEqual([refreshLockName]);
  });

  it("retries only once: a second 401 is returned, not refreshed again", async () => {
    const hub = standInHub();
    // A hub that refuses every access token, even a freshly refreshed one.
    const api = client(hub, { fetch: (path, init) => (path === "/v1/auth/refresh" ? hub.fetch(path, init) : (hub.expireAccess(), hub.fetch(path, init))) });
    expect(await api.get("/v1/thing")).toMatchObject({ ok: false, status: 401 });
    expect(hub.refreshes()).toBe(1);
    expect(hub.calls.filter((c) => c.path === "/v1/thing")).toHaveLength(2);
  });

  it("when the refresh fails: reports signed out, returns the 401, does not retry", async () => {
    const hub = standInHub();
    let signedOut = 0;
    const api = client(hub, { onSignedOut: () => signedOut++ });
    hub.expireAccess();
    hub.state.revoked = true;
    expect(await api.get("/v1/thing")).toMatchObject({ ok: false, status: 401, code: "unauthorized" });
    expect(signedOut).toBe(1);
    expect(hub.calls.map((c) => c.path)).toEqual(["/v1/thing", "/v1/auth/refresh"]);
  });

  it("does not refresh without a CSRF cookie, nor after a failed login", async () => {
    const hub = standInHub();
    const api = client(hub);
    expect(await api.request("POST", "/v1/auth/login", { email: "a@b.c", password: "x" })).toMatchObject({ status: 401 });
    hub.jar.delete("porthole_csrf");
    hub.expireAccess();
    expect(await api.get("/v1/thing")).toMatchObject({ status: 401 });
    expect(hub.refreshes()).toBe(0);
  });

  it("shares one refresh among concurrent 401s in a tab", async () => {
    const hub = standInHub();
    const api = client(hub);
    hub.expireAccess();
    const results = await Promise.all([api.get("/v1/a"), api.get("/v1/b"), api.request("POST", "/v1/c", {})]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(hub.refreshes()).toBe(1);
  });

  it("serialises refreshes across tabs with the lock, so rotation never sees a reused token", async () => {
    const hub = standInHub();
    const lock = sharedLock();
    const tabs = [client(hub, { withLock: lock }), client(hub, { withLock: lock }), client(hub, { withLock: lock })];
    hub.expireAccess();
    const results = await Promise.all(tabs.map((tab) => tab.get("/v1/thing")));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(hub.state.revoked).toBe(false);

    // The same tabs without the lock send one refresh token twice, and the hub revokes the login.
    const unlocked = standInHub();
    const racing = [0, 1].map(() => client(unlocked, { withLock: (_name, fn) => fn() }));
    unlocked.expireAccess();
    await Promise.all(racing.map((tab) => tab.get("/v1/thing")));
    expect(unlocked.state.revoked).toBe(true);
  });

  it("reads the hub's error body and Retry-After; a network failure is status 0", async () => {
    const hub = standInHub();
    expect(await client(hub).get("/v1/limited")).toEqual({ ok: false, status: 429, code: "rate_limited", message: "slow down", retryAfterSeconds: 42 });
    const offline = client(hub, { fetch: () => Promise.reject(new TypeError("Failed to fetch")) });
    expect(await offline.get("/v1/thing")).toMatchObject({ ok: false, status: 0, code: "network" });
  });
});
