// How much disk a user's hosted folder (all their projects and their hosted home) takes: allocated
// blocks of everything under it, symlinks not followed. Used for the per-user disk quota of hosted sessions.
import { lstat, readdir } from "node:fs/promises";
import { join } from "node:path";

/** Stops a walk of a huge tree: past this many entries the usage is unknown (and not enforced). */
export const maxDiskWalkEntries = 200_000;

/** Bytes allocated under `root` (st_blocks × 512), or undefined past `maxEntries` entries. A missing root is 0. */
export async function diskUsage(root: string, maxEntries = maxDiskWalkEntries): Promise<number | undefined> {
  let total = 0;
  let seen = 0;
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (++seen > maxEntries) return undefined;
      const path = join(dir, entry.name);
      const stat = await lstat(path).catch(() => undefined);
      if (!stat) continue;
      total += stat.blocks * 512;
      if (stat.isDirectory()) pending.push(path);
    }
  }
  return total;
}
