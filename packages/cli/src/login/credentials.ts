// ~/.porthole/credentials.json: the logins `porthole login` made, one per hub. Written atomically
// (temp file, fsync, rename) with mode 0600 in a 0700 directory; a file others could read, or one
// not owned by this user, is refused. Refreshes hold a lock file so two CLIs never race a rotation.
import { randomBytes } from "node:crypto";
import { chmodSync, closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { z } from "zod";

/** One hub's saved login. */
export const savedLoginSchema = z.object({
  /** The hub's base URL, normalised (see hubKey). */
  hub: z.string(),
  accessToken: z.string(),
  refreshToken: z.string(),
  /** When the access token expires, ISO time. */
  expiresAt: z.string(),
  /** The account's e-mail, or null (e.g. a GitHub account). */
  email: z.string().nullable(),
  displayName: z.string().default(""),
});
export type SavedLogin = z.output<typeof savedLoginSchema>;

const fileSchema = z.object({ version: z.literal(1), logins: z.array(savedLoginSchema) });

/** A problem with the file itself, explained for the person. */
export class CredentialsError extends Error {
  override readonly name = "CredentialsError";
}

/** The key a hub is saved under: scheme, host, port and path, without a trailing slash, query or fragment. */
export function hubKey(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, "")}`;
}

/** Every saved login; none when the file does not exist. Throws CredentialsError for an unsafe or damaged file. */
export function readLogins(file: string): SavedLogin[] {
  let info;
  try {
    info = lstatSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  if (!info.isFile()) throw new CredentialsError(`${file} is not a regular file: remove it and run porthole login`);
  if (process.platform !== "win32") {
    if (process.getuid && info.uid !== process.getuid()) throw new CredentialsError(`${file} belongs to another user: remove it and run porthole login`);
    if ((info.mode & 0o077) !== 0) throw new CredentialsError(`${file} can be read by other users, so its tokens may be known: run chmod 600 ${file}, or remove it and run porthole login`);
  }
  let parsed;
  try {
    parsed = fileSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  } catch {
    parsed = undefined;
  }
  if (!parsed?.success) throw new CredentialsError(`${file} is damaged: remove it and run porthole login`);
  return parsed.data.logins;
}

/** The saved login for a hub, if any. */
export function findLogin(file: string, hub: string): SavedLogin | undefined {
  const key = hubKey(hub);
  return readLogins(file).find((l) => l.hub === key);
}

/** Saves (replacing that hub's) or, with `login` undefined, forgets a hub's login; removes the file when none is left. */
export function saveLogin(file: string, hub: string, login: SavedLogin | undefined): void {
  const key = hubKey(hub);
  const others = readLogins(file).filter((l) => l.hub !== key);
  const logins = login ? [...others, { ...login, hub: key }] : others;
  if (logins.length === 0) {
    rmSync(file, { force: true });
    return;
  }
  writeAtomically(file, `${JSON.stringify({ version: 1, logins }, null, 2)}\n`);
}

/** Creates the directory owner-only, or tightens it to 0700. */
function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform !== "win32" && (statSync(dir).mode & 0o077) !== 0) chmodSync(dir, 0o700);
}

function writeAtomically(file: string, text: string): void {
  ensurePrivateDir(dirname(file));
  const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  const fd = openSync(temp, "wx", 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** A lock older than this is left over by a CLI that died, in ms. */
const staleLockMs = 30_000;
/** How long to wait for another CLI's refresh, in ms. */
const lockWaitMs = 15_000;

/** Runs `fn` holding `file`.lock (made with O_EXCL), so one CLI at a time refreshes and saves. */
export async function withCredentialsLock<T>(file: string, fn: () => Promise<T>): Promise<T> {
  const lock = `${file}.lock`;
  ensurePrivateDir(dirname(file));
  const deadline = Date.now() + lockWaitMs;
  for (;;) {
    try {
      closeSync(openSync(lock, "wx", 0o600));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > staleLockMs) rmSync(lock, { force: true });
      else if (Date.now() > deadline) throw new CredentialsError(`another porthole is refreshing the login (${lock}); try again, or remove that file if none is running`);
      else await new Promise((r) => setTimeout(r, 50));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { force: true });
  }
}
