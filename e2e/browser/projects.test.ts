// Projects in a real Chromium at phone size against `porthole serve`: `porthole run` in a directory
// registers its project (this machine, that directory); /sessions groups sessions by project;
// rename, archive (shown again on request) and delete sessions and projects; deleting a project
// whose desk is connected asks again; `porthole sessions --hub` groups too; another user sees none.
import { spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newPhonePage, saveScreenshot, withScreenshotOnFailure, type Browser, type Page } from "../fixtures/browser.js";
import { spawnPty } from "../fixtures/pty.js";
import { LINK, portholeBin } from "../support/portholeCli.js";
import { freePort, initAdmin, spawnServe, stopServe } from "../support/portholeServe.js";

const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", TERM: "xterm-256color", LANG: "C.UTF-8", HOME: process.env.HOME ?? "/root" };
const admin = { email: "admin@example.com", password: "admin horse battery staple" };
const alice = { email: "alice@example.com", password: "alice likes long passphrases" };
const bob = { email: "bob@example.com", password: "bob prefers other passphrases" };

let browser: Browser;
let hub: ChildProcess;
let hubUrl: string;
const dataDir = mkdtempSync(join(tmpdir(), "porthole-projects-"));
const home = mkdtempSync(join(tmpdir(), "porthole-home-"));
const work = mkdtempSync(join(tmpdir(), "porthole-work-"));

beforeAll(async () => {
  initAdmin(env, dataDir, admin);
  const port = await freePort();
  hub = await spawnServe({ env, dataDir, port, args: ["--registration", "open"] });
  hubUrl = `http://127.0.0.1:${port}`;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  if (hub) await stopServe(hub);
  for (const dir of [dataDir, home, work]) rmSync(dir, { recursive: true, force: true });
});

/** One JSON call to the hub with a Bearer token. */
async function call(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${hubUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, json: res.status === 204 ? {} : await res.json() };
}

/** Registers the user and returns an access token for the API. */
async function register(who: { email: string; password: string }): Promise<string> {
  const res = await fetch(`${hubUrl}/v1/auth/register`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(who) });
  expect(res.status).toBe(201);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

async function logIn(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.goto(`${hubUrl}/login`);
  await page.getByTestId("login-email").fill(who.email);
  await page.getByTestId("login-password").fill(who.password);
  await page.getByTestId("login-submit").click();
  await page.waitForURL(/\/sessions$/);
}

const joinVerifier = () => randomBytes(32).toString("hex");

