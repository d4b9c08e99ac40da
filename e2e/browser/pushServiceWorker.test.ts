// The web app's side of notifications in a real Chromium: the service worker registers at the root
// scope, the manifest and icons make the app installable, a push delivered to the worker (through
// DevTools, as Chromium's own "Push" button does) shows a notification, and the session page tells
// the hub whether it is visible, so a fake push service gets a notification only once it is hidden.
// Headless Chromium has no push service: pushManager.subscribe() fails ("Registration failed"), so
// the subscription itself is tested with the fake push service in e2e/integration/push.test.ts.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { formatPairingUrl, type ChatEvent } from "@porthole/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newPhonePage, withScreenshotOnFailure, type Browser, type Page } from "../fixtures/browser.js";
import { startFakePushService, type FakePushService } from "../fixtures/fakePushService.js";
import { api, startTestHost, startTestHub, type TestHub } from "../support/testHub.js";

const webRoot = fileURLToPath(new URL("../../packages/web/dist", import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), "porthole-push-browser-"));
let browser: Browser;
let hub: TestHub;
let push: FakePushService;

beforeAll(async () => {
  push = await startFakePushService();
  hub = await startTestHub({ webRoot, logLevel: "warn", auth: { dataDir, registration: "open" }, push: { allowLoopbackHttp: true } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await hub?.[Symbol.asyncDispose]();
  await push?.[Symbol.asyncDispose]();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Sets what document.visibilityState reports and fires visibilitychange, as a phone locking would. */
async function setPageVisible(page: Page, visible: boolean): Promise<void> {
  await page.evaluate((v) => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => (v ? "visible" : "hidden") });
    document.dispatchEvent(new Event("visibilitychange"));
  }, visible);
}

describe("service worker, manifest and visibility (Chromium)", () => {
  it("registers the service worker at /, serves an installable manifest, and shows a pushed notification", async () => {
    const page = await newPhonePage(browser);
    await page.context().grantPermissions(["notifications"], { origin: hub.url });
    await withScreenshotOnFailure(page, "push-service-worker", async () => {
      await page.goto(`${hub.url}/`);
      const registration = await page.evaluate(async () => {
        const r = await navigator.serviceWorker.ready;
        return { scope: r.scope, script: r.active?.scriptURL };
      });
      expect(registration).toEqual({ scope: `${hub.url}/`, script: `${hub.url}/sw.js` });
      expect(await page.locator('link[rel="manifest"]').getAttribute("href")).toBe("/manifest.webmanifest");

      const manifest = await fetch(`${hub.url}/manifest.webmanifest`);
      expect(manifest.headers.get("content-type")).toContain("application/manifest+json");
      const { icons, display, start_url: startUrl } = (await manifest.json()) as { icons: Array<{ src: string; sizes: string; purpose: string }>; display: string; start_url: string };
      expect({ display, startUrl }).toEqual({ display: "standalone", startUrl: "/" });
      expect(icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(["192x192", "512x512"]));
      for (const icon of [...icons.map((i) => i.src), "/apple-touch-icon.png"]) {
        const response = await fetch(`${hub.url}${icon}`);
        expect(response.status, icon).toBe(200);
        expect(response.headers.get("content-type")).toBe("image/png");
      }

      // Chromium's own verdict: no manifest errors; the only installability error is the test's
      // private (incognito-like) browser context.
      const cdp = await page.context().newCDPSession(page);
      expect((await cdp.send("Page.getAppManifest")).errors).toEqual([]);
      const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
      expect(installabilityErrors.filter((e) => e.errorId !== "in-incognito")).toEqual([]);

      // A push as the browser hands it to the worker (decrypted): it shows one notification per session.
      const registrations: Array<{ registrationId: string; scopeURL: string }> = [];
      cdp.on("ServiceWorker.workerRegistrationUpdated", (e) => registrations.push(...e.registrations));
      await cdp.send("ServiceWorker.enable");
      await expect.poll(() => registrations.some((r) => r.scopeURL === `${hub.url}/`)).toBe(true);
      const registrationId = registrations.find((r) => r.scopeURL === `${hub.url}/`)!.registrationId;
      const message = { v: 1, title: "claude in ~/harbour", body: "A session needs you: approval waiting", session: "AbCdEfGhIjKlMnOpQrStUv", url: "/s/AbCdEfGhIjKlMnOpQrStUv", reason: "approval", at: 1 };
      const shown = async () => page.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data as unknown })));
      await cdp.send("ServiceWorker.deliverPushMessage", { origin: hub.url, registrationId, data: JSON.stringify(message) });
      await expect.poll(shown).toEqual([{ title: message.title, body: message.body, tag: `porthole-${message.session}`, data: { url: message.url } }]);
      // A newer one for the same session replaces it; a click target off this site becomes "/".
      await cdp.send("ServiceWorker.deliverPushMessage", { origin: hub.url, registrationId, data: JSON.stringify({ ...message, url: "https://evil.example.com/" }) });
      await expect.poll(shown).toEqual([{ title: message.title, body: message.body, tag: `porthole-${message.session}`, data: { url: "/" } }]);
    });
  });

  it("turning notifications on in headless Chromium says why it cannot (no push service), and saves nothing", async () => {
    const page = await newPhonePage(browser);
    await page.context().grantPermissions(["notifications"], { origin: hub.url });
    await withScreenshotOnFailure(page, "push-account", async () => {
      await page.goto(`${hub.url}/signup`);
      await page.getByTestId("signup-email").fill("dora@example.com");
      await page.getByTestId("signup-name").fill("Dora");
      await page.getByTestId("signup-password").fill("dora has a long enough passphrase");
      await page.getByTestId("signup-submit").click();
      await page.getByTestId("header-user").filter({ hasText: "Dora" }).waitFor();
      await page.goto(`${hub.url}/account`);
      const toggle = page.getByTestId("notifications-toggle");
      await expect.poll(() => toggle.isEnabled()).toBe(true);
      await toggle.click();
      await page.getByTestId("notifications-error").waitFor({ timeout: 15_000 });
      expect(await page.getByTestId("notifications-error").textContent()).toMatch(/could not subscribe/);
      expect(await toggle.textContent()).toBe("Turn on for this device");
      expect(await page.evaluate(async () => (await (await fetch("/v1/push/subscriptions")).json()) as unknown)).toEqual({ subscriptions: [] });
    });
  });

  it("the session page reports visibility: no push while it is shown, one once it is hidden", async () => {
    const phone = push.subscribe();
    expect((await api(hub.url, "POST", "/v1/push/subscriptions", phone.json)).status).toBe(201);
    using host = await startTestHost(hub.url, { features: { chat: true, headless: false } });
    const page = await newPhonePage(browser);
    let n = 0;
    const approval = (): ChatEvent => ({ type: "permission_request", n: ++n, at: Date.now(), id: `p${n}`, tool: "Write", input: { file_path: "/tmp/x" }, options: ["allow_once", "deny"], alwaysLabel: "" });
    await withScreenshotOnFailure(page, "push-visibility", async () => {
      await page.goto(formatPairingUrl(host.currentLink()));
      await page.getByTestId("status").filter({ hasText: /live|connected/i }).waitFor({ timeout: 15_000 });
      await new Promise((resolve) => setTimeout(resolve, 300));
      host.host.chat(approval());
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(push.received.filter((r) => r.subscription === phone.id)).toHaveLength(0);

      await setPageVisible(page, false);
      await new Promise((resolve) => setTimeout(resolve, 300));
      host.host.chat(approval());
      await push.waitFor((all) => all.some((r) => r.subscription === phone.id), "a notification once the page is hidden");
      expect(JSON.parse(push.received.find((r) => r.subscription === phone.id)!.text!)).toMatchObject({ session: host.sessionId, reason: "approval" });
    });
  });
});
