// Words and numbers for the chat view: a tool call in one line, durations, token counts, cost, and
// how an approval was settled. Pure; durations in ms, cost in US dollars.
import type { ChatEvent } from "@porthole/protocol";

type Of<T extends ChatEvent["type"]> = Extract<ChatEvent, { type: T }>;

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** What a tool call is about, in one short line: the command, the file, the pattern… */
export function toolSummary(name: string, input: Record<string, unknown>): string {
  const field = (key: string) => (typeof input[key] === "string" ? (input[key] as string) : undefined);
  const pick =
    (name === "Bash" ? field("command") : undefined) ??
    field("file_path") ??
    field("notebook_path") ??
    field("pattern") ??
    field("url") ??
    field("query") ??
    field("description") ??
    field("path") ??
    Object.values(input).find((v): v is string => typeof v === "string");
  return pick === undefined ? "" : clip(pick.replace(/\s+/g, " ").trim(), 120);
}

/** "850 ms", "3.2 s", "2 min 5 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** "1,234". */
export const formatCount = (n: number): string => Math.round(n).toLocaleString("en-US");

/** "$0.0123", or "$1.25" from a dollar up. */
export const formatCost = (usd: number): string => `$${usd.toFixed(usd < 1 ? 4 : 2)}`;

/** One line for a finished turn: how long, tokens in and out, cost; parts that are unknown are left out. */
export function turnSummary(end: Of<"turn_end">): string {
  const parts = [end.interrupted ? "Interrupted" : "Done"];
  if (end.durationMs !== undefined) parts[0] += ` in ${formatDuration(end.durationMs)}`;
  if (end.inputTokens !== undefined || end.outputTokens !== undefined) {
    parts.push(`${formatCount(end.inputTokens ?? 0)} in / ${formatCount(end.outputTokens ?? 0)} out tokens`);
  }
  if (end.costUsd !== undefined) parts.push(formatCost(end.costUsd));
  return parts.join(" · ");
}

/** How an approval was settled, for its card. */
export function resolutionText(resolution: Of<"permission_resolved">): string {
  const verb = resolution.outcome === "allowed" ? (resolution.always ? "Allowed for this session" : "Allowed") : resolution.outcome === "denied" ? "Denied" : "Not answered";
  const who = resolution.by === "viewer" ? " from Porthole" : resolution.by === "desk" ? " at the desk" : "";
  const why = resolution.reason !== undefined && resolution.reason !== "" ? `: ${resolution.reason}` : "";
  return resolution.by === "desk" ? `Answered at the desk: ${verb.toLowerCase()}${why}` : `${verb}${who}${why}`;
}

/** A file's size for people: "512 bytes", "1.5 KB", "5 MB". */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KB`;
  return `${bytes} bytes`;
}
