// The product's main job: `porthole run -- claude` with the real Claude Code CLI, pointed at a
// scripted local Messages API server; a prompt typed on the phone gets the model's reply on screen.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newPhonePage, saveScreenshot, withScreenshotOnFailure, type Browser } from "../fixtures/browser.js";
import { claudeBin, claudeEnv, makeClaudeHome } from "../fixtures/claudeHome.js";
import { lastUserText, startFakeAnthropic } from "../fixtures/fakeAnthropic.js";
import { startPortholeRun } from "../support/portholeCli.js";
import { waitForScreen } from "../support/screen.js";

const apiKey = "sk-ant-porthole-e2e-0123456789abcdefghijkl";
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("porthole run -- claude, driven from a phone", () => {
  it("sends a prompt typed on the phone and shows the model's reply, readable by a screen reader", async () => {
    const work = await mkdtemp(join(tmpdir(), "porthole-claude-work-"));
    await using fake = await startFakeAnthropic((req) =>
      lastUserText(req).includes("capital of Porthole") ? "The capital of Porthole is Harbourtown, reached by ferry." : "I only know about Porthole.",
    );
    await using home = await makeClaudeHome({ cwd: work, apiKey });
    const env = claudeEnv({ home: home.home, baseUrl: fake.url, apiKey, path: `${dirname(claudeBin)}:${process.env.PATH ?? "/usr/bin:/bin"}` });
    await using cli = await startPortholeRun(["--", "claude"], { env, cwd: work, cols: 100, rows: 30 });
    const page = await newPhonePage(browser);
    await withScreenshotOnFailure(page, "claude-phone", async () => {
      await page.goto(cli.link);
      await page.getByTestId("status").filter({ hasText: /live|connected/i }).waitFor({ timeout: 20_000 });
      // Claude Code's prompt is up at the desk before the phone types.
      await cli.pty.waitForText(/❯/, 30_000);
      await page.getByTestId("line-input").fill("What is the capital of Porthole?");
      await page.getByTestId("line-send").click();
      await waitForScreen(page, /Harbourtown/, 45_000);
      await cli.pty.waitForText("Harbourtown", 10_000);
      expect(fake.findRequest("capital of Porthole")).toBeDefined();
      await saveScreenshot(page, "claude-phone");
      // Ctrl-C twice from the phone's key row ends Claude Code; the phone sees it end.
      await page.getByTestId("key-ctrl-c").click();
      await page.waitForTimeout(300);
      await page.getByTestId("key-ctrl-c").click();
      await page.getByTestId("status").filter({ hasText: /ended/i }).waitFor({ timeout: 20_000 });
      expect((await cli.pty.waitForExit(20_000)).exitCode).toBe(0);
    });
    await page.context().close();
    await rm(work, { recursive: true, force: true });
  }, 120_000);
});
