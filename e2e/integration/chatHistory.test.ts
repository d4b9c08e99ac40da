// Chat history through the real relay: a viewer that loads the page opens on the latest chat page
// (from the host, end-to-end encrypted) and pages backward; the chat survives a hub restart and a
// reload. The hub only ever holds ciphertext.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHub, type Hub } from "@porthole/hub";
import { CHAT_PAGE_EVENTS, type ChatEvent } from "@porthole/protocol";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { connectViewer, type NodeViewer } from "../support/nodeViewer.js";
import { freePort } from "../support/portholeServe.js";
import { OWNER_TOKEN, startTestHost, startTestHub } from "../support/testHub.js";

const utf8 = (s: string) => new TextEncoder().encode(s);

/** A mix of what a long Claude session says: messages, tool calls and their results. */
function event(n: number): ChatEvent {
  const at = 1_700_000_000_000 + n;
  switch (n % 4) {
    case 0:
      return { type: "user_message", n, at, text: `question number ${n}` };
    case 1:
      return { type: "assistant_message", n, at, text: `answer number ${n} with some **markdown**` };
    case 2:
      return { type: "tool_call", n, at, id: `toolu_${n}`, name: "Read", input: { file_path: `/work/file-${n}.ts` } };
    default:
      return { type: "tool_result", n, at, id: `toolu_${n - 1}`, output: `contents of file ${n - 1}`, isError: false };
  }
}

/** Pages back from the oldest event shown until the host says nothing older remains. */
async function pageToStart(viewer: NodeViewer): Promise<number> {
  let pages = 0;
  for (;;) {
    const last = viewer.chatPages.at(-1);
    if (last !== undefined && !last.more) return pages;
    const asked = viewer.chatPages.length;
    expect(viewer.client.requestChatPage(viewer.chat[0]!.n)).toBe(true);
    await viewer.waitUntil(() => viewer.chatPages.length > asked, `chat page ${asked + 1}`);
    pages++;
  }
}

const numbers = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("chat history", () => {
  it("a 10,000-event session opens on its latest page and pages back to the first event", async () => {
    await using hub = await startTestHub();
    using host = await startTestHost(hub.url, { features: { chat: true, headless: false } });
    for (let n = 1; n <= 10_000; n++) {
      host.host.chat(event(n));
      if (n % 1000 === 0) host.host.output(utf8(`progress ${n}\r\n`));
    }
    expect(await host.host.flushed(30_000)).toBe(true);

    const started = performance.now();
    const phone = connectViewer(host.link, { latestFirst: true, keepText: false });
    await phone.waitUntil(() => phone.chatResets === 1, "the latest chat page in a snapshot");
    const openMs = performance.now() - started;
    expect(phone.chat.map((e) => e.n)).toEqual(numbers(10_001 - CHAT_PAGE_EVENTS, 10_000));
    expect(openMs).toBeLessThan(3000);

    const pages = await pageToStart(phone);
    expect(pages).toBe(10_000 / CHAT_PAGE_EVENTS - 1);
    expect(phone.chat).toEqual(numbers(1, 10_000).map(event));
    // Live events still arrive after paging.
    host.host.chat(event(10_001));
    await phone.waitUntil(() => phone.chat.length === 10_001, "the live event");

    // The hub's store holds only ciphertext: no chat text in the database file.
    const db = readFileSync(join(hub.dir, "hub.db"));
    expect(db.includes(Buffer.from("answer number 9997"))).toBe(false);
    phone.close();
  }, 60_000);

  it("the chat survives a hub restart and a reload", async () => {
    const dir = mkdtempSync(join(tmpdir(), "porthole-chat-restart-"));
    const port = await freePort();
    const startHub = async (): Promise<Hub> => {
      const hub = await createHub({ host: "127.0.0.1", port, sqliteFile: join(dir, "hub.db"), ownerToken: OWNER_TOKEN }, { logger: pino({ level: "silent" }) });
      await hub.listen();
      return hub;
    };
    let hub = await startHub();
    try {
      const url = `http://127.0.0.1:${port}`;
      using host = await startTestHost(url, { features: { chat: true, headless: false } });
      for (let n = 1; n <= 200; n++) host.host.chat(event(n));
      const phone = connectViewer(host.link, { latestFirst: true, keepText: false });
      await phone.waitUntil(() => phone.chat.at(-1)?.n === 200, "the chat before the restart");

      await hub.close();
      await phone.waitForStatus("reconnecting");
      for (let n = 201; n <= 250; n++) host.host.chat(event(n)); // the agent goes on during the outage
      hub = await startHub();
      await phone.waitUntil(() => phone.chat.at(-1)?.n === 250, "the chat written during the outage", 20_000);
      expect(phone.chat.map((e) => e.n)).toEqual(numbers(250 - phone.chat.length + 1, 250)); // in order, each once

      // A reload: the same device, nothing shown yet; it resumes without the pairing secret.
      phone.close();
      const reloaded = connectViewer({ ...host.link, pairingSecret: undefined }, { devices: phone.devices, latestFirst: true, keepText: false });
      await reloaded.waitUntil(() => reloaded.chatResets === 1, "the latest page after the reload", 20_000);
      expect(reloaded.chat.map((e) => e.n)).toEqual(numbers(251 - CHAT_PAGE_EVENTS, 250));
      await pageToStart(reloaded);
      expect(reloaded.chat).toEqual(numbers(1, 250).map(event));
      reloaded.close();
    } finally {
      await hub.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
