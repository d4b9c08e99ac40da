// `porthole login` end to end, the real CLI in a PTY against `porthole serve`: the CLI shows a code,
// a person logged in with a password approves it over HTTP (as the /device page does), the CLI saves
// owner-only credentials, `porthole run --hub` registers a session owned by that person alone,
// `porthole logout` ends that login only and removes the file.
import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { spawnPty } from "../fixtures/pty.js";
import { portholeBin } from "../support/portholeCli.js";
import { startServe } from "../support/portholeServe.js";

const run = promisify(execFile);
const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", TERM: "xterm-256color", LANG: "C.UTF-8", HOME: process.env.HOME ?? "/root" };
const home = mkdtempSync(join(tmpdir(), "porthole-home-"));
const cliEnv = { ...env, PORTHOLE_HOME: home };
const credentials = join(home, "credentials.json");
afterAll(() => rmSync(home, { recursive: true, force: true }));

const porthole = (...args: string[]) => run(process.execPath, [portholeBin, ...args], { env: cliEnv });

async function call(hub: string, method: string, path: string, opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const response = await fetch(`${hub}${path}`, {
    method,
    headers: { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...(opts.body ? { "content-type": "application/json" } : {}), ...opts.headers },
    ...(opts.body ? { body: JSON.stringify(opts.body) } : {}),
  });
  return { status: response.status, headers: response.headers, json: (await response.json().catch(() => undefined)) as any };
}

describe("porthole login", () => {
  it("logs the CLI in with a code approved in the browser; sessions then belong to that person; logout forgets it", async () => {
    const admin = { email: "admin@example.com", password: "correct horse battery staple" };
    await using hub = await startServe(env, { admin });
    const adminToken = (await call(hub.url, "POST", "/v1/auth/login", { body: admin })).json.accessToken as string;
    const alice = { email: "alice@example.com", password: "alice's long passphrase" };
    const bob = { email: "bob@example.com", password: "bob's long passphrase!" };
    for (const u of [alice, bob]) expect((await call(hub.url, "POST", "/v1/admin/users", { token: adminToken, body: u })).status).toBe(201);

    // Before login, --hub without --token says what to do.
    await expect(porthole("run", "--hub", hub.url, "--", "true")).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/not logged in to .*porthole login --hub/) });

    const login = spawnPty(process.execPath, [portholeBin, "login", "--hub", hub.url], { cwd: tmpdir(), env: cliEnv });
    try {
      const shown = await login.waitForText(/Waiting for approval/, 15_000);
      const code = /enter the code:\s+([A-Z]{4}-[A-Z]{4})/.exec(shown)![1]!;
      expect(shown).toContain(`${hub.url}/device`);
      expect(shown).toContain(`${hub.url}/device?code=${code}`);
      expect(login.raw()).toMatch(/[▀▄█]/); // the QR code

      // Alice, logged in to the web app with her password (cookie + CSRF), approves the code.
      const web = await fetch(`${hub.url}/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...alice, cookie: true }) });
      const { csrfToken } = (await web.json()) as { csrfToken: string };
      const cookie = web.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
      const approved = await call(hub.url, "POST", "/v1/auth/device/approve", { body: { userCode: code }, headers: { cookie, "x-csrf-token": csrfToken } });
      expect([approved.status, approved.json]).toEqual([200, { status: "approved" }]);
      await login.waitForText(`Logged in to ${hub.url} as ${alice.email}`, 20_000);
      expect((await login.waitForExit(10_000)).exitCode).toBe(0);
    } finally {
      login.kill();
    }

    expect(statSync(credentials).mode & 0o777).toBe(0o600);
    expect(statSync(home).mode & 0o777).toBe(0o700);
    const saved = JSON.parse(readFileSync(credentials, "utf8")).logins[0];
    expect(saved).toMatchObject({ hub: hub.url, email: alice.email, accessToken: expect.any(String), refreshToken: expect.stringMatching(/^prt_/), expiresAt: expect.any(String) });
    expect((await porthole("whoami")).stdout).toContain(`${alice.email} (user) on ${hub.url}`);
    chmodSync(credentials, 0o644);
    await expect(porthole("whoami")).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/other users.*chmod 600/) });
    chmodSync(credentials, 0o600);

    const aliceToken = (await call(hub.url, "POST", "/v1/auth/login", { body: alice })).json.accessToken as string;
    const bobToken = (await call(hub.url, "POST", "/v1/auth/login", { body: bob })).json.accessToken as string;
    const desk = spawnPty(process.execPath, [portholeBin, "run", "--hub", hub.url, "--no-qr", "--", "bash", "--norc", "--noprofile"], { cwd: tmpdir(), env: cliEnv });
    try {
      await desk.waitForText(/Starting:/, 15_000);
      const mine = await call(hub.url, "GET", "/v1/sessions", { token: aliceToken });
      expect(mine.json.sessions).toHaveLength(1);
      const id = mine.json.sessions[0].id as string;
      expect((await call(hub.url, "GET", "/v1/sessions", { token: bobToken })).json.sessions).toEqual([]);
      expect((await call(hub.url, "GET", `/v1/sessions/${id}`, { token: bobToken })).status).toBe(404);
      expect((await call(hub.url, "GET", "/v1/sessions", { token: adminToken })).json.sessions).toEqual([]);
      const listed = JSON.parse((await porthole("sessions", "--hub", hub.url, "--json")).stdout) as { id: string }[];
      expect(listed.map((s) => s.id)).toEqual([id]);
      // This machine's list asks the hub with the saved login too.
      const local = JSON.parse((await porthole("sessions", "--json")).stdout) as { id: string; connected: boolean }[];
      expect(local).toEqual([expect.objectContaining({ id, connected: true })]);
      desk.write("exit\r");
      expect((await desk.waitForExit(10_000)).exitCode).toBe(0);
    } finally {
      desk.kill();
    }

    const out = await porthole("logout");
    expect(out.stdout).toContain(`Logged out of ${hub.url}`);
    expect(existsSync(credentials)).toBe(false);
    // That login is over; Alice's other logins are not.
    expect((await call(hub.url, "GET", "/v1/auth/profile", { token: saved.accessToken })).status).toBe(401);
    expect((await call(hub.url, "POST", "/v1/auth/refresh", { body: { refreshToken: saved.refreshToken } })).status).toBe(401);
    expect((await call(hub.url, "GET", "/v1/auth/profile", { token: aliceToken })).status).toBe(200);
    await expect(porthole("whoami")).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/not logged in/) });
    await expect(porthole("run", "--hub", hub.url, "--", "true")).rejects.toMatchObject({ code: 2 });
  }, 120_000);
});
