// What sits inside an encrypted frame: [kind: u8][body]. Only the host and paired viewers ever
// see these bytes. Keep in step with docs/protocol.md.
import { z } from "zod";
import { concatBytes, fromUtf8, utf8 } from "./bytes.js";
import { chatCommandSchema, chatEventSchema, type ChatCommand, type ChatEvent } from "./chat.js";

export const PayloadKind = {
  /** output/input: raw terminal bytes. */
  data: 1,
  /** output: the desk terminal's size, JSON {cols, rows}. */
  resize: 2,
  /** output: the agent exited, JSON {code, signal}; always the last output frame. */
  exit: 3,
  /** output: one chat event, JSON (see chatEventSchema in chat.ts). */
  chat: 4,
  /** direct: the output key and where the viewer may start, JSON (see grantSchema). */
  grant: 10,
  /** direct: the current screen, JSON (see snapshotSchema). */
  snapshot: 11,
  /** input: the viewer asks for a snapshot, JSON {}. */
  snapshotRequest: 12,
  /** input: the viewer's first frame, proving it derived the same keys (key confirmation), JSON {}. */
  confirm: 13,
  /** input: a viewer's chat command, JSON (see chatCommandSchema in chat.ts). */
  chatCommand: 14,
  /** direct: the host could not carry out the viewer's chat command, JSON (see chatRefusedSchema). */
  chatRefused: 15,
  /** input: the viewer asks for older chat events, JSON (see chatPageRequestSchema). */
  chatPageRequest: 16,
  /** direct: older chat events, the answer to a chatPageRequest, JSON (see chatPageSchema). */
  chatPage: 17,
} as const;
export type PayloadKind = (typeof PayloadKind)[keyof typeof PayloadKind];

export const resizeSchema = z.object({ cols: z.number().int().min(1).max(1000), rows: z.number().int().min(1).max(1000) });
export const exitSchema = z.object({ code: z.number().int().nullable(), signal: z.number().int().nullable() });
export const grantSchema = z.object({
  /** The session's output key, base64url. */
  key: z.string(),
  /** The first sequence number sealed with this key. */
  fromSeq: z.number().int().min(1),
  /** The last sequence number the host has produced. */
  lastSeq: z.number().int().min(0),
  cols: z.number().int().min(1).max(1000),
  rows: z.number().int().min(1).max(1000),
  /** The session has a chat view (an agent Porthole understands); absent from older hosts. */
  chat: z.boolean().optional(),
  /** No desk terminal (`porthole run --headless`): chat only, no terminal output. */
  headless: z.boolean().optional(),
});
/** Most chat events a snapshot carries (the latest ones). */
export const MAX_SNAPSHOT_CHAT_EVENTS = 1000;
/** Chat events a host puts in a snapshot, and a viewer asks for per page, by default. */
export const CHAT_PAGE_EVENTS = 100;
/** Most chat events one page may carry. */
export const MAX_CHAT_PAGE_EVENTS = 500;
export const snapshotSchema = z.object({
  /** The screen reflects output up to and including this sequence number. */
  seq: z.number().int().min(0),
  cols: z.number().int().min(1).max(1000),
  rows: z.number().int().min(1).max(1000),
  /** Terminal escape sequences that redraw the screen and scrollback. */
  data: z.string(),
  ended: z.boolean(),
  /** The latest chat events as of `seq`, oldest first (bounded: earlier ones may be left out). */
  chat: z.array(chatEventSchema).max(MAX_SNAPSHOT_CHAT_EVENTS).optional(),
});
export const chatRefusedSchema = z.object({
  /** The refused command's `type`, e.g. "answer_permission". */
  command: z.string().max(100),
  /** Why, for the person. */
  reason: z.string().max(2000),
});

export const chatPageRequestSchema = z
  .object({
    /** Events with `n` below this one (the oldest the viewer has). */
    before: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    /** How many, at most (the host may send fewer to keep the frame small). */
    limit: z.number().int().min(1).max(MAX_CHAT_PAGE_EVENTS),
  })
  .strict();
export const chatPageSchema = z.object({
  /** The request's `before`. */
  before: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  /** The latest events with `n` below `before`, oldest first. */
  events: z.array(chatEventSchema).max(MAX_CHAT_PAGE_EVENTS),
  /** The host holds events older than these: ask again with the first one's `n`. */
  more: z.boolean(),
});
export type ChatPage = z.infer<typeof chatPageSchema>;

export type Payload =
  | { kind: typeof PayloadKind.data; data: Uint8Array }
  | { kind: typeof PayloadKind.resize; body: z.infer<typeof resizeSchema> }
  | { kind: typeof PayloadKind.exit; body: z.infer<typeof exitSchema> }
  | { kind: typeof PayloadKind.chat; body: ChatEvent }
  | { kind: typeof PayloadKind.grant; body: z.infer<typeof grantSchema> }
  | { kind: typeof PayloadKind.snapshot; body: z.infer<typeof snapshotSchema> }
  | { kind: typeof PayloadKind.snapshotRequest; body: Record<string, never> }
  | { kind: typeof PayloadKind.confirm; body: Record<string, never> }
  | { kind: typeof PayloadKind.chatCommand; body: ChatCommand }
  | { kind: typeof PayloadKind.chatRefused; body: z.infer<typeof chatRefusedSchema> }
  | { kind: typeof PayloadKind.chatPageRequest; body: z.infer<typeof chatPageRequestSchema> }
  | { kind: typeof PayloadKind.chatPage; body: ChatPage };

export function encodePayload(payload: Payload): Uint8Array {
  if (payload.kind === PayloadKind.data) return concatBytes(new Uint8Array([payload.kind]), payload.data);
  return concatBytes(new Uint8Array([payload.kind]), utf8(JSON.stringify(payload.body)));
}

const bodySchemas = {
  [PayloadKind.resize]: resizeSchema,
  [PayloadKind.exit]: exitSchema,
  [PayloadKind.chat]: chatEventSchema,
  [PayloadKind.grant]: grantSchema,
  [PayloadKind.snapshot]: snapshotSchema,
  [PayloadKind.snapshotRequest]: z.object({}).strict(),
  [PayloadKind.confirm]: z.object({}).strict(),
  [PayloadKind.chatCommand]: chatCommandSchema,
  [PayloadKind.chatRefused]: chatRefusedSchema,
  [PayloadKind.chatPageRequest]: chatPageRequestSchema,
  [PayloadKind.chatPage]: chatPageSchema,
} as const;

/** Decodes a decrypted payload; returns an error string for an unknown kind or a bad body. */
export function decodePayload(bytes: Uint8Array): Payload | string {
  const kind = bytes[0];
  if (kind === PayloadKind.data) return { kind, data: bytes.subarray(1) };
  if (kind === undefined || !(kind in bodySchemas)) return `unknown payload kind ${String(kind)}`;
  let json: unknown;
  try {
    json = JSON.parse(fromUtf8(bytes.subarray(1)));
  } catch {
    return "payload body is not JSON";
  }
  const schema = bodySchemas[kind as keyof typeof bodySchemas];
  const parsed = schema.safeParse(json);
  if (!parsed.success) return `invalid payload body for kind ${kind}`;
  return { kind, body: parsed.data } as Payload;
}
