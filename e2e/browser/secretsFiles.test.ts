// The Anthropic key on the account page and a session's files page, in a real Chromium against a hub
// whose key checks go to the scripted fake Anthropic API (fixtures/fakeAnthropic.ts: GET /v1/models
// accepts one key, 401 otherwise) and whose sessions get a temporary workspace each. The key never
// comes back to the page.
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createHub, type Hub } from "@porthole/hub";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeAnthropic, type FakeAnthropic } from "../fixtures/fakeAnthropic.js";
import { launchBrowser, newPhonePage, saveScreenshot, withScreenshotOnFailure, type Browser } from "../fixtures/browser.js";

/** The built web app (npm run build); PORTHOLE_TEST_WEB_ROOT points at another build. */
const webRoot = process.env.PORTHOLE_TEST_WEB_ROOT ?? fileURLToPath(new URL("../../packages/web/dist", import.meta.url));
const goodKey = `sk-ant-api03-browser-${randomBytes(16).toString("hex")}`;
const dir = mkdtempSync(join(tmpdir(), "porthole-secrets-files-"));
const workspaces = new Map<string, string>();
let fake: FakeAnthropic;
let hub: Hub;
let hubUrl: string;
let browser: Browser;

beforeAll(async () => {
  fake = await startFakeAnthropic(() => ({ text: "unused" }), { validKeys: [goodKey] });
  hub = await createHub(
    {
      host: "127.0.0.1",
      port: 0,
      sqliteFile: join(dir, "hub.db"),
      ownerToken: "secrets-files-owner-token-0123456789",
      auth: { dataDir: dir, registration: "open" },
      secrets: { anthropicBaseUrl: fake.url },
      webRoot,
    },
    { logger: pino({ level: "silent" }), workspaceOf: (s) => workspaces.get(s.id) },
  );
  hubUrl = (await hub.listen()).url;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await hub?.close();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("Anthropic key and session files in the browser", () => {
  it("sets the key (a refused one first), then uploads, lists, downloads and deletes a session file", async () => {
    const page = await newPhonePage(browser);
    await withScreenshotOnFailure(page, "secrets-files", async () => {
      await page.goto(`${hubUrl}/signup`);
      await page.getByTestId("signup-email").fill(`files${randomBytes(4).toString("hex")}@example.test`);
      await page.getByTestId("signup-name").fill("Files");
      await page.getByTestId("signup-password").fill("files horse battery staple");
      await page.getByTestId("signup-submit").click();
      await page.waitForURL(/\/sessions$/);

      await page.goto(`${hubUrl}/account`);
      await page.locator('[data-testid="anthropic-key-status"][data-set="false"]').waitFor();
      await page.getByTestId("anthropic-key-input").fill(`sk-ant-api03-refused-${randomBytes(8).toString("hex")}`);
      await page.getByTestId("anthropic-key-save").click();
      await page.getByTestId("anthropic-key-error").filter({ hasText: "the Anthropic API refused this key" }).waitFor();
      await page.getByTestId("anthropic-key-input").fill(goodKey);
      await page.getByTestId("anthropic-key-save").click();
      await page.getByTestId("anthropic-key-saved").waitFor();
      expect(fake.calls.filter((c) => c.kind === "models")).toHaveLength(2);
      await page.locator('[data-testid="anthropic-key-status"][data-set="true"]').waitFor();
      expect(await page.getByTestId("anthropic-key-input").inputValue()).toBe("");
      expect(await page.content()).not.toContain(goodKey);
      await saveScreenshot(page, "account-anthropic-key");

      // A session of this user with a workspace on the hub.
      const sessionId = await page.evaluate(async () => {
        const csrf = /(?:^|; )(?:__Host-)?porthole_csrf=([^;]+)/.exec(document.cookie)?.[1] ?? "";
        const res = await fetch("/v1/sessions", { method: "POST", headers: { "content-type": "application/json", "x-csrf-token": csrf }, body: JSON.stringify({ command: "bash", cols: 80, rows: 24, joinVerifier: "0".repeat(64) }) });
        return ((await res.json()) as { session: { id: string } }).session.id;
      });
      const ws = join(dir, `ws-${sessionId}`);
      mkdirSync(ws);
      workspaces.set(sessionId, ws);

      await page.goto(`${hubUrl}/sessions`);
      await page.locator(`[data-session-id="${sessionId}"] [data-testid="session-files"]`).click();
      await page.waitForURL(/\/files\?session=/);
      await page.getByTestId("files-empty").waitFor();
      await page.getByTestId("files-upload").setInputFiles({ name: "question.md", mimeType: "text/markdown", buffer: Buffer.from("What is in this file?\n") });
      await page.getByTestId("files-uploaded").filter({ hasText: "question.md" }).waitFor();
      await page.locator('[data-testid="files-row"][data-name="question.md"]').waitFor();
      expect(readFileSync(join(ws, "question.md"), "utf8")).toBe("What is in this file?\n");

      await page.getByTestId("files-upload").setInputFiles({ name: "install.sh", mimeType: "text/x-sh", buffer: Buffer.from("echo hi\n") });
      await page.getByTestId("files-upload-error").filter({ hasText: ".sh files are refused" }).waitFor();
      expect(existsSync(join(ws, "install.sh"))).toBe(false);
      await saveScreenshot(page, "session-files");

      const href = await page.getByTestId("files-download").getAttribute("href");
      expect(await page.evaluate(async (h) => (await fetch(h!)).text(), href)).toBe("What is in this file?\n");

      await page.getByTestId("files-delete").click();
      await page.getByTestId("files-delete-confirm").click();
      await page.getByTestId("files-empty").waitFor();
      expect(existsSync(join(ws, "question.md"))).toBe(false);
    });
  });
});
