// The Claude Code sessions of a working directory, newest first, from their transcripts
// (`~/.claude/projects/<cwd>/<id>.jsonl`, see transcript.ts): for `porthole resume` to list and pick.
import { open, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { createClaudeLineMapper } from "./claudeLines.js";
import { parseLine } from "./json.js";
import { claudeProjectDir } from "./transcript.js";

export interface RecentClaudeSession {
  /** Claude Code's session id (pass to `claude --resume`). */
  id: string;
  /** When its transcript was last written, ms since the epoch. */
  updatedAt: number;
  /** The person's first message, shortened to one line (empty when none was found). */
  firstMessage: string;
  /** The person's messages found in the part of the transcript read. */
  messages: number;
}

/** Session ids are UUIDs; anything else in the folder is not a session transcript. */
const SESSION_FILE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl$/;
/** Bytes read from the start of each transcript to find its first messages. */
const HEAD_BYTES = 256 * 1024;

async function head(path: string): Promise<string> {
  const file = await open(path, "r");
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await file.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString("utf8");
  } finally {
    await file.close();
  }
}

/** Up to `limit` sessions of `cwd` under `home`, newest first; none when Claude Code never ran there. */
export async function recentClaudeSessions(home: string, cwd: string, limit = 10): Promise<RecentClaudeSession[]> {
  const dir = claudeProjectDir(home, cwd);
  const names = await readdir(dir).catch(() => [] as string[]);
  const found = await Promise.all(
    names.map(async (name) => {
      const id = SESSION_FILE.exec(name)?.[1];
      if (id === undefined) return undefined;
      const info = await stat(join(dir, name)).catch(() => undefined);
      return info?.isFile() ? { id, path: join(dir, name), updatedAt: info.mtimeMs } : undefined;
    }),
  );
  const newest = found.filter((f) => f !== undefined).sort((a, b) => b.updatedAt - a.updatedAt).slice(0, limit);
  return Promise.all(
    newest.map(async ({ id, path, updatedAt }) => {
      const mapper = createClaudeLineMapper("transcript");
      const lines = (await head(path).catch(() => "")).split("\n").slice(0, -1);
      const said = lines.flatMap((line) => mapper.map(parseLine(line))).flatMap((e) => (e.type === "user_message" ? [e.text] : []));
      const first = (said[0] ?? "").replace(/\s+/g, " ").trim();
      return { id, updatedAt: Math.round(updatedAt), firstMessage: first.length > 80 ? `${first.slice(0, 79)}…` : first, messages: said.length };
    }),
  );
}
