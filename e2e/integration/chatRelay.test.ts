// Chat events through the real relay: a hub (SQLite), the CLI's HostSession and viewers speaking the
// protocol. Chat frames share the numbered, encrypted output stream with the terminal, so replay
// and snapshots carry them; viewers' chat commands reach the host, and refusals come back.
import type { ChatCommand, ChatEvent } from "@porthole/protocol";
import { describe, expect, it } from "vitest";
import { connectViewer } from "../support/nodeViewer.js";
import { startTestHost, startTestHub } from "../support/testHub.js";

const utf8 = (s: string) => new TextEncoder().encode(s);
const said = (n: number, text: string): ChatEvent => ({ type: "assistant_message", n, at: 1_700_000_000_000 + n, text });

describe("chat over the relay", () => {
  it("delivers chat events in order beside terminal output, replays them to a later viewer, and carries commands both ways", async () => {
    await using hub = await startTestHub();
    const commands: Array<{ command: ChatCommand; viewer: number }> = [];
    using host = await startTestHost(hub.url, {
      features: { chat: true, headless: false },
      onChatCommand: (command, viewer) => {
        commands.push({ command, viewer });
        if (command.type === "answer_permission") host.host.refuseChatCommand(viewer, command, "that permission request is no longer waiting");
      },
    });
    host.host.chat({ type: "user_message", n: 1, at: 1, text: "Hello" });
    host.host.output(utf8("terminal line\r\n"));
    host.host.chat(said(2, "Hi **there**"));
    const phone = connectViewer(host.link);
    await phone.waitUntil(() => phone.chat.length === 2, "two chat events");
    expect(phone.features).toEqual({ chat: true, headless: false });
    expect(phone.chat.map((e) => e.n)).toEqual([1, 2]);
    await phone.waitForText("terminal line");

    phone.client.sendChatCommand({ type: "send_message", text: "From the phone" });
    phone.client.sendChatCommand({ type: "answer_permission", id: "toolu_1", decision: "allow_once" });
    await phone.waitUntil(() => phone.chatRefusals.length === 1, "a refusal");
    expect(commands.map((c) => c.command)).toEqual([
      { type: "send_message", text: "From the phone" },
      { type: "answer_permission", id: "toolu_1", decision: "allow_once" },
    ]);
    expect(phone.chatRefusals[0]).toEqual({ command: "answer_permission", reason: "that permission request is no longer waiting" });

    // A second device (a page reload is the same) replays the whole chat from the hub's store.
    host.host.chat(said(3, "Later"));
    const laptop = connectViewer(host.currentLink());
    await laptop.waitUntil(() => laptop.chat.length === 3, "the replayed chat");
    await phone.waitUntil(() => phone.chat.length === 3, "the live event");
    expect(laptop.chat).toEqual(phone.chat);
    expect(laptop.chatResets).toBe(0);
    phone.close();
    laptop.close();
  });

  it("a viewer back after the replay buffer gets the latest chat in the snapshot, then live events", async () => {
    await using hub = await startTestHub({ replayBytes: 64 * 1024 });
    using host = await startTestHost(hub.url, { features: { chat: true, headless: false } });
    for (let n = 1; n <= 20; n++) host.host.chat(said(n, `message ${n}`));
    // Terminal output well past the hub's replay buffer pushes the chat frames out of it.
    for (let i = 0; i < 300; i++) host.host.output(utf8(`${"y".repeat(1000)}\r\n`));
    expect(await host.host.flushed(10_000)).toBe(true);
    const viewer = connectViewer(host.link, { keepText: false });
    await viewer.waitUntil(() => viewer.chatResets === 1, "a snapshot with the chat");
    expect(viewer.chat.map((e) => e.n)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    host.host.chat(said(21, "after the snapshot"));
    await viewer.waitUntil(() => viewer.chat.length === 21, "the live event after the snapshot");
    expect(viewer.chat.at(-1)).toEqual(said(21, "after the snapshot"));
    viewer.close();
  });

  it("a terminal-only session says it has no chat and refuses chat commands", async () => {
    await using hub = await startTestHub();
    const commands: ChatCommand[] = [];
    using host = await startTestHost(hub.url, { onChatCommand: (command) => commands.push(command) });
    const viewer = connectViewer(host.link);
    await viewer.waitForStatus("live");
    expect(viewer.features).toEqual({ chat: false, headless: false });
    viewer.client.sendChatCommand({ type: "interrupt" });
    await viewer.waitUntil(() => viewer.chatRefusals.length === 1, "a refusal");
    expect(viewer.chatRefusals[0]).toEqual({ command: "interrupt", reason: "this session has no chat view" });
    expect(commands).toEqual([]);
    viewer.close();
  });
});
