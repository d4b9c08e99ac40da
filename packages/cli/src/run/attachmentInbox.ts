// Files a viewer attaches to a chat message: their bytes arrive as attachment_part commands (inside
// the encrypted input channel), wait here in memory, and are saved under the agent's working
// directory (`.porthole/attachments/`) when the message that names them is sent. Never overwrites.
import { mkdir, open, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { SavedAttachment } from "@porthole/agents";
import type { ChatCommand } from "@porthole/protocol";

export interface AttachmentLimits {
  /** Largest file, bytes. */
  fileBytes: number;
  /** Most bytes of files in one message, bytes. */
  messageBytes: number;
}

export const DEFAULT_ATTACHMENT_LIMITS: AttachmentLimits = { fileBytes: 5 * 1024 * 1024, messageBytes: 10 * 1024 * 1024 };

/** Uploads not sent with a message within this long are dropped, ms. */
const UPLOAD_TTL_MS = 10 * 60_000;
/** Bytes a viewer may have waiting, in messages' worth: past it the oldest uploads (likely of a cancelled message) go. */
const WAITING_MESSAGES = 3;
/** Longest saved name in UTF-8 bytes, leaving room for the time prefix under the usual 255. */
const MAX_NAME_BYTES = 200;

type AttachmentPart = Extract<ChatCommand, { type: "attachment_part" }>;
type AttachmentRef = NonNullable<Extract<ChatCommand, { type: "send_message" }>["attachments"]>[number];

interface Upload {
  chunks: Buffer[];
  bytes: number;
  startedAt: number;
  /** Why it was refused; later parts are dropped. */
  refused?: string;
}

/** A file name safe to create in one folder: no separators, NUL or control characters, no leading dots, at most 200 UTF-8 bytes. */
export function sanitiseFileName(name: string): string {
  let clean = name
    .normalize("NFC")
    .replace(/[\u0000-\u001f\u007f]/g, "")
    .replace(/[/\\:*?"<>|]/g, "_")
    .replace(/\.{2,}/g, ".")
    .replace(/^[.\s]+/, "")
    .replace(/[.\s]+$/, "");
  if (Buffer.byteLength(clean) > MAX_NAME_BYTES) {
    const dot = clean.lastIndexOf(".");
    const ext = dot > 0 && clean.length - dot <= 16 ? clean.slice(dot) : "";
    const stem = [...clean.slice(0, clean.length - ext.length)];
    while (Buffer.byteLength(stem.join("") + ext) > MAX_NAME_BYTES) stem.pop();
    clean = stem.join("") + ext;
  }
  return clean === "" ? "file" : clean;
}

export class AttachmentInbox {
  private readonly uploads = new Map<string, Upload>();

  constructor(
    /** The folder files are saved in (created when first needed). */
    readonly dir: string,
    private readonly limits: AttachmentLimits = DEFAULT_ATTACHMENT_LIMITS,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Keeps one part; returns why it was refused (said once per upload), or undefined. */
  addPart(viewer: number, part: AttachmentPart): string | undefined {
    this.dropStale();
    const key = `${viewer}:${part.upload}`;
    const upload = this.uploads.get(key) ?? { chunks: [], bytes: 0, startedAt: this.clock() };
    this.uploads.set(key, upload);
    if (upload.refused !== undefined) return undefined;
    const data = Buffer.from(part.data, "base64url");
    const refuse = (reason: string): string => {
      upload.refused = reason;
      upload.chunks = [];
      return reason;
    };
    if (part.offset !== upload.bytes) return refuse(`a part of the file arrived out of order (offset ${part.offset}, expected ${upload.bytes})`);
    if (upload.bytes + data.length > this.limits.fileBytes) return refuse(`the file is over the ${formatBytes(this.limits.fileBytes)} limit for one file`);
    upload.chunks.push(data);
    upload.bytes += data.length;
    this.evictOldest(viewer, key);
    return undefined;
  }

  /**
   * Saves the files a message names (all or none) and forgets their uploads. Returns the saved
   * files, or why the message cannot go (nothing is saved then).
   */
  async take(viewer: number, refs: readonly AttachmentRef[]): Promise<{ ok: true; files: SavedAttachment[] } | { ok: false; reason: string }> {
    const found: { ref: AttachmentRef; upload: Upload }[] = [];
    let total = 0;
    let problem: string | undefined;
    for (const ref of refs) {
      // An empty file needs no parts.
      const upload = this.uploads.get(`${viewer}:${ref.upload}`) ?? (ref.size === 0 ? { chunks: [], bytes: 0, startedAt: 0 } : undefined);
      total += ref.size;
      if (ref.size > this.limits.fileBytes) problem ??= `${ref.name} is over the ${formatBytes(this.limits.fileBytes)} limit for one file`;
      else if (upload?.refused !== undefined) problem ??= `${ref.name}: ${upload.refused}`;
      else if (upload === undefined || upload.bytes !== ref.size) problem ??= `${ref.name} did not arrive whole (${upload?.bytes ?? 0} of ${ref.size} bytes)`;
      else found.push({ ref, upload });
    }
    if (total > this.limits.messageBytes) problem ??= `the files are over the ${formatBytes(this.limits.messageBytes)} limit for one message`;
    for (const ref of refs) this.uploads.delete(`${viewer}:${ref.upload}`);
    if (problem !== undefined) return { ok: false, reason: `attachments refused: ${problem}` };

    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    // Keeps the saved files out of the project's git status.
    await writeFile(join(dirname(this.dir), ".gitignore"), "*\n", { flag: "wx" }).catch(() => undefined);
    const files: SavedAttachment[] = [];
    const stamp = new Date(this.clock()).toISOString().replace(/[:.]/g, "-");
    try {
      for (const { ref, upload } of found) {
        const path = await this.writeNew(`${stamp}-${sanitiseFileName(ref.name)}`, Buffer.concat(upload.chunks));
        files.push({ path, name: ref.name, mime: ref.mime, size: ref.size, ...(ref.thumbnail !== undefined ? { thumbnail: ref.thumbnail } : {}) });
      }
    } catch (error) {
      await Promise.all(files.map((file) => rm(file.path, { force: true })));
      return { ok: false, reason: `attachments could not be saved: ${(error as Error).message}` };
    }
    return { ok: true, files };
  }

  /** Creates a new file (never replacing one): `name`, else `name` with -1, -2… before its extension. */
  private async writeNew(name: string, bytes: Buffer): Promise<string> {
    const dot = name.lastIndexOf(".");
    const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ""];
    for (let i = 0; i < 1000; i++) {
      const path = join(this.dir, i === 0 ? name : `${stem}-${i}${ext}`);
      const handle = await open(path, "wx", 0o600).catch((error: NodeJS.ErrnoException) => {
        if (error.code === "EEXIST") return undefined;
        throw error;
      });
      if (handle === undefined) continue;
      try {
        await handle.writeFile(bytes);
      } finally {
        await handle.close();
      }
      return path;
    }
    throw new Error(`too many files named ${name}`);
  }

  /** Keeps a viewer's waiting bytes bounded: drops its oldest uploads (never `keep`) past the bound. */
  private evictOldest(viewer: number, keep: string): void {
    const mine = [...this.uploads].filter(([key]) => key.startsWith(`${viewer}:`));
    let bytes = mine.reduce((sum, [, upload]) => sum + upload.bytes, 0);
    for (const [key, upload] of mine) {
      if (bytes <= WAITING_MESSAGES * this.limits.messageBytes) break;
      if (key === keep) continue;
      this.uploads.delete(key);
      bytes -= upload.bytes;
    }
  }

  private dropStale(): void {
    const now = this.clock();
    for (const [key, upload] of this.uploads) if (now - upload.startedAt > UPLOAD_TTL_MS) this.uploads.delete(key);
  }
}

/** "5 MB", "512 KB", "100 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KB`;
  return `${bytes} bytes`;
}