describe("projects in the browser", () => {
  it("groups sessions by project and renames, archives and deletes sessions and projects", async () => {
    const token = await register(alice);
    const key = (await call("POST", "/v1/auth/api-keys", token, { name: "laptop", scope: "sessions" })).json.key as string;
    // Two sessions of another machine's project, and one without a project.
    const api1 = (await call("POST", "/v1/sessions", token, { command: "claude", name: "api: tests", cols: 80, rows: 24, joinVerifier: joinVerifier(), project: { machine: "build-box", directory: "/srv/api" } })).json.session;
    const api2 = (await call("POST", "/v1/sessions", token, { command: "claude", name: "api: docs", cols: 80, rows: 24, joinVerifier: joinVerifier(), project: { machine: "build-box", directory: "/srv/api" } })).json.session;
    const loose = (await call("POST", "/v1/sessions", token, { command: "aider", cols: 80, rows: 24, joinVerifier: joinVerifier() })).json.session;
    expect(api2.projectId).toBe(api1.projectId);
    expect(loose.projectId).toBeNull();

    // `porthole run` in ./webshop registers the project of this machine and that directory.
    const webshop = join(work, "webshop");
    mkdirSync(webshop);
    const desk = spawnPty(process.execPath, [portholeBin, "run", "--hub", hubUrl, "--token", key, "--no-qr", "--", "bash", "--norc", "--noprofile"], { cwd: webshop, env: { ...env, PORTHOLE_HOME: home } });
    const page = await newPhonePage(browser);
    try {
      await desk.waitForText(/Starting:/, 20_000);
      const deskSession = /\/s\/([A-Za-z0-9_-]+)#/.exec(LINK.exec(desk.raw())?.[1] ?? "")?.[1];
      expect(deskSession).toBeDefined();
      const projects = (await call("GET", "/v1/projects", token)).json.projects as { id: string; name: string; machine: string; directory: string }[];
      const shop = projects.find((p) => p.name === "webshop");
      expect(shop).toMatchObject({ machine: hostname(), directory: webshop });

      // The CLI lists the hub's sessions grouped by project.
      const listed = spawnSync(process.execPath, [portholeBin, "sessions", "--hub", hubUrl, "--token", key], { env: { ...env, PORTHOLE_HOME: home }, encoding: "utf8" });
      expect(listed.status, listed.stderr).toBe(0);
      expect(listed.stdout).toContain(`webshop  (${hostname()}:${webshop})`);
      expect(listed.stdout).toMatch(/api {2}\(build-box:\/srv\/api\)[^\n]*\n {2}\S+ {2}offline .*api: docs\n {2}\S+ {2}offline .*api: tests\n/);
      expect(listed.stdout).toMatch(/No project\n {2}\S+ {2}offline .*aider/);

      await withScreenshotOnFailure(page, "projects", async () => {
        await logIn(page, alice);
        const group = (projectId: string) => page.locator(`[data-testid="project-group"][data-project-id="${projectId}"]`);
        const row = (sessionId: string) => page.locator(`[data-testid="session-row"][data-session-id="${sessionId}"]`);
        await group(shop!.id).getByTestId("project-name").filter({ hasText: "webshop" }).waitFor();
        expect(await group(api1.projectId).getByTestId("session-row").count()).toBe(2);
        expect(await group("").getByTestId("project-name").textContent()).toBe("No project");
        await row(loose.id).waitFor();
        await saveScreenshot(page, "projects-sessions");

        // Rename a project and a session.
        await group(api1.projectId).getByTestId("project-rename").click();
        await group(api1.projectId).getByTestId("project-rename-input").fill("API server");
        await group(api1.projectId).getByTestId("project-rename-save").click();
        await group(api1.projectId).getByTestId("project-name").filter({ hasText: "API server" }).waitFor();
        await row(api2.id).getByTestId("session-rename").click();
        await row(api2.id).getByTestId("session-rename-input").fill("Write the API docs");
        await row(api2.id).getByTestId("session-rename-save").click();
        await row(api2.id).getByTestId("session-name").filter({ hasText: "Write the API docs" }).waitFor();
        expect((await call("GET", `/v1/sessions/${api2.id}`, token)).json.session.name).toBe("Write the API docs");

        // Archive a session: hidden, shown again with "Show archived", then back.
        await row(api1.id).getByTestId("session-archive").click();
        await row(api1.id).waitFor({ state: "detached" });
        await page.getByTestId("sessions-show-archived").check();
        await row(api1.id).getByTestId("session-archived").waitFor();
        await row(api1.id).getByTestId("session-archive").filter({ hasText: "Unarchive" }).click();
        await row(api1.id).getByTestId("session-archived").waitFor({ state: "detached" });
        await page.getByTestId("sessions-show-archived").uncheck();

        // Archive a project: it and its sessions leave the list until asked for.
        await group(api1.projectId).getByTestId("project-archive").click();
        await group(api1.projectId).waitFor({ state: "detached" });
        await page.getByTestId("sessions-show-archived").check();
        await group(api1.projectId).getByTestId("project-archived").waitFor();
        expect(await group(api1.projectId).getByTestId("session-row").count()).toBe(2);
        await saveScreenshot(page, "projects-archived");
        await page.getByTestId("sessions-show-archived").uncheck();

        // Delete a session.
        await row(loose.id).getByTestId("session-delete").click();
        await row(loose.id).getByTestId("session-delete-confirm").click();
        await row(loose.id).waitFor({ state: "detached" });
        expect((await call("GET", `/v1/sessions/${loose.id}`, token)).status).toBe(404);

        // Deleting the project whose desk is connected asks again, then deletes it with its session.
        await group(shop!.id).getByTestId("session-state").filter({ hasText: "online" }).waitFor({ timeout: 15_000 });
        await group(shop!.id).getByTestId("project-delete").click();
        await group(shop!.id).getByTestId("project-delete-confirm").click();
        await group(shop!.id).getByTestId("project-delete-refused").waitFor();
        expect((await call("GET", `/v1/projects/${shop!.id}`, token)).status).toBe(200);
        await saveScreenshot(page, "projects-delete-refused");
        await group(shop!.id).getByTestId("project-delete-force").click();
        await group(shop!.id).getByTestId("project-delete-force-confirm").click();
        await group(shop!.id).waitFor({ state: "detached" });
        expect((await call("GET", `/v1/projects/${shop!.id}`, token)).status).toBe(404);
        expect((await call("GET", `/v1/sessions/${deskSession}`, token)).status).toBe(404);
      });

      // Bob sees none of it, and Alice's ids are a 404 to him.
      const other = await newPhonePage(browser);
      await withScreenshotOnFailure(other, "projects-bob", async () => {
        const bobToken = await register(bob);
        await logIn(other, bob);
        await other.getByTestId("sessions-empty").waitFor();
        expect((await call("GET", `/v1/projects/${api1.projectId}`, bobToken)).status).toBe(404);
        expect((await call("PATCH", `/v1/sessions/${api1.id}`, bobToken, { name: "mine" })).status).toBe(404);
      });
    } finally {
      desk.kill();
    }
  });
});
