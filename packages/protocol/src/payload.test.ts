import { describe, expect, it } from "vitest";
import { utf8 } from "./bytes.js";
import { MAX_CHAT_PAGE_EVENTS, MAX_SNAPSHOT_CHAT_EVENTS, PayloadKind, decodePayload, encodePayload, type Payload } from "./payload.js";

describe("payload codec", () => {
  it("round-trips data and structured payloads", () => {
    const data = { kind: PayloadKind.data, data: new Uint8Array([0, 255, 27]) } as const;
    expect(decodePayload(encodePayload(data))).toEqual(data);
    const exit = { kind: PayloadKind.exit, body: { code: 3, signal: null } } as const;
    expect(decodePayload(encodePayload(exit))).toEqual(exit);
  });

  it("refuses unknown kinds and bodies that do not match their schema", () => {
    expect(decodePayload(new Uint8Array([77]))).toMatch(/unknown payload kind/);
    expect(decodePayload(new Uint8Array([]))).toMatch(/unknown payload kind/);
    expect(decodePayload(new Uint8Array([PayloadKind.resize, ...utf8("{nope")]))).toMatch(/not JSON/);
    expect(decodePayload(new Uint8Array([PayloadKind.resize, ...utf8('{"cols":-1,"rows":2}')]))).toMatch(/invalid/);
    expect(decodePayload(new Uint8Array([PayloadKind.resize, ...utf8('{"__proto__":{"x":1}}')]))).toMatch(/invalid/);
  });
});

