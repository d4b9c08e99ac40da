// The main path as a person uses it: `porthole run -- bash` at the desk (a real PTY), the pairing
// link opened in a phone-sized Chromium, typing on the phone, reading the screen.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
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

describe("porthole run -- bash, driven from a phone", () => {
  it("pairs from the link, types from the phone, shows the exit code; the hub never sees the plaintext", async () => {
    await using cli = await startPortholeRun(["--", "bash", "--norc", "--noprofile"], { env });
    const page = await newPhonePage(browser);
    const hubResponses: string[] = [];
    page.on("response", (response) => void response.text().then((t) => hubResponses.push(t), () => undefined));
    page.on("websocket", (ws) => ws.on("framereceived", (f) => hubResponses.push(typeof f.payload === "string" ? f.payload : f.payload.toString("latin1"))));
    await withScreenshotOnFailure(page, "terminal-bash", async () => {
      await page.goto(cli.link);
      await page.getByTestId("status").filter({ hasText: /live|connected/i }).waitFor({ timeout: 15_000 });
      // The desk and the phone both type.
      cli.pty.write("echo from-the-desk-$((40+2))\r");
      await waitForScreen(page, /from-the-desk-42/);
      const marker = `secret-marker-${Date.now().toString(36)}`;
      await page.getByTestId("line-input").fill(`echo ${marker} $((6*7))`);
      await page.getByTestId("line-send").click();
      await waitForScreen(page, new RegExp(`${marker} 42`));
      await cli.pty.waitForText(`${marker} 42`, 10_000);
      // The phone's key row sends what a phone keyboard lacks.
      await page.getByTestId("line-input").fill("sleep 30");
      await page.getByTestId("line-send").click();
      await page.getByTestId("key-ctrl-c").click();
      await cli.pty.waitForText(/\^C/, 10_000);
      await saveScreenshot(page, "terminal-bash-phone");

      // Nothing the hub stored, logged or sent to the browser holds the marker in plaintext.
      for (const name of readdirSync(cli.home, { recursive: true }) as string[]) {
        const path = join(cli.home, name);
        let content: Buffer;
        try {
          content = readFileSync(path);
        } catch {
          continue; // a directory
        }
        expect(content.includes(marker), `${name} holds the marker`).toBe(false);
      }
      expect(hubResponses.length).toBeGreaterThan(3);
      for (const body of hubResponses) expect(body.includes(marker)).toBe(false);

      await page.getByTestId("line-input").fill("exit 7");
      await page.getByTestId("line-send").click();
      await page.getByTestId("exit-code").filter({ hasText: "7" }).waitFor({ timeout: 15_000 });
      expect((await cli.pty.waitForExit(15_000)).exitCode).toBe(7);
    });
    await page.context().close();
  }, 90_000);
});
