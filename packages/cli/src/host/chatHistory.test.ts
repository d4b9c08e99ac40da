import { chatEventSchema, type ChatEvent } from "@porthole/protocol";
import { describe, expect, it } from "vitest";
import { ChatHistory, fitChatEvent } from "./chatHistory.js";

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
const message = (n: number, text = "hello"): ChatEvent => ({ type: "assistant_message", n, at: n, text });

describe("fitChatEvent", () => {
  it("leaves small events alone", () => {
    const event = message(1);
    expect(fitChatEvent(event)).toBe(event);
  });

  it("cuts a huge tool output to fit, keeping its id and saying how much was left out", () => {
    const event: ChatEvent = { type: "tool_result", n: 3, at: 9, id: "toolu_1", output: "é".repeat(300_000), isError: false };
    const fitted = fitChatEvent(event, 64 * 1024);
    expect(bytes(fitted)).toBeLessThanOrEqual(64 * 1024);
    expect(fitted).toMatchObject({ type: "tool_result", n: 3, at: 9, id: "toolu_1", isError: false, output: expect.stringMatching(/more characters not shown\]$/) });
    expect(chatEventSchema.parse(fitted)).toEqual(fitted);
  });

  it("drops a permission request's input when nothing else fits, but keeps it answerable", () => {
    const input = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`key${i}`, "x".repeat(50)]));
    const event: ChatEvent = { type: "permission_request", n: 2, at: 1, id: "toolu_9", tool: "Write", input, options: ["allow_once", "deny"], alwaysLabel: "Allow" };
    const fitted = fitChatEvent(event, 8 * 1024);
    expect(bytes(fitted)).toBeLessThanOrEqual(8 * 1024);
    expect(fitted).toMatchObject({ type: "permission_request", id: "toolu_9", tool: "Write", input: { note: "too large to show" }, options: ["allow_once", "deny"] });
  });
});

describe("ChatHistory", () => {
  it("keeps the latest events within its bounds and hands out those up to a sequence number", () => {
    const history = new ChatHistory(3, 10_000);
    for (let n = 1; n <= 5; n++) history.add(n * 10, message(n));
    expect(history.upTo(100, 10_000).map((e) => e.n)).toEqual([3, 4, 5]);
    expect(history.upTo(40, 10_000).map((e) => e.n)).toEqual([3, 4]);
    expect(history.upTo(100, bytes(message(5)) * 2 + 4).map((e) => e.n)).toEqual([4, 5]);
    expect(history.upTo(100, 1)).toEqual([]);
  });

  it("drops the oldest events past its byte bound", () => {
    const history = new ChatHistory(100, 1000);
    for (let n = 1; n <= 10; n++) history.add(n, message(n, "x".repeat(200)));
    const kept = history.upTo(10, 100_000);
    expect(kept.at(-1)?.n).toBe(10);
    expect(bytes(kept)).toBeLessThanOrEqual(1000 + kept.length);
    expect(kept.length).toBeLessThan(10);
  });

  it("pages backward by event number: the latest events before a given one, and whether older ones remain", () => {
    const history = new ChatHistory();
    for (let n = 1; n <= 10_000; n++) history.add(n + 5, message(n));
    expect(history.size).toBe(10_000);
    expect(history.upTo(Infinity, 1_000_000, 100).map((e) => e.n)).toEqual(Array.from({ length: 100 }, (_, i) => 9901 + i));
    const page = history.page(9901, 100, 1_000_000);
    expect(page.events.map((e) => e.n)).toEqual(Array.from({ length: 100 }, (_, i) => 9801 + i));
    expect(page.more).toBe(true);
    expect(history.page(51, 100, 1_000_000)).toEqual({ events: Array.from({ length: 50 }, (_, i) => message(i + 1)), more: false });
    expect(history.page(1, 100, 1_000_000)).toEqual({ events: [], more: false });
    // A small byte budget gives fewer events, and says more remain.
    const small = history.page(9901, 100, bytes(message(9900)) * 3 + 5);
    expect(small.events.map((e) => e.n)).toEqual([9898, 9899, 9900]);
    expect(small.more).toBe(true);
    // Far past the end: the latest page.
    expect(history.page(Number.MAX_SAFE_INTEGER, 2, 1_000_000).events.map((e) => e.n)).toEqual([9999, 10_000]);
  });

  it("says nothing older remains once the oldest events were dropped", () => {
    const history = new ChatHistory(5000, 64 * 1024 * 1024);
    for (let n = 1; n <= 12_000; n++) history.add(n, message(n));
    expect(history.size).toBe(5000);
    expect(history.page(7002, 100, 1_000_000)).toEqual({ events: [message(7001)], more: false });
    expect(history.page(7001, 100, 1_000_000)).toEqual({ events: [], more: false });
  });
});
