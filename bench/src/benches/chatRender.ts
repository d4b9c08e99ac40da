// Chat history in the browser: time from opening a session's link to its latest chat event on screen,
// and the page's JS heap after a full GC, for a 10,000-event session against a 100-event one; then
// the 10,000-event session paged all the way back by scrolling up. Headless Chromium (Debian's,
// driven by playwright-core) at phone size; the built web app served by an in-process hub.
import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import type { BenchContext } from "../support/context.js";
import { benchChatEvent, startChatBenchHub, stored, webDist, type ChatBenchHub } from "../support/chatSession.js";
import { mb, ms, ratio, type Row } from "../support/stats.js";

const CHROMIUM = "/usr/bin/chromium";
const RUNS = 3;

interface Opened {
  firstRenderMs: number;
  heapBytes: number;
  domNodes: number;
}

/** The latest event's text as the chat shows it (n % 4 == 0: a user message). */
const lastText = (events: number) => `question number ${events}:`;

async function heapAndNodes(page: Page): Promise<{ heapBytes: number; domNodes: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("HeapProfiler.collectGarbage");
  const heap = await cdp.send("Runtime.getHeapUsage");
  await cdp.send("Performance.enable");
  const metrics = await cdp.send("Performance.getMetrics");
  await cdp.detach();
  return { heapBytes: heap.usedSize, domNodes: metrics.metrics.find((m) => m.name === "Nodes")?.value ?? NaN };
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  return context.newPage();
}

/** Opens the link on a fresh phone and times it until the latest event shows. */
async function open(browser: Browser, link: string, events: number): Promise<Opened & { page: Page }> {
  const page = await newPage(browser);
  const started = performance.now();
  await page.goto(link);
  await page.getByText(lastText(events)).waitFor({ timeout: 60_000 });
  const firstRenderMs = performance.now() - started;
  return { firstRenderMs, ...(await heapAndNodes(page)), page };
}

/** Scrolls the chat to the top until the first event shows; returns how long that took. */
async function pageBack(page: Page): Promise<number> {
  const started = performance.now();
  const scroller = page.getByTestId("chat-scroll");
  for (;;) {
    if ((await page.getByTestId("chat-earlier").count()) === 0) break;
    if (performance.now() - started > 300_000) throw new Error("paging back took over 5 minutes");
    await scroller.evaluate((el) => (el.scrollTop = 0));
    await page.waitForTimeout(20);
  }
  return performance.now() - started;
}

async function fill(hub: ChatBenchHub, events: number) {
  const session = await hub.session(true);
  for (let n = 1; n <= events; n++) session.host.chat(benchChatEvent(n));
  await stored(session.host);
  return session;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function chatRenderBench(ctx: BenchContext): Promise<Row[]> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/ensure-test-deps.sh`);
  if (!existsSync(`${webDist}index.html`)) throw new Error(`the web app is not built (${webDist}): npm run build -w @porthole/web`);
  const hub = await startChatBenchHub(ctx.hubConfig);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu", "--enable-precise-memory-info"] });
  try {
    const sizes = [100, 10_000] as const;
    const results = new Map<number, Opened[]>();
    const sessions = new Map<number, Awaited<ReturnType<typeof fill>>>();
    for (const events of sizes) sessions.set(events, await fill(hub, events));
    for (let run = 0; run < RUNS; run++) {
      for (const events of sizes) {
        ctx.progress(`chat-render: opening a ${events}-event session, run ${run + 1} of ${RUNS}`);
        const { page, ...opened } = await open(browser, sessions.get(events)!.link(), events);
        results.set(events, [...(results.get(events) ?? []), opened]);
        await page.context().close();
      }
    }
    ctx.progress("chat-render: paging the 10,000-event session back to its first event");
    const big = await open(browser, sessions.get(10_000)!.link(), 10_000);
    const backMs = await pageBack(big.page);
    await big.page.getByText("question number 4:").waitFor({ timeout: 10_000 });
    const all = await heapAndNodes(big.page);
    await big.page.context().close();

    const small = results.get(100)!;
    const large = results.get(10_000)!;
    const first = (list: Opened[]) => median(list.map((o) => o.firstRenderMs));
    const heap = (list: Opened[]) => median(list.map((o) => o.heapBytes));
    const nodes = (list: Opened[]) => median(list.map((o) => o.domNodes));
    return [
      { bench: "chat-render", figure: "first render, 10,000 events (median of 3)", value: ms(first(large)), floor: ms(first(small)), ratio: ratio(first(large) / first(small)), target: "", met: undefined, note: "floor: the same for a 100-event session; link opened → latest event on screen (pairing included)" },
      { bench: "chat-render", figure: "JS heap after GC, 10,000 events", value: mb(heap(large)), floor: mb(heap(small)), ratio: ratio(heap(large) / heap(small)), target: "", met: undefined, note: `DOM nodes ${nodes(large)} against ${nodes(small)}` },
      { bench: "chat-render", figure: "paging back to event 1 (99 pages)", value: ms(backMs), floor: "", ratio: "", target: "", met: undefined, note: `scrolling up; then JS heap ${mb(all.heapBytes)}, DOM nodes ${all.domNodes}` },
    ];
  } finally {
    await browser.close();
    await hub.close();
  }
}
