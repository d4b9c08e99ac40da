// The credentials file and token refresh, against a real hub on port 0: owner-only modes, refusal of
// a file others can read, several hubs, refresh on expiry saving the rotated pair, and concurrent
// refreshes that share one rotation instead of tripping the hub's reuse detection.
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHub, type Hub } from "@porthole/hub";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authApi, hubCall, type TokenPair } from "../run/hubApi.js";
import { CredentialsError, findLogin, hubKey, readLogins, saveLogin, type SavedLogin } from "./credentials.js";
import { accessTokenFor, LoginNeeded, savedFrom } from "./hubCredentials.js";

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "porthole-creds-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const login = (hub: string, overrides: Partial<SavedLogin> = {}): SavedLogin => ({
  hub, accessToken: "a.b.c", refreshToken: "prt_x", expiresAt: new Date(Date.now() + 600_000).toISOString(), email: "ada@example.test", displayName: "Ada", ...overrides,
});

describe("credentials file", () => {
  it("is written 0600 in a 0700 directory (tightening a looser one), one login per hub", () => {
    const home = join(tempDir(), "home");
    mkdirSync(home, { mode: 0o755 });
    chmodSync(home, 0o755);
    const file = join(home, "credentials.json");
    saveLogin(file, "http://hub-a.example:8420/", login("x"));
    saveLogin(file, "https://hub-b.example/base/", login("y", { email: null }));
    saveLogin(file, "http://HUB-A.example:8420", login("z", { displayName: "Ada L." }));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(home).mode & 0o777).toBe(0o700);
    expect(readLogins(file).map((l) => [l.hub, l.displayName])).toEqual([
      ["https://hub-b.example/base", "Ada"],
      ["http://hub-a.example:8420", "Ada L."],
    ]);
    expect(findLogin(file, "https://hub-b.example/base?x=1")?.email).toBeNull();
    saveLogin(file, "http://hub-a.example:8420", undefined);
    saveLogin(file, "https://hub-b.example/base", undefined);
    expect(() => lstatSync(file)).toThrow();
    expect(readLogins(file)).toEqual([]);
  });

  it("refuses a file others can read, a symlink and a damaged file, saying what to do", () => {
    const dir = tempDir();
    const file = join(dir, "credentials.json");
    saveLogin(file, "http://hub.example", login("x"));
    chmodSync(file, 0o644);
    expect(() => readLogins(file)).toThrow(CredentialsError);
    expect(() => readLogins(file)).toThrow(/chmod 600/);
    chmodSync(file, 0o600);
    const link = join(dir, "linked.json");
    symlinkSync(file, link);
    expect(() => readLogins(link)).toThrow(/not a regular file/);
    writeFileSync(join(dir, "bad.json"), "{nope", { mode: 0o600 });
    expect(() => readLogins(join(dir, "bad.json"))).toThrow(/damaged/);
  });

  it("keys hubs by scheme, host, port and path", () => {
    expect(hubKey("http://Hub.Example:80/")).toBe("http://hub.example");
    expect(hubKey("https://hub.example/porthole//?q#f")).toBe("https://hub.example/porthole");
  });
});

describe("access tokens from the saved login", () => {
  let hub: Hub;
  let url: string;
  const dataDir = tempDir();
  beforeAll(async () => {
    hub = await createHub(
      { host: "127.0.0.1", port: 0, sqliteFile: join(dataDir, "hub.db"), ownerToken: "credentials-test-owner-0123456789", auth: { dataDir, registration: "open", rateLimits: { refresh: { limit: 1000, windowSeconds: 60 } } } },
      { logger: pino({ level: "silent" }) },
    );
    url = (await hub.listen()).url;
  });
  afterAll(() => hub.close());

  async function loggedIn(): Promise<{ file: string; pair: TokenPair }> {
    const email = `u${Math.random().toString(36).slice(2)}@example.test`;
    const pair = await hubCall<TokenPair>(url, undefined, "POST", "/v1/auth/register", { email, password: "correct horse battery staple" });
    const file = join(tempDir(), "credentials.json");
    saveLogin(file, url, savedFrom(url, pair));
    return { file, pair };
  }
  const expire = (file: string) => saveLogin(file, url, { ...findLogin(file, url)!, expiresAt: new Date(Date.now() - 1000).toISOString() });

  it("uses a fresh token as saved, and refreshes an expired one, saving the rotated pair", async () => {
    const { file, pair } = await loggedIn();
    expect(await accessTokenFor(file, url)).toBe(pair.accessToken);
    expire(file);
    const token = await accessTokenFor(file, url);
    const saved = findLogin(file, url)!;
    expect(saved.refreshToken).not.toBe(pair.refreshToken);
    expect(saved.accessToken).toBe(token);
    expect(Date.parse(saved.expiresAt)).toBeGreaterThan(Date.now());
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect((await authApi.profile(url, token)).user.email).toBe(pair.user.email);
    expect(readFileSync(file, "utf8")).not.toContain(pair.refreshToken);
  });

  it("concurrent refreshes share one rotation, so the hub's reuse detection never fires", async () => {
    const { file } = await loggedIn();
    expire(file);
    const tokens = await Promise.all(Array.from({ length: 5 }, () => accessTokenFor(file, url)));
    expect(new Set(tokens).size).toBe(1);
    expire(file);
    const next = await accessTokenFor(file, url);
    expect((await authApi.profile(url, next)).user).toBeDefined();
  });

  it("says how to log in when there is no login, or the hub refuses the refresh token", async () => {
    const empty = join(tempDir(), "credentials.json");
    await expect(accessTokenFor(empty, url)).rejects.toThrow(LoginNeeded);
    await expect(accessTokenFor(empty, url)).rejects.toThrow(/not logged in to .*porthole login --hub/);
    const { file, pair } = await loggedIn();
    await authApi.logout(url, pair.accessToken);
    expire(file);
    await expect(accessTokenFor(file, url)).rejects.toThrow(/expired or was revoked: run porthole login --hub/);
  });
});
