// Builds a file_edit from the structured result Claude Code records for its file tools
// (`toolUseResult` in the transcript, `tool_use_result` in stream-json), as seen in 2.1.330:
//   Edit:  { filePath, oldString, newString, originalFile, structuredPatch: Hunk[] }
//   Write: { type: "create" | "update", filePath, content, originalFile, structuredPatch: Hunk[] }
import { asRecord, num, str, type Json } from "./json.js";

/** The file_edit fields a tool result gives: path, unified diff, and replaced strings when known. */
export interface FileEditFields {
  path: string;
  diff: string;
  oldString?: string;
  newString?: string;
}

interface Hunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: string[];
}

function hunksOf(value: unknown): Hunk[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((raw) => {
    const h = asRecord(raw);
    const lines = Array.isArray(h?.lines) ? h.lines.filter((l): l is string => typeof l === "string") : undefined;
    const [oldStart, oldLines, newStart, newLines] = [num(h?.oldStart), num(h?.oldLines), num(h?.newStart), num(h?.newLines)];
    if (lines === undefined || oldStart === undefined || oldLines === undefined || newStart === undefined || newLines === undefined) return [];
    return [{ oldStart, oldLines, newStart, newLines, lines }];
  });
}

/** A unified diff of `path` from hunks; `created` diffs from /dev/null. */
export function unifiedDiff(path: string, hunks: readonly Hunk[], created = false): string {
  const head = [`--- ${created ? "/dev/null" : `a${path.startsWith("/") ? "" : "/"}${path}`}`, `+++ b${path.startsWith("/") ? "" : "/"}${path}`];
  const body = hunks.flatMap((h) => [`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, ...h.lines]);
  return [...head, ...body].join("\n") + "\n";
}

/** The whole of `content` as one added hunk (a new file). */
function creationHunk(content: string): Hunk {
  const lines = content.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return { oldStart: 0, oldLines: 0, newStart: 1, newLines: lines.length, lines: lines.map((l) => `+${l}`) };
}

/** The file edit a tool result describes, or undefined when it is not a file change. */
export function fileEditFrom(result: Json | undefined): FileEditFields | undefined {
  const path = str(result?.filePath);
  if (result === undefined || path === undefined || !Array.isArray(result.structuredPatch)) return undefined;
  const content = str(result.content);
  const created = result.type === "create" || (result.originalFile === null && content !== undefined);
  let hunks = hunksOf(result.structuredPatch);
  if (hunks.length === 0 && created && content !== undefined) hunks = [creationHunk(content)];
  const edit: FileEditFields = { path, diff: unifiedDiff(path, hunks, created) };
  const oldString = str(result.oldString);
  const newString = str(result.newString);
  if (oldString !== undefined) edit.oldString = oldString;
  if (newString !== undefined) edit.newString = newString;
  return edit;
}
