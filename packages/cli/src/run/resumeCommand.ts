// `porthole resume [ID]`: continues an earlier Claude Code session of this directory. Lists the
// recent ones from their transcripts (newest first), lets the person pick one (or takes ID), then
// runs `claude --resume ID` as `porthole run` does; the chat view replays the earlier conversation
// from the transcript before the new turns.
import { createInterface } from "node:readline/promises";
import { recentClaudeSessions, type RecentClaudeSession } from "@porthole/agents";

export interface ResumeIo {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

/** "2026-11-22 03:10" in local time. */
const when = (ms: number): string => {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

/** The list as printed: one numbered line per session. */
export function formatSessions(sessions: readonly RecentClaudeSession[]): string {
  return sessions
    .map((s, i) => `  ${String(i + 1).padStart(2)}. ${when(s.updatedAt)}  ${s.id}  ${s.firstMessage === "" ? "(no message)" : JSON.stringify(s.firstMessage)}${s.messages > 1 ? ` +${s.messages - 1} more` : ""}`)
    .join("\n");
}

/**
 * The session to resume: `id` when given (it must be one of this directory's), else the person's pick.
 * Returns a message for the person instead when there is nothing to resume or the choice is not valid.
 */
export async function chooseClaudeSession(options: { home: string; cwd: string; id: string | undefined; list: boolean; io: ResumeIo }): Promise<{ id: string } | { message: string; code: number }> {
  const sessions = await recentClaudeSessions(options.home, options.cwd, options.id === undefined ? 10 : 10_000);
  if (sessions.length === 0) return { message: `no Claude Code sessions found for ${options.cwd}: start one with \`porthole run -- claude\``, code: 1 };
  if (options.id !== undefined) {
    const match = sessions.filter((s) => s.id.startsWith(options.id!.toLowerCase()));
    if (match.length === 1) return { id: match[0]!.id };
    return { message: match.length === 0 ? `no Claude Code session ${options.id} in ${options.cwd}; see \`porthole resume --list\`` : `${options.id} matches ${match.length} sessions: give more of the id`, code: 2 };
  }
  options.io.stdout.write(`Recent Claude Code sessions in ${options.cwd}:\n${formatSessions(sessions)}\n`);
  if (options.list) return { message: "", code: 0 };
  if (!options.io.stdin.isTTY) return { message: "pick a session: porthole resume ID (stdin is not a terminal)", code: 2 };
  const prompt = createInterface({ input: options.io.stdin, output: options.io.stdout });
  try {
    const answer = (await prompt.question(`Resume which one? [1-${sessions.length}, Enter for 1] `)).trim();
    const index = answer === "" ? 1 : Number(answer);
    const chosen = Number.isInteger(index) ? sessions[index - 1] : undefined;
    return chosen === undefined ? { message: `not a choice: ${JSON.stringify(answer.slice(0, 20))}`, code: 2 } : { id: chosen.id };
  } finally {
    prompt.close();
  }
}
