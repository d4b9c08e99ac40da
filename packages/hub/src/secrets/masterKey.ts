// The master key that encrypts users' secrets at rest: 32 bytes from config (PORTHOLE_SECRET_KEY),
// from a key file, or from dataDir/secret-key made at first start (dir 0700, file 0600), as in jwtKeys.ts.
import { createHmac, randomBytes } from "node:crypto";
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** The file in dataDir holding the master key (base64, one line). */
export const masterKeyFileName = "secret-key";

export interface MasterKey {
  /** 16 hex digits naming the key (an HMAC of it, so it reveals nothing): stored with each ciphertext. */
  readonly id: string;
  /** The 32 key bytes. */
  readonly bytes: Buffer;
  /** Where it came from, for messages: "config", or the file's path. */
  readonly source: string;
}

/** Reads a key written as 64 hex digits or as base64 / base64url of 32 bytes; throws a readable error otherwise. */
export function parseMasterKey(text: string, source: string): MasterKey {
  const trimmed = text.trim();
  let bytes: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) bytes = Buffer.from(trimmed, "hex");
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) bytes = Buffer.from(trimmed.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  if (bytes?.length !== 32) throw new Error(`secrets: the master key from ${source} must be 32 bytes as 64 hex digits or base64 (make one with: openssl rand -base64 32)`);
  return { id: masterKeyId(bytes), bytes, source };
}

/** The public name of a key: the first 8 bytes of HMAC-SHA256(key, label), in hex. */
export function masterKeyId(bytes: Uint8Array): string {
  return createHmac("sha256", bytes).update("porthole master key id v1").digest("hex").slice(0, 16);
}

/** A fresh key as the text a key file holds. */
export function newMasterKeyText(): string {
  return `${randomBytes(32).toString("base64")}\n`;
}

/** Reads a key file, refusing one that other users may read (on POSIX). */
export async function readMasterKeyFile(path: string): Promise<MasterKey> {
  if (process.platform !== "win32" && ((await stat(path)).mode & 0o077) !== 0) {
    throw new Error(`secrets: ${path} is readable by other users; run: chmod 600 ${path}`);
  }
  return parseMasterKey(await readFile(path, "utf8"), path);
}

/** Makes a key file with a fresh key (0600, never overwriting); false when the file already existed. */
export async function createMasterKeyFile(path: string): Promise<boolean> {
  try {
    await writeFile(path, newMasterKeyText(), { flag: "wx", mode: 0o600 });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  }
}

/**
 * The hub's master key: `secretKey` (the text of PORTHOLE_SECRET_KEY) first, then `keyFile`, then
 * dataDir/secret-key, made at first start. Undefined when none of the three is given.
 */
export async function loadMasterKey(opts: { secretKey?: string | undefined; keyFile?: string | undefined; dataDir?: string | undefined }): Promise<MasterKey | undefined> {
  if (opts.secretKey !== undefined) return parseMasterKey(opts.secretKey, "PORTHOLE_SECRET_KEY");
  if (opts.keyFile !== undefined) return readMasterKeyFile(opts.keyFile);
  if (opts.dataDir === undefined) return undefined;
  await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
  const file = join(opts.dataDir, masterKeyFileName);
  // Made at an earlier start, or by another hub starting at the same moment: use that one.
  await createMasterKeyFile(file);
  return readMasterKeyFile(file);
}