describe("chat payloads", () => {
  const body = (kind: number, json: string) => new Uint8Array([kind, ...utf8(json)]);
  const userMessage = { type: "user_message", n: 1, at: 1_700_000_000_000, text: "Hi **there**" } as const;

  it("round-trips chat events, chat commands, refusals, grants with features and snapshots with chat", () => {
    const chat = { kind: PayloadKind.chat, body: userMessage } as const;
    expect(decodePayload(encodePayload(chat))).toEqual(chat);
    const call = { kind: PayloadKind.chat, body: { type: "tool_call", n: 2, at: 5, id: "toolu_1", name: "Write", input: { file_path: "/a", content: "x" } } } as const;
    expect(decodePayload(encodePayload(call))).toEqual(call);
    for (const command of [
      { type: "send_message", text: "hello" },
      { type: "interrupt" },
      { type: "answer_permission", id: "toolu_1", decision: "deny", reason: "no" },
      { type: "set_permission_mode", mode: "plan" },
      { type: "answer_question", id: "toolu_2", answers: { "Which colour?": "Blue" } },
    ] as const) {
      const payload = { kind: PayloadKind.chatCommand, body: command } as const;
      expect(decodePayload(encodePayload(payload))).toEqual(payload);
    }
    const refused = { kind: PayloadKind.chatRefused, body: { command: "interrupt", reason: "not running" } } as const;
    expect(decodePayload(encodePayload(refused))).toEqual(refused);
    const grant = { kind: PayloadKind.grant, body: { key: "k", fromSeq: 1, lastSeq: 0, cols: 80, rows: 24, chat: true, headless: false } } as const;
    expect(decodePayload(encodePayload(grant))).toEqual(grant);
    const snapshot = { kind: PayloadKind.snapshot, body: { seq: 4, cols: 80, rows: 24, data: "", ended: false, chat: [{ ...userMessage }] } };
    expect(decodePayload(encodePayload(snapshot as Payload))).toEqual(snapshot);
  });

  it("refuses hostile chat events", () => {
    expect(decodePayload(body(PayloadKind.chat, "{}"))).toMatch(/invalid/);
    expect(decodePayload(body(PayloadKind.chat, '{"type":"user_message","n":0,"at":1,"text":"x"}'))).toMatch(/invalid/);
    expect(decodePayload(body(PayloadKind.chat, '{"type":"user_message","n":1.5,"at":1,"text":"x"}'))).toMatch(/invalid/);
    expect(decodePayload(body(PayloadKind.chat, '{"type":"html","n":1,"at":1,"text":"<script>"}'))).toMatch(/invalid/);
    expect(decodePayload(body(PayloadKind.chat, '{"type":"user_message","n":1,"at":1,"text":7}'))).toMatch(/invalid/);
    expect(decodePayload(body(PayloadKind.chat, '{"type":"tool_call","n":1,"at":1,"id":"","name":"x","input":{}}'))).toMatch(/invalid/);
    expect(decodePayload(body(PayloadKind.chat, '{"type":"tool_call","n":1,"at":1,"id":"t","name":"x","input":[1]}'))).toMatch(/invalid/);
    expect(decodePayload(body(PayloadKind.chat, "[1,2]"))).toMatch(/invalid/);
    expect(decodePayload(body(PayloadKind.chat, "nope"))).toMatch(/not JSON/);
    // A prototype key in a tool's input is dropped, never applied.
    const polluted = decodePayload(body(PayloadKind.chat, '{"type":"tool_call","n":1,"at":1,"id":"t","name":"x","input":{"__proto__":{"polluted":1}}}'));
    expect(typeof polluted).not.toBe("string");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuses hostile chat commands (unknown types, extra fields, bad decisions, oversized text)", () => {
    expect(decodePayload(body(PayloadKind.chatCommand, '{"type":"rm_rf"}'))).toMatch(/invalid/);
    expect(decodePayload(body(PayloadKind.chatCommand, '{"type":"interrupt","force":true}'))).toMatch(/invalid/);
    expect(decodePayload(body(PayloadKind.chatCommand, '{"type":"send_message","text":""}'))).toMatch(/invalid/);
    expect(decodePayload(body(PayloadKind.chatCommand, JSON.stringify({ type: "send_message", text: "x".repeat(100_001) })))).toMatch(/invalid/);
    expect(decodePayload(body(PayloadKind.chatCommand, '{"type":"answer_permission","id":"t","decision":"allow_forever"}'))).toMatch(/invalid/);
    expect(decodePayload(body(PayloadKind.chatCommand, '{"type":"set_permission_mode","mode":"bypassPermissions"}'))).toMatch(/invalid/);
    expect(decodePayload(body(PayloadKind.chatCommand, '{"type":"send_message","text":"x","__proto__":{"a":1}}'))).toMatch(/invalid/);
    expect(decodePayload(body(PayloadKind.chatCommand, '{"type":"answer_question","id":"t","answers":{"q":7}}'))).toMatch(/invalid/);
    expect(decodePayload(body(PayloadKind.chatCommand, JSON.stringify({ type: "answer_question", id: "t", answers: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`q${i}`, "a"])) })))).toMatch(/invalid/);
    expect(decodePayload(body(PayloadKind.chatCommand, JSON.stringify({ type: "answer_question", id: "t", answers: { q: "a".repeat(2001) } })))).toMatch(/invalid/);
  });

  it("refuses snapshots whose chat is malformed or over the bound", () => {
    const snap = (chat: unknown) => body(PayloadKind.snapshot, JSON.stringify({ seq: 1, cols: 80, rows: 24, data: "", ended: false, chat }));
    expect(decodePayload(snap([{ type: "user_message" }]))).toMatch(/invalid/);
    expect(decodePayload(snap("events"))).toMatch(/invalid/);
    expect(decodePayload(snap(Array.from({ length: MAX_SNAPSHOT_CHAT_EVENTS + 1 }, (_, i) => ({ ...userMessage, n: i + 1 }))))).toMatch(/invalid/);
    expect(decodePayload(body(PayloadKind.grant, '{"key":"k","fromSeq":1,"lastSeq":0,"cols":80,"rows":24,"chat":"yes"}'))).toMatch(/invalid/);
    expect(decodePayload(body(PayloadKind.chatRefused, JSON.stringify({ command: "x", reason: "r".repeat(2001) })))).toMatch(/invalid/);
  });

  it("round-trips chat page requests and pages, and refuses hostile ones", () => {
    const request = { kind: PayloadKind.chatPageRequest, body: { before: 9901, limit: 100 } } as const;
    expect(decodePayload(encodePayload(request))).toEqual(request);
    const page = { kind: PayloadKind.chatPage, body: { before: 3, events: [{ ...userMessage }, { ...userMessage, n: 2 }], more: false } } as Payload;
    expect(decodePayload(encodePayload(page))).toEqual(page);
    expect(decodePayload(body(PayloadKind.chatPageRequest, '{"before":0,"limit":10}'))).toMatch(/invalid/);
    expect(decodePayload(body(PayloadKind.chatPageRequest, `{"before":5,"limit":${MAX_CHAT_PAGE_EVENTS + 1}}`))).toMatch(/invalid/);
    expect(decodePayload(body(PayloadKind.chatPageRequest, '{"before":5,"limit":0}'))).toMatch(/invalid/);
    expect(decodePayload(body(PayloadKind.chatPageRequest, '{"before":5,"limit":10,"all":true}'))).toMatch(/invalid/);
    expect(decodePayload(body(PayloadKind.chatPage, '{"before":5,"events":[{"type":"nope"}],"more":false}'))).toMatch(/invalid/);
    expect(decodePayload(body(PayloadKind.chatPage, JSON.stringify({ before: 5, events: Array.from({ length: MAX_CHAT_PAGE_EVENTS + 1 }, () => userMessage), more: true })))).toMatch(/invalid/);
  });
});

