// Sends the files chosen in the chat composer ahead of their message: each file's bytes as
// attachment_part commands (encrypted like any input), plus a small thumbnail for pictures. The host
// checks the limits and saves them; the message then names them by upload id.
import { attachmentParts, type ChatCommand } from "@porthole/protocol";
import type { AttachmentRefs } from "./messageQueue.js";

/** Longest side of a thumbnail, CSS px. */
const THUMB_PX = 96;
/** The longest thumbnail the protocol takes (a data URL). */
const MAX_THUMB_CHARS = 64_000;

/** A random upload id (crypto.randomUUID needs a secure context; a phone on the LAN may not have one). */
function uploadId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A small JPEG of a picture, or undefined when the browser cannot draw it. */
async function thumbnail(file: File): Promise<string | undefined> {
  if (!/^image\/(png|jpeg|gif|webp)$/.test(file.type)) return undefined;
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, THUMB_PX / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext("2d")?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const url = canvas.toDataURL("image/jpeg", 0.7);
    return url.startsWith("data:image/jpeg;base64,") && url.length <= MAX_THUMB_CHARS ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Sends every file's parts; returns what the message must name, or why it could not (the connection dropped). */
export async function sendAttachments(files: readonly File[], sendCommand: (command: ChatCommand) => boolean): Promise<AttachmentRefs | string> {
  const refs: AttachmentRefs = [];
  for (const file of files) {
    const upload = uploadId();
    const bytes = new Uint8Array(await file.arrayBuffer());
    for (const part of attachmentParts(upload, bytes)) if (!sendCommand(part)) return `${file.name} could not be sent: the session is not connected`;
    const thumb = await thumbnail(file);
    refs.push({ upload, name: file.name.slice(0, 1000) || "file", mime: file.type.slice(0, 200), size: bytes.length, ...(thumb !== undefined ? { thumbnail: thumb } : {}) });
  }
  return refs;
}
