// File operations inside one workspace that never leave it: every directory on the way is opened with
// O_NOFOLLOW and the next step is taken through /proc/self/fd/N (race-free on Linux), so a symlink
// planted anywhere, even swapped in mid-request, is refused instead of followed.
import { randomBytes } from "node:crypto";
import { constants, existsSync } from "node:fs";
import { lstat, open, readdir, realpath, rename, stat, unlink, type FileHandle } from "node:fs/promises";
import { join, sep } from "node:path";
import { PortholeError } from "@porthole/protocol";
import { partialPrefix } from "./fileNames.js";

const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_DIRECTORY, O_NONBLOCK } = constants;
/** Linux: a directory fd's path that the kernel resolves to that very directory. */
const procFd = process.platform === "linux" && existsSync("/proc/self/fd");
/** Entries one listing returns at most. */
export const maxListEntries = 1000;
/** Entries walked when summing a workspace at most; past it the workspace counts as full. */
const maxWalkEntries = 200_000;

/** An open directory inside the workspace; `path` reaches exactly it. */
export interface OpenDir {
  readonly path: string;
  close(): Promise<void>;
}

function refusedBy(err: unknown, what: string): PortholeError | undefined {
  switch ((err as NodeJS.ErrnoException).code) {
    case "ELOOP":
      return new PortholeError("bad_request", `${what} is a symbolic link, which is refused`);
    case "ENOENT":
      return new PortholeError("not_found", `${what} does not exist`);
    case "ENOTDIR":
      return new PortholeError("bad_request", `${what} is not a folder`);
    case "EISDIR":
      return new PortholeError("bad_request", `${what} is a folder`);
    default:
      return undefined;
  }
}

/** Runs a file system call, turning the expected failures into clear PortholeErrors. */
async function fsCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw refusedBy(err, what) ?? err;
  }
}

