// The chat view's events (host → viewers) and commands (viewer → host), one zod schema each.
// Produced in packages/agents (Claude Code's transcript, hooks and stream-json); shown by packages/web.
import { z } from "zod";
import { toBase64Url } from "./bytes.js";

/** Every event: `n` counts up by one per session from 1; `at` is milliseconds since the Unix epoch. */
const stamp = { n: z.number().int().min(1), at: z.number().int().min(0) };
const id = z.string().min(1).max(200);
const toolInput = z.record(z.string(), z.unknown());

/** Permission modes a viewer may switch to (Claude Code's names). */
export const permissionModeSchema = z.enum(["default", "acceptEdits", "plan"]);
export type PermissionMode = z.infer<typeof permissionModeSchema>;

/** How a viewer answers a permission request. */
export const permissionDecisionSchema = z.enum(["allow_once", "allow_always", "deny"]);
export type PermissionDecision = z.infer<typeof permissionDecisionSchema>;

/** One entry of a todo list. */
export const todoItemSchema = z.object({
  content: z.string(),
  status: z.enum(["pending", "in_progress", "completed"]),
});
export type TodoItem = z.infer<typeof todoItemSchema>;

/** Most files one message may carry. */
export const MAX_MESSAGE_ATTACHMENTS = 10;
/** Most raw bytes one attachment_part carries (its base64 stays well inside one frame). */
export const ATTACHMENT_PART_BYTES = 384 * 1024;

/** A file sent with a message, as the chat shows it; `thumbnail` is a small image (data URL) for pictures. */
export const attachmentInfoSchema = z
  .object({
    name: z.string().min(1).max(1000),
    mime: z.string().max(200),
    size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    thumbnail: z
      .string()
      .max(64_000)
      .regex(/^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/=]*$/)
      .optional(),
  })
  .strict();
export type AttachmentInfo = z.infer<typeof attachmentInfoSchema>;
const uploadId = z.string().min(1).max(100);

/** What a chat view shows, in order. */
export const chatEventSchema = z.discriminatedUnion("type", [
  /** The person's message (typed at the desk or sent from a viewer); markdown. */
  z.object({ type: z.literal("user_message"), ...stamp, text: z.string(), attachments: z.array(attachmentInfoSchema).max(MAX_MESSAGE_ATTACHMENTS).optional() }),
  /** The agent's reply text; markdown. */
  z.object({ type: z.literal("assistant_message"), ...stamp, text: z.string() }),
  /** The agent calls a tool; `id` pairs it with its tool_result. */
  z.object({ type: z.literal("tool_call"), ...stamp, id, name: z.string(), input: toolInput }),
  /** A tool's output as text. */
  z.object({ type: z.literal("tool_result"), ...stamp, id, output: z.string(), isError: z.boolean() }),
  /** A file the agent changed: a unified diff, and the replaced strings when the tool gave them. */
  z.object({
    type: z.literal("file_edit"),
    ...stamp,
    toolId: id,
    path: z.string(),
    diff: z.string(),
    oldString: z.string().optional(),
    newString: z.string().optional(),
  }),
  /** The agent's todo list, replaced whole each time. */
  z.object({ type: z.literal("todo_list"), ...stamp, items: z.array(todoItemSchema) }),
  /** The agent starts working on the person's message(s). */
  z.object({ type: z.literal("turn_start"), ...stamp }),
  /** The agent stopped: how long it took (ms), tokens used and cost in US dollars, when known. */
  z.object({
    type: z.literal("turn_end"),
    ...stamp,
    durationMs: z.number().min(0).optional(),
    inputTokens: z.number().int().min(0).optional(),
    outputTokens: z.number().int().min(0).optional(),
    costUsd: z.number().min(0).optional(),
    interrupted: z.boolean(),
  }),
  /** The agent waits for approval of a tool use; `alwaysLabel` says what "allow always" grants. */
  z.object({
    type: z.literal("permission_request"),
    ...stamp,
    id,
    tool: z.string(),
    input: toolInput,
    toolUseId: id.optional(),
    options: z.array(permissionDecisionSchema),
    alwaysLabel: z.string(),
  }),
  /** A permission request is settled: by a viewer, at the desk, or by nobody (timeout / turn ended). */
  z.object({
    type: z.literal("permission_resolved"),
    ...stamp,
    id,
    outcome: z.enum(["allowed", "denied", "unanswered"]),
    by: z.enum(["viewer", "desk", "none"]),
    always: z.boolean().optional(),
    reason: z.string().optional(),
  }),
  /** Something the agent wants the person to notice (e.g. "Claude needs your permission"). */
  z.object({ type: z.literal("notification"), ...stamp, text: z.string(), kind: z.string().optional() }),
  /** Something went wrong (API error, agent crashed); the session may go on. */
  z.object({ type: z.literal("error"), ...stamp, message: z.string() }),
  /** Whether the agent is working or waiting for the person. */
  z.object({ type: z.literal("status"), ...stamp, state: z.enum(["working", "idle"]) }),
]);
export type ChatEvent = z.infer<typeof chatEventSchema>;
export type ChatEventType = ChatEvent["type"];
/** An event before the host numbers and timestamps it (`at` may come from the agent's own record). */
export type ChatEventBody = ChatEvent extends infer E ? (E extends unknown ? Omit<E, "n" | "at"> & { at?: number } : never) : never;

