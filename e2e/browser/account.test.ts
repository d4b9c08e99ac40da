// Accounts in a real Chromium against `porthole serve --registration open`: sign up, log out, log in,
// an API key read once, `porthole run --token KEY` listed on /sessions for its owner only, the admin
// page, a lockout, the device page, and refreshes shared by tabs through the Web Locks API.
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newPhonePage, saveScreenshot, withScreenshotOnFailure, type Browser, type Page } from "../fixtures/browser.js";
import { spawnPty } from "../fixtures/pty.js";
import { LINK, portholeBin } from "../support/portholeCli.js";
import { freePort, initAdmin, spawnServe, stopServe } from "../support/portholeServe.js";

const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", TERM: "xterm-256color", LANG: "C.UTF-8", HOME: process.env.HOME ?? "/root" };
const admin = { email: "admin@example.com", password: "admin horse battery staple" };
const alice = { email: "alice@example.com", name: "Alice", password: "alice likes long passphrases" };
const bob = { email: "bob@example.com", name: "Bob", password: "bob prefers other passphrases" };

let browser: Browser;
let hub: ChildProcess;
let hubUrl: string;
const dataDir = mkdtempSync(join(tmpdir(), "porthole-accounts-"));
const home = mkdtempSync(join(tmpdir(), "porthole-home-"));

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
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

async function signUp(page: Page, who: typeof alice): Promise<void> {
  await page.goto(`${hubUrl}/signup`);
  await page.getByTestId("signup-email").fill(who.email);
  await page.getByTestId("signup-name").fill(who.name);
  await page.getByTestId("signup-password").fill(who.password);
  await page.getByTestId("signup-submit").click();
  await page.waitForURL(/\/sessions$/);
  await page.getByTestId("header-user").filter({ hasText: who.name }).waitFor();
}

async function logIn(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.getByTestId("login-email").fill(who.email);
  await page.getByTestId("login-password").fill(who.password);
  await page.getByTestId("login-submit").click();
}

/** The status of a GET from inside the page, with its cookies. */
const statusOf = (page: Page, path: string) => page.evaluate(async (p) => (await fetch(p)).status, path);

