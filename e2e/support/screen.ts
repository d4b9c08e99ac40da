// Reading the web app's terminal the way a screen reader does: through xterm's accessibility tree.
import type { Page } from "playwright-core";

/** Waits until the terminal's text, as a screen reader gets it, matches. */
export async function waitForScreen(page: Page, pattern: RegExp, timeoutMs = 15_000): Promise<void> {
  await page.waitForFunction(
    ([source, flags]) => new RegExp(source!, flags).test(document.querySelector(".xterm-accessibility-tree")?.textContent ?? ""),
    [pattern.source, pattern.flags],
    { timeout: timeoutMs },
  );
}
