// The chat view on a phone: `porthole run -- claude --permission-mode default` with the real Claude
// Code in a PTY, pointed at the scripted Messages API, driven from a 390 px wide Chromium through
// the Chat tab: a prompt and its reply (also at the desk), a Write allowed and one denied from
// approval cards, a message queued while an approval waits, and the chat after a page reload;
// headless, a picture and a file attached through the file input reach Claude Code.
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newPhonePage, saveScreenshot, withScreenshotOnFailure, type Browser, type Page } from "../fixtures/browser.js";
import { claudeBin, claudeEnv, makeClaudeHome } from "../fixtures/claudeHome.js";
import { lastUserText, startFakeAnthropic, type MessagesRequest, type Script } from "../fixtures/fakeAnthropic.js";
import { startPortholeRun } from "../support/portholeCli.js";

const apiKey = "sk-ant-porthole-chatview-0123456789abcdef";
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The tool_result blocks of a request's last user message. */
function toolResults(req: MessagesRequest): Array<Record<string, unknown>> {
  const last = [...req.messages].reverse().find((m) => m.role === "user");
  return Array.isArray(last?.content) ? last.content.filter((b) => b.type === "tool_result") : [];
}

/** A model that answers one question, writes the file it is asked for, and reports what the tool said. */
const model =
  (work: () => string): Script =>
  (req) => {
    const result = toolResults(req)[0];
    if (result !== undefined) return `Tool said: ${JSON.stringify(result.content)}`;
    const asked = lastUserText(req);
    const attached = /\.porthole\/attachments\/\S+-(notes\.txt)/.exec(asked)?.[1];
    if (attached !== undefined) return `Got ${attached}, and ${req.messages.some((m) => Array.isArray(m.content) && m.content.some((b) => b.type === "image")) ? "a picture" : "no picture"}.`;
    if (asked.includes("long story")) return { text: "Once upon a time…", delayMs: 60_000 };
    if (asked.includes("shed")) return { text: "One question first.", toolUse: { name: "AskUserQuestion", input: { questions: [{ question: "Which colour?", header: "Colour", multiSelect: false, options: [{ label: "Red", description: "warm" }, { label: "Blue", description: "cold" }] }] } } };
    if (asked.includes("capital")) return "The capital of Porthole is **Harbourtown**.\n\n```ts\nconst ferry = \"daily\"; // <b>not bold</b>\n```";
    const file = /Create (\S+\.txt)/.exec(asked)?.[1];
    if (file !== undefined) return { text: `Creating ${file}.`, toolUse: { name: "Write", input: { file_path: join(work(), file), content: `hello from the model\n` } } };
    return `You said: ${asked}`;
  };

const chatCount = (page: Page, testId: string) => page.getByTestId(testId).count();

async function send(page: Page, text: string): Promise<void> {
  await page.getByTestId("chat-input").fill(text);
  await page.getByTestId("chat-send").click();
}

