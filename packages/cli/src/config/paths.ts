// Where Porthole keeps its files on this machine: PORTHOLE_HOME, or ~/.porthole.
import { mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export interface Paths {
  home: string;
  /** One JSON file per running session of this machine (owner-only). */
  sessions: string;
  logs: string;
  /** The embedded hub's SQLite database. */
  embeddedDb: string;
  /** Logins made with `porthole login` (mode 0600, see login/credentials.ts). */
  credentials: string;
}

export function portholePaths(env: Readonly<Record<string, string | undefined>>): Paths {
  const home = env.PORTHOLE_HOME || join(homedir(), ".porthole");
  return { home, sessions: join(home, "sessions"), logs: join(home, "logs"), embeddedDb: join(home, "hub.db"), credentials: join(home, "credentials.json") };
}

/** Creates the directories with owner-only permissions. */
export function ensurePaths(paths: Paths): void {
  for (const dir of [paths.home, paths.sessions, paths.logs]) mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** The built web app (packages/web/dist), served by every hub. */
export const webRoot = fileURLToPath(new URL("../../../web/dist", import.meta.url));
