// Attachment commands as the host decodes them: parts fit one frame, hostile bodies are refused.
import { describe, expect, it } from "vitest";
import { fromBase64Url } from "./bytes.js";
import { ATTACHMENT_PART_BYTES, attachmentParts, chatCommandSchema } from "./chat.js";
import { MAX_FRAME_BYTES } from "./frames.js";
import { PayloadKind, decodePayload, encodePayload } from "./payload.js";

describe("attachment commands", () => {
  it("splits a file into in-order parts that each fit one frame and decode back to the bytes", () => {
    const bytes = new Uint8Array(ATTACHMENT_PART_BYTES * 2 + 5).map((_, i) => i % 251);
    const parts = attachmentParts("u1", bytes);
    expect(parts.map((p) => p.offset)).toEqual([0, ATTACHMENT_PART_BYTES, ATTACHMENT_PART_BYTES * 2]);
    for (const part of parts) {
      const encoded = encodePayload({ kind: PayloadKind.chatCommand, body: part });
      expect(encoded.length).toBeLessThan(MAX_FRAME_BYTES - 64 * 1024);
      expect(decodePayload(encoded)).toEqual({ kind: PayloadKind.chatCommand, body: part });
    }
    const joined = parts.flatMap((p) => [...fromBase64Url(p.data)!]);
    expect(joined).toEqual([...bytes]);
    expect(attachmentParts("empty", new Uint8Array(0))).toEqual([]);
  });

  it.each([
    ["a part over the size", { type: "attachment_part", upload: "u", offset: 0, data: "A".repeat(Math.ceil(ATTACHMENT_PART_BYTES / 3) * 4 + 4) }],
    ["a part that is not base64url", { type: "attachment_part", upload: "u", offset: 0, data: "abc+/=" }],
    ["a negative offset", { type: "attachment_part", upload: "u", offset: -1, data: "" }],
    ["an empty upload id", { type: "attachment_part", upload: "", offset: 0, data: "" }],
    ["a thumbnail that is not a picture", { type: "send_message", text: "x", attachments: [{ upload: "u", name: "a", mime: "", size: 1, thumbnail: "javascript:alert(1)" }] }],
    ["an SVG thumbnail", { type: "send_message", text: "x", attachments: [{ upload: "u", name: "a", mime: "", size: 1, thumbnail: "data:image/svg+xml;base64,PHN2Zz4=" }] }],
    ["eleven files", { type: "send_message", text: "x", attachments: Array.from({ length: 11 }, (_, i) => ({ upload: `u${i}`, name: "a", mime: "", size: 1 })) }],
    ["a negative size", { type: "send_message", text: "x", attachments: [{ upload: "u", name: "a", mime: "", size: -1 }] }],
    ["an unknown field", { type: "send_message", text: "x", attachments: [{ upload: "u", name: "a", mime: "", size: 1, path: "/etc/passwd" }] }],
  ])("refuses %s", (_, body) => {
    expect(chatCommandSchema.safeParse(body).success).toBe(false);
  });
});