describe("accounts in the browser", () => {
  it("signs up, logs in, reads an API key once, lists its session; another user sees nothing; the admin sees both", async () => {
    const page = await newPhonePage(browser);
    const other = await newPhonePage(browser);
    await withScreenshotOnFailure(page, "account-alice", async () => {
      await page.goto(`${hubUrl}/signup`);
      await saveScreenshot(page, "account-signup");
      await signUp(page, alice);
      await page.getByTestId("sessions-empty").waitFor();

      const logout = page.waitForRequest((r) => r.url().endsWith("/v1/auth/logout"));
      await page.getByTestId("logout").click();
      expect((await logout).postDataJSON()).toEqual({ scope: "session" }); // this browser only
      await page.waitForURL(/\/login$/);
      expect(await statusOf(page, "/v1/auth/profile")).toBe(401);
      await page.getByTestId("nav-login").waitFor();
      await saveScreenshot(page, "account-login");
      expect(await page.getByTestId("login-github").count()).toBe(0); // GitHub is not set up on this hub
      await page.goto(`${hubUrl}/login?error=oauth_state`);
      await page.getByTestId("login-github-error").filter({ hasText: /started in another browser/ }).waitFor();
      await logIn(page, alice);
      await page.waitForURL(/\/sessions$/);

      await page.getByTestId("nav-account").click();
      await page.waitForURL(/\/account$/);
      await page.getByTestId("apikey-none").waitFor();
      await page.getByTestId("apikey-name").fill("laptop");
      await page.getByTestId("apikey-scope").selectOption("sessions");
      await page.getByTestId("apikey-create").click();
      const key = (await page.getByTestId("apikey-value").textContent())?.trim() ?? "";
      expect(key.length).toBeGreaterThan(20);
      await page.getByTestId("apikey-copy").click();
      await page.getByTestId("apikey-row").first().waitFor();
      const prefix = (await page.getByTestId("apikey-row").getAttribute("data-prefix")) ?? "";
      expect(key.startsWith(prefix) && prefix.length > 4).toBe(true);
      await saveScreenshot(page, "account-apikey-once");
      await page.getByTestId("apikey-done").click();
      expect(await page.content()).not.toContain(key);
      await page.reload();
      await page.getByTestId("apikey-row").waitFor();
      expect(await page.content()).not.toContain(key); // shown once: never again
      await saveScreenshot(page, "account-page");

      // Change the password: a wrong current one is refused in words; then changed, and back again.
      const changePassword = async (current: string, next: string) => {
        await page.getByTestId("password-current").fill(current);
        await page.getByTestId("password-new").fill(next);
        await page.getByTestId("password-repeat").fill(next);
        await page.getByTestId("password-save").click();
      };
      await changePassword("not my password", "a brand new passphrase");
      await page.getByTestId("password-error").filter({ hasText: "The current password is wrong." }).waitFor();
      await changePassword(alice.password, "a brand new passphrase");
      await page.getByTestId("password-changed").waitFor();
      await changePassword("a brand new passphrase", alice.password);
      await page.getByTestId("password-changed").waitFor();
      expect(await statusOf(page, "/v1/auth/profile")).toBe(200); // this browser stays logged in

      const desk = spawnPty(process.execPath, [portholeBin, "run", "--hub", hubUrl, "--token", key, "--no-qr", "--", "bash", "--norc", "--noprofile"], { cwd: tmpdir(), env: { ...env, PORTHOLE_HOME: home } });
      try {
        await desk.waitForText(/Starting:/, 20_000);
        const link = LINK.exec(desk.raw())?.[1];
        expect(link).toBeDefined();
        const sessionId = /\/s\/([A-Za-z0-9_-]+)#/.exec(link!)![1]!;

        // The desk's socket may attach just after "Starting:": read the list until it is online.
        const row = page.locator(`[data-testid="session-row"][data-session-id="${sessionId}"]`);
        for (let i = 0; i < 50; i++) {
          await page.goto(`${hubUrl}/sessions`);
          await row.getByTestId("session-state").waitFor();
          if ((await row.getByTestId("session-state").textContent()) === "online") break;
          await page.waitForTimeout(200);
        }
        await row.getByTestId("session-state").filter({ hasText: "online" }).waitFor({ timeout: 1000 });
        expect(await page.getByTestId("session-row").count()).toBe(1);
        expect(await row.textContent()).toContain("bash");
        expect(await row.getByTestId("session-open").count()).toBe(0); // not paired in this browser yet
        // Pair once from the link; afterwards /sessions reopens it without one.
        await page.goto(link!);
        await page.getByTestId("status").filter({ hasText: /live/i }).waitFor({ timeout: 15_000 });
        await page.goto(`${hubUrl}/sessions`);
        await row.getByTestId("session-open").waitFor();
        await saveScreenshot(page, "account-sessions");

        // Another user: an empty list, and a 404 for this session by id.
        await withScreenshotOnFailure(other, "account-bob", async () => {
          await signUp(other, bob);
          await other.getByTestId("sessions-empty").waitFor();
          expect(await other.getByTestId("session-row").count()).toBe(0);
          expect(await statusOf(other, `/v1/sessions/${sessionId}`)).toBe(404);
          expect(await statusOf(page, `/v1/sessions/${sessionId}`)).toBe(200);
          await saveScreenshot(other, "account-sessions-empty");
          await other.goto(`${hubUrl}/admin`);
          await other.getByTestId("admins-only").waitFor();
        });

        desk.write("exit\r");
        await desk.waitForExit(15_000);
      } finally {
        desk.kill();
      }
    });
    await page.context().close();

    // The admin sees both users and their logins in the audit log, and cannot demote themself.
    const adminPage = await newPhonePage(browser);
    await withScreenshotOnFailure(adminPage, "account-admin", async () => {
      await adminPage.goto(`${hubUrl}/admin`);
      await adminPage.waitForURL(/\/login\?next=%2Fadmin$/);
      await logIn(adminPage, admin);
      await adminPage.waitForURL(/\/admin$/);
      for (const who of [admin, alice, bob]) await adminPage.locator(`[data-testid="user-row"][data-email="${who.email}"]`).waitFor();
      await adminPage.locator('[data-testid="audit-row"][data-type="login.succeeded"]').first().waitFor();
      const audit = (await adminPage.getByTestId("audit-table").textContent()) ?? "";
      expect(audit).toContain("register");
      expect(audit).toContain("apikey.created");
      expect((await adminPage.locator('[data-testid="audit-row"][data-type="login.succeeded"]').allTextContents()).some((t) => t.includes(alice.email))).toBe(true);
      await adminPage.locator(`[data-testid="user-row"][data-email="${admin.email}"]`).getByTestId("user-toggle-role").click();
      await adminPage.getByTestId("admin-user-error").filter({ hasText: /cannot disable or demote yourself/ }).waitFor();
      await saveScreenshot(adminPage, "account-admin");
      // Disabling applies at once: Bob's open page loses its login at its next request.
      const bobRow = adminPage.locator(`[data-testid="user-row"][data-email="${bob.email}"]`);
      await bobRow.getByTestId("user-toggle-disabled").click();
      await bobRow.getByTestId("user-disabled").waitFor();
    });
    await adminPage.context().close();
    await other.goto(`${hubUrl}/sessions`);
    await other.waitForURL(/\/login\?next=%2Fsessions$/);
    await other.context().close();
  }, 120_000);

  it("shows a lockout with its wait", async () => {
    const page = await newPhonePage(browser);
    await withScreenshotOnFailure(page, "account-lockout", async () => {
      await page.goto(`${hubUrl}/login`);
      const nobody = { email: "nobody@example.com", password: "not the password at all" };
      for (let i = 0; i < 5; i++) {
        await logIn(page, nobody);
        await page.getByTestId("login-error").filter({ hasText: "The e-mail or password is wrong." }).waitFor();
      }
      await logIn(page, nobody);
      await page.getByTestId("login-error").filter({ hasText: /Too many failed logins for this account\. Try again in \d+ s\./ }).waitFor();
      expect(await page.getByTestId("login-submit").isDisabled()).toBe(true);
      await saveScreenshot(page, "account-login-locked");
    });
    await page.context().close();
  }, 60_000);

  it("approves a terminal's code on the device page; tabs share one refresh of an expired login; log out everywhere", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const first = await context.newPage();
    await withScreenshotOnFailure(first, "account-device", async () => {
      // A terminal asks for a code (as `porthole login` does); the person opens the link it shows.
      const asked = await fetch(`${hubUrl}/v1/auth/device`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      expect(asked.status).toBe(200);
      const device = (await asked.json()) as { deviceCode: string; userCode: string; verificationUriComplete: string };
      await first.goto(device.verificationUriComplete.replace(/^https?:\/\/[^/]+/, hubUrl));
      await first.waitForURL(/\/login\?next=%2Fdevice%3Fcode%3D/);
      await logIn(first, alice);
      await first.waitForURL(/\/device\?code=/);
      await first.getByTestId("device-code").filter({ hasText: device.userCode }).waitFor();
      await saveScreenshot(first, "account-device");
      await first.getByTestId("device-approve").click();
      await first.locator('[data-testid="device-result"][data-outcome="approved"]').waitFor();
      await saveScreenshot(first, "account-device-approved");
      const polled = await fetch(`${hubUrl}/v1/auth/device/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ deviceCode: device.deviceCode }) });
      expect(polled.status).toBe(200);
      const cliToken = ((await polled.json()) as { accessToken: string }).accessToken;
      const profile = await fetch(`${hubUrl}/v1/auth/profile`, { headers: { authorization: `Bearer ${cliToken}` } });
      expect(((await profile.json()) as { user: { email: string } }).user.email).toBe(alice.email);
      // The same code again, and a code nobody asked for: both are refused in words.
      await first.reload();
      await first.getByTestId("device-deny").click();
      await first.getByTestId("device-error").filter({ hasText: /unknown, expired or already used/ }).waitFor();
      await first.goto(`${hubUrl}/device?code=a1b2-c3d4`);
      await first.getByTestId("device-approve").click();
      await first.getByTestId("device-error").filter({ hasText: /not a code from porthole login/ }).waitFor();

      const tabs = [first, await context.newPage(), await context.newPage()];
      // Refreshes are held back 300 ms on their way to the hub, so every tab's 401 comes in meanwhile.
      let inFlight = 0;
      let mostInFlight = 0;
      const refreshStatuses: number[] = [];
      await context.route("**/v1/auth/refresh", async (route) => {
        mostInFlight = Math.max(mostInFlight, ++inFlight);
        await new Promise((r) => setTimeout(r, 300));
        await route.continue();
      });
      context.on("requestfinished", (request) => {
        if (!request.url().endsWith("/v1/auth/refresh")) return;
        inFlight--;
        void request.response().then((r) => refreshStatuses.push(r?.status() ?? 0));
      });
      for (const tab of tabs) {
        await tab.goto(`${hubUrl}/account`);
        await tab.getByTestId("apikey-row").waitFor();
      }
      // The access cookie lapses (as after 15 minutes), and every tab saves at once: three 401s.
      await context.clearCookies({ name: "porthole_access" });
      // (Clicked from the page's own script: Playwright's clicks on several tabs would take turns.)
      await Promise.all(tabs.map((tab) => tab.evaluate(() => document.querySelector<HTMLButtonElement>('[data-testid="profile-save"]')!.click())));
      for (const tab of tabs) await tab.getByTestId("profile-saved").waitFor();
      // One refresh at a time across the tabs (the Web Lock), each with the newest token: all succeed.
      expect(refreshStatuses.length).toBeGreaterThanOrEqual(2);
      expect(refreshStatuses.every((status) => status === 200)).toBe(true);
      expect(mostInFlight).toBe(1);
      // Had two tabs sent one refresh token, the hub would have revoked the login: it still works.
      await context.clearCookies({ name: "porthole_access" });
      await first.reload();
      await first.getByTestId("header-user").filter({ hasText: alice.name }).waitFor();
      expect(await statusOf(first, "/v1/auth/profile")).toBe(200);

      // Log out everywhere ends the terminal's login too.
      await first.getByTestId("logout-everywhere").click();
      await first.getByTestId("logout-everywhere-confirm").click();
      await first.waitForURL(/\/login$/);
      const after = await fetch(`${hubUrl}/v1/auth/profile`, { headers: { authorization: `Bearer ${cliToken}` } });
      expect(after.status).toBe(401);
    });
    await context.close();
  }, 60_000);
});