describe("the chat view, driven from a phone", () => {
  it("prompts, approvals allowed and denied, a queued message, and a reload", async () => {
    const dir = await mkdtemp(join(tmpdir(), "porthole-chatview-"));
    let work = dir;
    await using fake = await startFakeAnthropic(model(() => work));
    await using home = await makeClaudeHome({ cwd: dir, apiKey });
    work = home.cwd;
    const env = claudeEnv({ home: home.home, baseUrl: fake.url, apiKey, path: `${dirname(claudeBin)}:${process.env.PATH ?? "/usr/bin:/bin"}` });
    await using cli = await startPortholeRun(["--", "claude", "--permission-mode", "default"], { env, cwd: work, cols: 100, rows: 30 });
    const page = await newPhonePage(browser);
    await withScreenshotOnFailure(page, "chat-phone", async () => {
      await page.goto(cli.link);
      await page.getByTestId("status").filter({ hasText: /live/i }).waitFor({ timeout: 20_000 });
      await page.getByTestId("tab-chat").click();
      await page.getByTestId("chat-view").waitFor();
      await cli.pty.waitForText(/❯/, 30_000);

      // 1. A prompt from the chat view: the reply shows in the chat, rendered, and at the desk.
      await send(page, "What is the capital of Porthole?");
      await page.getByTestId("chat-message-user").filter({ hasText: "What is the capital of Porthole?" }).waitFor({ timeout: 20_000 });
      const reply = page.getByTestId("chat-message-assistant").filter({ hasText: "Harbourtown" });
      await reply.waitFor({ timeout: 30_000 });
      expect(await reply.locator("strong").textContent()).toBe("Harbourtown");
      expect(await reply.locator("pre .tok-comment").textContent()).toBe("// <b>not bold</b>");
      await cli.pty.waitForText("Harbourtown", 10_000);
      await page.getByTestId("chat-turn-end").first().waitFor({ timeout: 20_000 });
      expect(await page.getByTestId("chat-turn-end").first().textContent()).toMatch(/^Done in .* tokens/);
      // The permission mode switches from the phone (Shift+Tab at the desk), and back.
      await page.getByTestId("chat-mode").selectOption("plan");
      await page.getByTestId("chat-notice").filter({ hasText: "Permission mode: plan" }).waitFor({ timeout: 10_000 });
      await page.getByTestId("chat-mode").selectOption("default");
      await expect.poll(() => page.getByTestId("chat-notice").filter({ hasText: "Permission mode: ask before edits" }).count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);

      // The agent asks a question (AskUserQuestion): its options on the phone, the answer reaches the model.
      await send(page, "Paint the shed please");
      const question = page.getByTestId("question-card").filter({ hasText: "Which colour?" });
      await question.and(page.locator('[data-state="waiting"]')).waitFor({ timeout: 30_000 });
      await question.locator('[data-testid="question-option"][data-label="Blue"]').click();
      await saveScreenshot(page, "chat-phone-question");
      await question.getByTestId("question-answer").click();
      await question.getByTestId("approval-outcome").filter({ hasText: "Answered from Porthole" }).waitFor({ timeout: 15_000 });
      await page.getByTestId("chat-message-assistant").filter({ hasText: "Blue" }).waitFor({ timeout: 30_000 });
      await expect.poll(() => chatCount(page, "chat-turn-end"), { timeout: 20_000 }).toBe(2);

      // 2. The model asks to Write a file: an approval card on the phone; Allow once → the file, the result, the diff.
      await send(page, "Create hello.txt please");
      const first = page.getByTestId("approval-card").filter({ hasText: "hello.txt" });
      await first.and(page.locator('[data-state="waiting"]')).waitFor({ timeout: 30_000 });
      await page.getByTestId("chat-activity").and(page.locator('[data-state="approval"]')).waitFor();
      await saveScreenshot(page, "chat-phone-approval");
      await first.getByTestId("approval-allow-once").click();
      await first.getByTestId("approval-outcome").and(page.locator('[data-outcome="allowed"][data-by="viewer"]')).waitFor({ timeout: 15_000 });
      await expect.poll(() => existsSync(join(work, "hello.txt")), { timeout: 15_000 }).toBe(true);
      expect(await readFile(join(work, "hello.txt"), "utf8")).toBe("hello from the model\n");
      const write = page.getByTestId("chat-tool-call").filter({ hasText: "hello.txt" });
      await write.getByTestId("chat-tool-status").and(page.locator('[data-status="done"]')).waitFor({ timeout: 15_000 });
      expect(await write.getByTestId("chat-tool-result").isVisible()).toBe(false); // folded by default
      await write.locator("summary").click();
      await write.getByTestId("chat-tool-result").waitFor({ state: "visible" });
      await page.getByTestId("chat-file-edit").filter({ hasText: "hello.txt" }).getByTestId("diff-line").filter({ hasText: "hello from the model" }).waitFor();
      await page.getByTestId("chat-message-assistant").filter({ hasText: "Tool said:" }).last().waitFor({ timeout: 20_000 });
      await expect.poll(() => chatCount(page, "chat-turn-end"), { timeout: 20_000 }).toBe(3);

      // 3. Second turn: a message sent while the approval waits is queued; Deny with a reason → no file, the model is told.
      await send(page, "Create second.txt please");
      const second = page.getByTestId("approval-card").filter({ hasText: "second.txt" });
      await second.and(page.locator('[data-state="waiting"]')).waitFor({ timeout: 30_000 });
      await send(page, "Thanks anyway");
      await page.getByTestId("chat-queued").filter({ hasText: "Thanks anyway" }).waitFor();
      await second.getByTestId("approval-reason").fill("Not in this folder, thanks");
      await second.getByTestId("approval-deny").click();
      await second.getByTestId("approval-outcome").and(page.locator('[data-outcome="denied"]')).waitFor({ timeout: 15_000 });
      expect(await second.getByTestId("approval-outcome").textContent()).toBe("Denied from Porthole: Not in this folder, thanks");
      const told = await fake.waitForRequest((req) => toolResults(req).some((b) => JSON.stringify(b.content).includes("Not in this folder")), 30_000);
      expect(toolResults(told)[0]).toMatchObject({ is_error: true });
      expect(existsSync(join(work, "second.txt"))).toBe(false);
      await page.getByTestId("chat-tool-call").filter({ hasText: "second.txt" }).getByTestId("chat-tool-status").and(page.locator('[data-status="error"]')).waitFor({ timeout: 15_000 });
      // The queued message went out once the agent was free, and got its answer.
      await page.getByTestId("chat-message-assistant").filter({ hasText: "You said: Thanks anyway" }).waitFor({ timeout: 30_000 });
      expect(await chatCount(page, "chat-queued")).toBe(0);
      await cli.pty.waitForText("You said: Thanks anyway", 10_000);

      // 4. The chat survives a reload: replayed from the hub, the Chat tab still chosen.
      await page.reload();
      await page.getByTestId("status").filter({ hasText: /live/i }).waitFor({ timeout: 20_000 });
      await page.getByTestId("chat-message-assistant").filter({ hasText: "You said: Thanks anyway" }).waitFor({ timeout: 15_000 });
      expect(await chatCount(page, "chat-message-user")).toBe(5);
      expect(await page.getByTestId("approval-outcome").evaluateAll((els) => els.map((el) => el.getAttribute("data-outcome")))).toEqual(["allowed", "allowed", "denied"]); // the question, the Write, the denied Write
      await page.getByTestId("chat-file-edit").first().scrollIntoViewIfNeeded();
      await saveScreenshot(page, "chat-phone");

      // 5. Answered at the desk first: the card on the phone says so.
      const mark = cli.pty.text().length;
      await send(page, "Create third.txt please");
      const third = page.getByTestId("approval-card").filter({ hasText: "third.txt" });
      await third.and(page.locator('[data-state="waiting"]')).waitFor({ timeout: 30_000 });
      await cli.pty.waitForText("Do you want to create", 20_000, mark);
      await new Promise((resolve) => setTimeout(resolve, 1000)); // The dialog takes keys a moment after it is drawn.
      cli.pty.write("1");
      await third.getByTestId("approval-outcome").and(page.locator('[data-by="desk"]')).waitFor({ timeout: 15_000 });
      expect(await third.getByTestId("approval-outcome").textContent()).toBe("Answered at the desk: allowed");
      await expect.poll(() => existsSync(join(work, "third.txt")), { timeout: 15_000 }).toBe(true);
      await expect.poll(() => chatCount(page, "chat-turn-end"), { timeout: 20_000 }).toBe(6);

      // 6. Interrupt stops a long turn.
      await send(page, "Tell me a long story");
      await page.getByTestId("chat-activity").and(page.locator('[data-state="working"]')).waitFor({ timeout: 20_000 });
      await page.getByTestId("chat-activity").filter({ hasText: /Working · \d/ }).waitFor({ timeout: 5_000 });
      await page.getByTestId("chat-interrupt").click();
      await page.getByTestId("chat-turn-end").filter({ hasText: "Interrupted" }).waitFor({ timeout: 20_000 });
      await page.getByTestId("chat-activity").and(page.locator('[data-state="idle"]')).waitFor({ timeout: 10_000 });

      // The same session's terminal is one tap away.
      await page.getByTestId("tab-terminal").click();
      await page.getByTestId("terminal").waitFor({ state: "visible" });
    });
    await page.context().close();
    await rm(dir, { recursive: true, force: true });
  }, 180_000);

  it("--headless: chat only, a picture and a file attached from the phone reach Claude, the Terminal tab says there is no terminal", async () => {
    const dir = await mkdtemp(join(tmpdir(), "porthole-chatview-headless-"));
    await using fake = await startFakeAnthropic(model(() => dir));
    await using home = await makeClaudeHome({ cwd: dir, apiKey });
    const env = claudeEnv({ home: home.home, baseUrl: fake.url, apiKey, path: `${dirname(claudeBin)}:${process.env.PATH ?? "/usr/bin:/bin"}` });
    await using cli = await startPortholeRun(["--headless", "--", "claude"], { env, cwd: home.cwd });
    const page = await newPhonePage(browser);
    await withScreenshotOnFailure(page, "chat-headless-phone", async () => {
      await page.goto(cli.link);
      await page.getByTestId("status").filter({ hasText: /live/i }).waitFor({ timeout: 20_000 });
      // Chat is the view a headless session opens on.
      await page.getByTestId("chat-view").waitFor({ state: "visible" });
      await send(page, "What is the capital of Porthole?");
      await page.getByTestId("chat-message-assistant").filter({ hasText: "Harbourtown" }).waitFor({ timeout: 30_000 });
      await page.getByTestId("chat-turn-end").filter({ hasText: "$" }).waitFor({ timeout: 20_000 });
      await cli.pty.waitForText("Harbourtown", 10_000);

      // A picture and a file through the composer's file input: listed, sent, saved, seen by Claude.
      const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
      await page.getByTestId("chat-attach-input").setInputFiles([
        { name: "dot.png", mimeType: "image/png", buffer: png },
        { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("phone notes\n") },
      ]);
      expect(await chatCount(page, "chat-attachment-pending")).toBe(2);
      await send(page, "Read the attached files");
      await page.getByTestId("chat-message-assistant").filter({ hasText: "Got notes.txt, and a picture." }).waitFor({ timeout: 30_000 });
      const sent = page.getByTestId("chat-message-user").filter({ hasText: "Read the attached files" });
      expect(await sent.getByTestId("chat-attachment").allTextContents()).toEqual([`dot.png${png.length} bytes`, "notes.txt12 bytes"]);
      expect(await sent.locator("img").getAttribute("src")).toMatch(/^data:image\/jpeg;base64,/);
      expect(await chatCount(page, "chat-attachment-pending")).toBe(0);
      const folder = join(home.cwd, ".porthole", "attachments");
      const saved = (await readdir(folder)).sort();
      expect(saved).toHaveLength(2);
      expect(await readFile(join(folder, saved.find((name) => name.endsWith("-notes.txt"))!), "utf8")).toBe("phone notes\n");
      await page.getByTestId("tab-terminal").click();
      await page.getByTestId("terminal-headless").waitFor({ state: "visible" });
      expect(await page.getByTestId("line-input").count()).toBe(0);
    });
    await page.context().close();
    await rm(dir, { recursive: true, force: true });
  }, 90_000);
});
