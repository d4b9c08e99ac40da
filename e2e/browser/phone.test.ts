// What a phone needs: the key row edits the command line, the line box sends whole commands, the
// terminal scrolls back while the keyboard is open, a reload resumes without a new scan, and the
// home page remembers the session.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newPhonePage, saveScreenshot, withScreenshotOnFailure, type Browser } from "../fixtures/browser.js";
import { startPortholeRun } from "../support/portholeCli.js";
import { waitForScreen } from "../support/screen.js";

const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", TERM: "xterm-256color", LANG: "C.UTF-8", HOME: process.env.HOME ?? "/root", PS1: "desk$ " };
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("on a phone", () => {
  it("edits with the key row, scrolls back with the keyboard open, resumes after a reload", async () => {
    await using cli = await startPortholeRun(["--", "bash", "--norc", "--noprofile"], { env });
    const page = await newPhonePage(browser);
    await withScreenshotOnFailure(page, "phone-keys", async () => {
      await page.goto(cli.link);
      await page.getByTestId("status").filter({ hasText: /live/i }).waitFor({ timeout: 15_000 });
      // The spent secret leaves the address bar once pairing worked; the host key stays.
      await page.waitForFunction(() => !location.hash.includes("p="));
      expect(new URL(page.url()).hash).toMatch(/k=/);

      // Type a command without Enter, move the cursor with the arrow keys, insert, then Enter.
      cli.pty.write("echo hello");
      await waitForScreen(page, /echo hello/);
      for (let i = 0; i < 3; i++) await page.getByTestId("key-left").click();
      cli.pty.write("X");
      await page.getByTestId("key-enter").click();
      await waitForScreen(page, /heXllo/);
      // Up arrow recalls the last command.
      await page.getByTestId("key-up").click();
      await page.getByTestId("key-enter").click();
      await page.waitForFunction(() => (document.querySelector(".xterm-accessibility-tree")?.textContent?.match(/heXllo/g) ?? []).length >= 4);

      // Fill the scrollback, open the keyboard (a shorter visual viewport), scroll back to the top.
      await page.getByTestId("line-input").fill("for i in $(seq 1 300); do echo scroll-line-$i; done");
      await page.getByTestId("line-send").click();
      await waitForScreen(page, /scroll-line-300/);
      await page.getByTestId("line-input").focus();
      await page.setViewportSize({ width: 390, height: 420 });
      const box = await page.getByTestId("terminal").boundingBox();
      expect(box && box.height > 100, "the terminal stays visible with the keyboard open").toBe(true);
      // The rows on screen show the end of the output; a swipe down (wheel up) brings back the start.
      const rows = () => page.locator(".xterm-rows").textContent();
      expect(await rows()).not.toMatch(/scroll-line-1(?!\d)/);
      await page.getByTestId("terminal").hover();
      for (let i = 0; i < 200 && !/scroll-line-1(?!\d)/.test((await rows()) ?? ""); i++) await page.mouse.wheel(0, -600);
      expect(await rows()).toMatch(/scroll-line-1(?!\d)/);
      await saveScreenshot(page, "phone-scrolled-back");
      await page.setViewportSize({ width: 390, height: 844 });

      // A reload (or reopening the link later) resumes without the pairing secret.
      await page.reload();
      await page.getByTestId("status").filter({ hasText: /live/i }).waitFor({ timeout: 15_000 });
      await waitForScreen(page, /scroll-line-300/);
      await page.goto(new URL(cli.link).origin + "/");
      await page.getByTestId("session-list").locator("a").first().click();
      await page.getByTestId("status").filter({ hasText: /live/i }).waitFor({ timeout: 15_000 });
    });
    await page.context().close();
  }, 90_000);
});
