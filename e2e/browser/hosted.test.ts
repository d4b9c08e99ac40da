// Hosted sessions in a real Chromium: sign up, press "New session" for a sandboxed shell on the hub,
// type into it and see the output; then hosted Claude Code against the scripted Messages API.
import { chmodSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createHub, type Hub } from "@porthole/hub";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newPhonePage, saveScreenshot, withScreenshotOnFailure, type Browser, type Page } from "../fixtures/browser.js";
import { claudeBin } from "../fixtures/claudeHome.js";
import { lastUserText, startFakeAnthropic, type FakeAnthropic } from "../fixtures/fakeAnthropic.js";
import { portholeBin } from "../support/portholeCli.js";
import { OWNER_TOKEN } from "../support/testHub.js";
import { waitForScreen } from "../support/screen.js";

const webRoot = fileURLToPath(new URL("../../packages/web/dist", import.meta.url));
const claudeExe = realpathSync(claudeBin);
const dir = mkdtempSync(join(tmpdir(), "porthole-hosted-web-"));
chmodSync(dir, 0o711);
let browser: Browser;
let hub: Hub;
let url: string;
let fake: FakeAnthropic;

beforeAll(async () => {
  fake = await startFakeAnthropic((req) => (lastUserText(req).includes("capital of Porthole") ? "The capital of Porthole is Harbourtown." : "I only know about Porthole."));
  hub = await createHub(
    {
      host: "127.0.0.1",
      port: 0,
      sqliteFile: join(dir, "hub.db"),
      ownerToken: OWNER_TOKEN,
      webRoot,
      auth: { dataDir: dir, registration: "open" },
      hosted: {
        cliEntry: portholeBin,
        workspacesDir: join(dir, "workspaces"),
        runnersDir: join(dir, "runners"),
        env: { ANTHROPIC_BASE_URL: fake.url, ANTHROPIC_API_KEY: "sk-ant-porthole-hosted-0123456789abcdef" },
        agents: {
          shell: { command: ["/bin/bash", "-i"] },
          claude: { command: [claudeExe], network: true, kind: "claude", memoryMb: 1024, readOnlyPaths: [dirname(dirname(claudeExe))] },
        },
      },
    },
    { logger: pino({ level: "silent" }) },
  );
  url = (await hub.listen()).url;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await hub?.close();
  await fake?.[Symbol.asyncDispose]();
  rmSync(dir, { recursive: true, force: true });
});

async function signUp(page: Page, email: string): Promise<void> {
  await page.goto(`${url}/signup`);
  await page.getByTestId("signup-email").fill(email);
  await page.getByTestId("signup-name").fill("Hosted Tester");
  await page.getByTestId("signup-password").fill("a long enough passphrase for hosting");
  await page.getByTestId("signup-submit").click();
  await page.waitForURL(/\/sessions$/);
}

async function startHosted(page: Page, agent: string, project: string): Promise<void> {
  await page.getByTestId("hosted-new").waitFor();
  await page.getByTestId("hosted-agent").selectOption(agent);
  await page.getByTestId("hosted-project").fill(project);
  await page.getByTestId("hosted-start").click();
  await page.waitForURL(/\/s\/[A-Za-z0-9_-]+#k=/, { timeout: 30_000 });
  // The session's host is a Node process of its own (porthole run) that starts after the link is
  // handed out: on a loaded machine (CI runs every test file at once) it can take a while to attach.
  await page.getByTestId("status").filter({ hasText: /live|connected/i }).waitFor({ timeout: 45_000 });
}

describe("hosted sessions in the browser", () => {
  it("starts a sandboxed shell from the sessions page, types into it and sees the output", async () => {
    const page = await newPhonePage(browser);
    await withScreenshotOnFailure(page, "hosted-shell", async () => {
      await signUp(page, "shell@example.com");
      await saveScreenshot(page, "hosted-new-session");
      await startHosted(page, "shell", "web-demo");
      await page.getByTestId("line-input").fill("echo hosted-web-$((6*7)); ls /root 2>&1 | head -1");
      await page.getByTestId("line-send").click();
      await waitForScreen(page, /hosted-web-42/, 15_000);
      await waitForScreen(page, /No such file or directory/, 5_000);
      await saveScreenshot(page, "hosted-shell");
      await page.getByTestId("line-input").fill("exit 3");
      await page.getByTestId("line-send").click();
      await page.getByTestId("exit-code").filter({ hasText: "3" }).waitFor({ timeout: 15_000 });
    });
    await page.context().close();
  }, 90_000);

  it("starts hosted Claude Code and gets the model's answer", async () => {
    const page = await newPhonePage(browser);
    await withScreenshotOnFailure(page, "hosted-claude", async () => {
      await signUp(page, "claude@example.com");
      await startHosted(page, "claude", "ask");
      await waitForScreen(page, /❯/, 40_000);
      await page.getByTestId("line-input").fill("What is the capital of Porthole?");
      await page.getByTestId("line-send").click();
      await waitForScreen(page, /Harbourtown/, 45_000);
      expect(fake.findRequest("capital of Porthole")).toBeDefined();
      await saveScreenshot(page, "hosted-claude");
    });
    await page.context().close();
  }, 120_000);
});
