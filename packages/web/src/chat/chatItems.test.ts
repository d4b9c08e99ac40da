import type { ChatEvent } from "@porthole/protocol";
import { describe, expect, it } from "vitest";
import { activity, appendEvents, chatItems, emptyChat, prependEvents } from "./chatItems.js";
import { resolutionText, toolSummary, turnSummary } from "./chatFormat.js";

let n = 0;
const e = <T extends ChatEvent["type"]>(body: Omit<Extract<ChatEvent, { type: T }>, "n" | "at"> & { type: T }): ChatEvent => ({ ...body, n: ++n, at: 1000 * n }) as ChatEvent;

describe("chat items", () => {
  it("pairs tool calls with results, approvals with their latest resolution, and tracks activity", () => {
    n = 0;
    const events = [
      e({ type: "turn_start" }),
      e({ type: "status", state: "working" }),
      e({ type: "user_message", text: "Create hello.txt" }),
      e({ type: "tool_call", id: "t1", name: "Write", input: { file_path: "/w/hello.txt", content: "hi" } }),
      e({ type: "permission_request", id: "t1", tool: "Write", input: {}, options: ["allow_once", "deny"], alwaysLabel: "" }),
    ];
    expect(activity(events)).toMatchObject({ working: true, since: 1000, waitingApprovals: ["t1"], lastTurnStartN: 1, lastN: 5 });
    const later = [
      ...events,
      e({ type: "permission_resolved", id: "t1", outcome: "denied", by: "viewer" }),
      e({ type: "permission_resolved", id: "t1", outcome: "allowed", by: "desk", reason: "answered at the desk first" }),
      e({ type: "tool_result", id: "t1", output: "ok", isError: false }),
      e({ type: "tool_result", id: "unknown", output: "?", isError: true }),
      e({ type: "turn_end", interrupted: false, durationMs: 3200, inputTokens: 1234, outputTokens: 56, costUsd: 0.0123 }),
      e({ type: "status", state: "idle" }),
      e({ type: "notification", kind: "permission_prompt", text: "Claude needs your permission" }),
      e({ type: "error", message: "overloaded" }),
    ];
    const items = chatItems(later);
    expect(items.map((i) => i.kind)).toEqual(["message", "tool", "approval", "orphan_result", "turn_end", "notice"]);
    expect(items[1]).toMatchObject({ kind: "tool", result: { output: "ok" } });
    expect(items[2]).toMatchObject({ kind: "approval", resolution: { outcome: "allowed", by: "desk" } });
    expect(activity(later)).toMatchObject({ working: false, since: undefined, waitingApprovals: [] });
  });

  it("appends only events it has not seen", () => {
    n = 0;
    const [a, b, c] = [e({ type: "user_message", text: "a" }), e({ type: "user_message", text: "b" }), e({ type: "user_message", text: "c" })];
    const log = appendEvents(appendEvents(emptyChat, [a!, b!]), [a!, b!, c!]);
    expect(log.events.map((x) => x.n)).toEqual([1, 2, 3]);
  });

  it("words turns, tools and resolutions for people", () => {
    expect(turnSummary({ type: "turn_end", n: 1, at: 1, interrupted: false, durationMs: 3200, inputTokens: 1234, outputTokens: 56, costUsd: 0.0123 })).toBe(
      "Done in 3.2 s · 1,234 in / 56 out tokens · $0.0123",
    );
    expect(turnSummary({ type: "turn_end", n: 1, at: 1, interrupted: true })).toBe("Interrupted");
    expect(toolSummary("Bash", { command: "npm  test\n--watch" })).toBe("npm test --watch");
    expect(toolSummary("Write", { file_path: "/w/a.ts", content: "x" })).toBe("/w/a.ts");
    expect(resolutionText({ type: "permission_resolved", n: 1, at: 1, id: "x", outcome: "denied", by: "viewer", reason: "not here" })).toBe("Denied from Porthole: not here");
    expect(resolutionText({ type: "permission_resolved", n: 1, at: 1, id: "x", outcome: "allowed", by: "desk" })).toBe("Answered at the desk: allowed");
    expect(resolutionText({ type: "permission_resolved", n: 1, at: 1, id: "x", outcome: "allowed", by: "viewer", always: true })).toBe("Allowed for this session from Porthole");
  });
});

describe("approvals that arrive before their tool call", () => {
  it("are shown right after the tool call, resolved or not, and still shown when it never comes", () => {
    n = 0;
    const events = [
      e({ type: "permission_request", id: "t1", toolUseId: "t1", tool: "Write", input: {}, options: ["allow_once"], alwaysLabel: "" }),
      e({ type: "turn_start" }),
      e({ type: "user_message", text: "Create it" }),
      e({ type: "permission_resolved", id: "t1", outcome: "allowed", by: "viewer" }),
      e({ type: "tool_call", id: "t1", name: "Write", input: {} }),
      e({ type: "permission_request", id: "t9", toolUseId: "t9", tool: "Bash", input: {}, options: ["deny"], alwaysLabel: "" }),
    ];
    const items = chatItems(events);
    expect(items.map((i) => (i.kind === "approval" ? `approval ${i.request.id} ${i.resolution?.outcome ?? "waiting"}` : i.kind))).toEqual([
      "message",
      "tool",
      "approval t1 allowed",
      "approval t9 waiting",
    ]);
  });

  it("puts an older page before the events shown, once each, and pairs a tool call with its result across pages", () => {
    const at = (k: number): ChatEvent => ({ type: "assistant_message", n: k, at: k, text: `m${k}` });
    const latest = appendEvents(emptyChat, [{ type: "tool_result", n: 5, at: 5, id: "t1", output: "ok", isError: false }, at(6)]);
    const paged = prependEvents(latest, [at(2), { type: "tool_call", n: 4, at: 4, id: "t1", name: "Read", input: {} }, at(3), at(5), at(7)]);
    expect(paged.events.map((ev) => ev.n)).toEqual([2, 4, 5, 6]);
    expect(chatItems(paged.events).map((i) => i.kind)).toEqual(["message", "tool", "message"]);
    expect(prependEvents(paged, [])).toBe(paged);
  });
});

