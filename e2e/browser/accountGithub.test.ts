// "Log in with GitHub" in a real Chromium: a hub with GitHub set up shows the button, the whole
// OAuth round trip (against a small stand-in for GitHub) lands on /sessions logged in, and a
// cancelled login comes back to /login with a readable message.
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newPhonePage, saveScreenshot, withScreenshotOnFailure, type Browser } from "../fixtures/browser.js";
import { startTestHub, type TestHub } from "../support/testHub.js";

const webRoot = fileURLToPath(new URL("../../packages/web/dist", import.meta.url));

/** GitHub's authorize, token and user endpoints, just enough for the hub's client; `deny` cancels. */
async function startStandInGithub() {
  const codes = new Map<string, string>(); // code → PKCE challenge
  const state = { deny: false, user: { id: 583231, login: "octocat", name: "The Octocat" } };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://github");
    if (url.pathname === "/authorize") {
      const back = new URL(url.searchParams.get("redirect_uri") ?? "");
      back.searchParams.set("state", url.searchParams.get("state") ?? "");
      if (state.deny) back.searchParams.set("error", "access_denied");
      else {
        const code = randomBytes(10).toString("hex");
        codes.set(code, url.searchParams.get("code_challenge") ?? "");
        back.searchParams.set("code", code);
      }
      res.writeHead(302, { location: back.href }).end();
    } else if (url.pathname === "/token") {
      let body = "";
      req.on("data", (d: Buffer) => (body += d.toString()));
      req.on("end", () => {
        const form = new URLSearchParams(body);
        const challenge = codes.get(form.get("code") ?? "");
        const verified = challenge !== undefined && createHash("sha256").update(form.get("code_verifier") ?? "").digest("base64url") === challenge;
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(verified ? { access_token: "gho_standin" } : { error: "bad_verification_code" }));
      });
    } else if (url.pathname === "/user" && req.headers.authorization === "Bearer gho_standin") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(state.user));
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    state,
    github: { clientId: "Iv1.standin", clientSecret: "standin-secret", authorizeUrl: `${base}/authorize`, tokenUrl: `${base}/token`, userUrl: `${base}/user` },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let browser: Browser;
let github: Awaited<ReturnType<typeof startStandInGithub>>;
let hub: TestHub;
const keysDir = mkdtempSync(join(tmpdir(), "porthole-github-keys-"));

beforeAll(async () => {
  github = await startStandInGithub();
  hub = await startTestHub({ webRoot, logLevel: "warn", auth: { dataDir: keysDir, registration: "open", github: github.github } });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await hub?.[Symbol.asyncDispose]();
  await github?.close();
  rmSync(keysDir, { recursive: true, force: true });
});

describe("Log in with GitHub", () => {
  it("shows the button when the hub has GitHub, logs in through it, and explains a cancelled login", async () => {
    const page = await newPhonePage(browser);
    await withScreenshotOnFailure(page, "account-github", async () => {
      await page.goto(`${hub.url}/login`);
      await page.getByTestId("login-github").waitFor();
      await saveScreenshot(page, "account-login-github");
      await page.getByTestId("login-github").click();
      await page.waitForURL(/\/sessions$/);
      await page.getByTestId("header-user").filter({ hasText: "The Octocat" }).waitFor();
      await page.getByTestId("sessions-empty").waitFor();

      // A GitHub account has no e-mail or password here: the profile still saves.
      await page.goto(`${hub.url}/account`);
      expect(await page.getByTestId("profile-email").inputValue()).toBe("");
      expect(await page.getByTestId("password-current").count()).toBe(0);
      await page.getByTestId("profile-name").fill("Octo Cat");
      await page.getByTestId("profile-save").click();
      await page.getByTestId("profile-saved").waitFor();
      await page.getByTestId("header-user").filter({ hasText: "Octo Cat" }).waitFor();
    });
    await page.context().close();

    github.state.deny = true;
    const other = await newPhonePage(browser);
    await withScreenshotOnFailure(other, "account-github-denied", async () => {
      await other.goto(`${hub.url}/login`);
      await other.getByTestId("login-github").click();
      await other.waitForURL(/\/login\?error=github_denied$/);
      await other.getByTestId("login-github-error").filter({ hasText: "GitHub login was cancelled at GitHub." }).waitFor();
      await saveScreenshot(other, "account-login-github-denied");
    });
    await other.context().close();
  }, 60_000);
});
