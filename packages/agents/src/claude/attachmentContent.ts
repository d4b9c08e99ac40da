// A stream-json user message with the person's saved files: pictures Claude can see go as base64
// image blocks (read from where the host saved them), every file is named by its path.
import { readFile } from "node:fs/promises";
import type { SavedAttachment } from "../agent.js";

/** Image types the Messages API takes as image blocks. */
const IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);
/** Larger pictures go by path only (the API refuses images over 5 MB). */
const MAX_IMAGE_BLOCK_BYTES = 5 * 1024 * 1024;

/** The content blocks of one user message: the text (with the saved paths), then the images. */
export async function messageContent(text: string, attachments: readonly SavedAttachment[]): Promise<unknown[]> {
  const images: unknown[] = [];
  for (const file of attachments) {
    if (!IMAGE_TYPES.has(file.mime) || file.size > MAX_IMAGE_BLOCK_BYTES) continue;
    const data = (await readFile(file.path)).toString("base64");
    images.push({ type: "image", source: { type: "base64", media_type: file.mime, data } });
  }
  const list = attachments.map((file) => `- ${file.path} (${file.name}, ${file.mime || "unknown type"}, ${file.size} bytes)`).join("\n");
  return [{ type: "text", text: `${text}\n\nAttached files, saved on this machine:\n${list}` }, ...images];
}