/** Opens the folder `segments` below the workspace root, refusing symlinks at every step. */
export async function openDir(root: string, segments: readonly string[]): Promise<OpenDir> {
  const realRoot = await fsCall("the workspace", () => realpath(root));
  let handle: FileHandle = await fsCall("the workspace", () => open(realRoot, O_RDONLY | O_DIRECTORY));
  let path = realRoot;
  try {
    for (const [i, name] of segments.entries()) {
      const next = procFd ? `/proc/self/fd/${handle.fd}/${name}` : join(path, name);
      const what = `"${segments.slice(0, i + 1).join("/")}"`;
      const opened: FileHandle = await fsCall(what, async () => {
        try {
          return await open(next, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
        } catch (err) {
          // Linux reports a symlink opened with O_DIRECTORY | O_NOFOLLOW as ENOTDIR: say which it is.
          if ((err as NodeJS.ErrnoException).code === "ENOTDIR" && (await lstat(next).catch(() => undefined))?.isSymbolicLink()) throw Object.assign(new Error("symlink"), { code: "ELOOP" });
          throw err;
        }
      });
      await handle.close();
      handle = opened;
      path = join(path, name);
    }
  } catch (err) {
    await handle.close();
    throw err;
  }
  if (!procFd) {
    // Without /proc the path is re-checked instead; a swap in between is the rest risk (not Linux).
    const real = await realpath(path);
    if (real !== realRoot && !real.startsWith(realRoot + sep)) {
      await handle.close();
      throw new PortholeError("bad_request", "the path leaves the workspace");
    }
  }
  const dir = handle;
  return { path: procFd ? `/proc/self/fd/${dir.fd}` : path, close: () => dir.close() };
}

/** One entry of a listing; symlinks are shown as such, never followed. */
export interface FileEntry {
  name: string;
  type: "file" | "folder" | "symlink" | "other";
  /** Bytes, for files; 0 otherwise. */
  size: number;
  /** Last modification, ms since epoch. */
  modifiedAt: number;
}

export async function listDir(dir: OpenDir): Promise<{ entries: FileEntry[]; truncated: boolean }> {
  const names = (await readdir(dir.path)).filter((n) => !n.startsWith(partialPrefix)).sort();
  const entries: FileEntry[] = [];
  for (const name of names.slice(0, maxListEntries)) {
    const st = await lstat(`${dir.path}/${name}`).catch(() => undefined);
    if (!st) continue; // removed in the meantime
    const type = st.isFile() ? "file" : st.isDirectory() ? "folder" : st.isSymbolicLink() ? "symlink" : "other";
    entries.push({ name, type, size: type === "file" ? st.size : 0, modifiedAt: Math.round(st.mtimeMs) });
  }
  return { entries, truncated: names.length > maxListEntries };
}

/** Opens a regular file for reading; symlinks, folders, FIFOs and devices are refused. */
export async function openFileForRead(dir: OpenDir, name: string): Promise<{ handle: FileHandle; size: number; modifiedAt: number }> {
  // O_NONBLOCK: opening a planted FIFO must not wait for a writer.
  const handle = await fsCall(`"${name}"`, () => open(`${dir.path}/${name}`, O_RDONLY | O_NOFOLLOW | O_NONBLOCK));
  const st = await handle.stat();
  if (!st.isFile()) {
    await handle.close();
    throw new PortholeError("bad_request", `"${name}" is ${st.isDirectory() ? "a folder" : "not a regular file"}`);
  }
  return { handle, size: st.size, modifiedAt: Math.round(st.mtimeMs) };
}

/** Deletes a regular file; symlinks and folders are refused. */
export async function deleteFile(dir: OpenDir, name: string): Promise<void> {
  const st = await fsCall(`"${name}"`, () => lstat(`${dir.path}/${name}`));
  if (st.isSymbolicLink()) throw new PortholeError("bad_request", `"${name}" is a symbolic link, which is refused`);
  if (!st.isFile()) throw new PortholeError("bad_request", `"${name}" is ${st.isDirectory() ? "a folder" : "not a regular file"}; only files can be deleted`);
  await fsCall(`"${name}"`, () => unlink(`${dir.path}/${name}`));
}

/** An upload being written under a temporary name in `dir`; commit renames it, abort removes it. */
export interface PartialFile {
  handle: FileHandle;
  commit(name: string): Promise<void>;
  abort(): Promise<void>;
}

export async function createPartial(dir: OpenDir): Promise<PartialFile> {
  const temp = `${partialPrefix}${randomBytes(12).toString("hex")}`;
  const handle = await open(`${dir.path}/${temp}`, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o644);
  // The umask may have taken bits away; never any execute, setuid or setgid bit.
  await handle.chmod(0o644);
  // A hub running as root gives the file to the folder's owner (the sandbox's uid), so the agent may change it.
  if (process.getuid?.() === 0) {
    const owner = await stat(dir.path);
    await handle.chown(owner.uid, owner.gid);
  }
  let done = false;
  return {
    handle,
    async commit(name) {
      const existing = await lstat(`${dir.path}/${name}`).catch(() => undefined);
      if (existing?.isSymbolicLink()) throw new PortholeError("bad_request", `"${name}" is a symbolic link, which is refused`);
      if (existing && !existing.isFile()) throw new PortholeError("conflict", `"${name}" exists and is not a file`);
      await handle.sync();
      await handle.close();
      // rename replaces the entry itself: a link swapped in at `name` meanwhile is replaced, not followed.
      await rename(`${dir.path}/${temp}`, `${dir.path}/${name}`);
      done = true;
    },
    async abort() {
      if (done) return;
      done = true;
      await handle.close().catch(() => undefined);
      await unlink(`${dir.path}/${temp}`).catch(() => undefined);
    },
  };
}

/** Bytes of regular files in the workspace (symlinks not followed); Infinity past maxWalkEntries. */
export async function workspaceBytes(root: string): Promise<number> {
  let total = 0;
  let seen = 0;
  const pending = [await realpath(root)];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (++seen > maxWalkEntries) return Infinity;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else if (entry.isFile()) total += (await lstat(path).catch(() => undefined))?.size ?? 0;
    }
  }
  return total;
}
