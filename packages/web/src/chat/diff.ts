// Reads the unified diffs of file_edit chat events into rows for DiffView: file headers, hunk
// headers, added / removed / unchanged lines with their old and new line numbers.

export interface DiffRow {
  kind: "file" | "hunk" | "add" | "del" | "context" | "note";
  /** The line without its leading +, - or space. */
  text: string;
  /** Line number in the old file (removed and unchanged lines). */
  oldNo?: number;
  /** Line number in the new file (added and unchanged lines). */
  newNo?: number;
}

const HUNK = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@(.*)$/;

export function parseDiff(diff: string): DiffRow[] {
  const rows: DiffRow[] = [];
  let oldNo = 0;
  let newNo = 0;
  const lines = diff.replace(/\r\n?/g, "\n").split("\n");
  if (lines.at(-1) === "") lines.pop();
  for (const line of lines) {
    const hunk = HUNK.exec(line);
    if (hunk) {
      oldNo = Number(hunk[1]);
      newNo = Number(hunk[2]);
      rows.push({ kind: "hunk", text: line });
    } else if (line.startsWith("--- ") || line.startsWith("+++ ")) rows.push({ kind: "file", text: line });
    else if (line.startsWith("+")) rows.push({ kind: "add", text: line.slice(1), newNo: newNo++ });
    else if (line.startsWith("-")) rows.push({ kind: "del", text: line.slice(1), oldNo: oldNo++ });
    else if (line.startsWith("\\")) rows.push({ kind: "note", text: line });
    else rows.push({ kind: "context", text: line.slice(1), oldNo: oldNo++, newNo: newNo++ });
  }
  return rows;
}

/** Lines added and removed, for a summary like "+3 −1". */
export function diffStats(rows: readonly DiffRow[]): { added: number; removed: number } {
  return { added: rows.filter((r) => r.kind === "add").length, removed: rows.filter((r) => r.kind === "del").length };
}