/** What a viewer asks of the agent. */
export const chatCommandSchema = z.discriminatedUnion("type", [
  /**
   * Send the person's message; the agent queues it while busy. `attachments` name files whose bytes
   * went ahead as attachment_part commands (by `upload`), in the order to show them.
   */
  z
    .object({
      type: z.literal("send_message"),
      text: z.string().min(1).max(100_000),
      attachments: z.array(attachmentInfoSchema.extend({ upload: uploadId })).max(MAX_MESSAGE_ATTACHMENTS).optional(),
    })
    .strict(),
  /** Part of a file to attach to the next message: bytes (unpadded base64url) at `offset` of upload `upload`. */
  z
    .object({
      type: z.literal("attachment_part"),
      upload: uploadId,
      offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
      data: z
        .string()
        .max(Math.ceil(ATTACHMENT_PART_BYTES / 3) * 4)
        .regex(/^[A-Za-z0-9_-]*$/),
    })
    .strict(),
  /** Stop the current turn. */
  z.object({ type: z.literal("interrupt") }).strict(),
  /** Answer a permission_request by its id; `reason` is told to the agent on deny. */
  z
    .object({ type: z.literal("answer_permission"), id, decision: permissionDecisionSchema, reason: z.string().max(2000).optional() })
    .strict(),
  /** Switch the agent's permission mode. */
  z.object({ type: z.literal("set_permission_mode"), mode: permissionModeSchema }).strict(),
  /**
   * Answer the agent's questions (a permission_request for Claude Code's AskUserQuestion tool) by its
   * id: each question's text → the chosen option's label (several joined by ", "), or the person's own words.
   */
  z
    .object({
      type: z.literal("answer_question"),
      id,
      answers: z.record(z.string().min(1).max(2000), z.string().max(2000)).refine((answers) => Object.keys(answers).length <= 20, "at most 20 answers"),
    })
    .strict(),
]);
export type ChatCommand = z.infer<typeof chatCommandSchema>;

/** A file's bytes as the attachment_part commands that carry them, in order (none for an empty file). */
export function attachmentParts(upload: string, bytes: Uint8Array): Extract<ChatCommand, { type: "attachment_part" }>[] {
  const parts: Extract<ChatCommand, { type: "attachment_part" }>[] = [];
  for (let offset = 0; offset < bytes.length; offset += ATTACHMENT_PART_BYTES) {
    parts.push({ type: "attachment_part", upload, offset, data: toBase64Url(bytes.subarray(offset, offset + ATTACHMENT_PART_BYTES)) });
  }
  return parts;
}
