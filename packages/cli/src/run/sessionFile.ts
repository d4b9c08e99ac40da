// Each running session leaves a small owner-only file in ~/.porthole/sessions, so `porthole
// sessions` on this machine can list it, show its current link and revoke its sharing.
import { readFileSync, readdirSync, rmSync, writeFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";

export const sessionFileSchema = z.object({
  id: z.string(),
  pid: z.number().int(),
  command: z.string(),
  startedAt: z.string(),
  /** The hub's base URL as this CLI reaches it. */
  hubUrl: z.string(),
  /** Token for the hub's API (the embedded hub's, or the configured one); "" with auth "login". */
  token: z.string(),
  /** "login": use the saved `porthole login` of the hub (refreshed as needed) instead of `token`. */
  auth: z.enum(["token", "login"]).default("token"),
  /** The current pairing link (changes after each pairing and on revoke). */
  link: z.string(),
  embedded: z.boolean(),
});
export type SessionFile = z.output<typeof sessionFileSchema>;

export function writeSessionFile(dir: string, file: z.input<typeof sessionFileSchema>): string {
  const path = join(dir, `${file.id}.json`);
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(file, null, 2), { mode: 0o600 });
  renameSync(temp, path);
  return path;
}

export function removeSessionFile(dir: string, id: string): void {
  rmSync(join(dir, `${id}.json`), { force: true });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Session files of running CLIs; files left by a CLI that died are removed. */
export function readSessionFiles(dir: string): SessionFile[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".json"));
  } catch {
    return [];
  }
  const files: SessionFile[] = [];
  for (const name of names) {
    try {
      const parsed = sessionFileSchema.safeParse(JSON.parse(readFileSync(join(dir, name), "utf8")));
      if (!parsed.success) continue;
      if (processAlive(parsed.data.pid)) files.push(parsed.data);
      else rmSync(join(dir, name), { force: true });
    } catch {
      continue;
    }
  }
  return files.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}
