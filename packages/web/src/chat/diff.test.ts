import { describe, expect, it } from "vitest";
import { diffStats, parseDiff } from "./diff.js";

describe("diff rendering", () => {
  it("numbers removed, added and unchanged lines from the hunk header", () => {
    const rows = parseDiff("--- a/src/x.ts\n+++ b/src/x.ts\n@@ -10,3 +10,3 @@\n keep\n-old line\n+new line\n tail\n\\ No newline at end of file\n");
    expect(rows).toEqual([
      { kind: "file", text: "--- a/src/x.ts" },
      { kind: "file", text: "+++ b/src/x.ts" },
      { kind: "hunk", text: "@@ -10,3 +10,3 @@" },
      { kind: "context", text: "keep", oldNo: 10, newNo: 10 },
      { kind: "del", text: "old line", oldNo: 11 },
      { kind: "add", text: "new line", newNo: 11 },
      { kind: "context", text: "tail", oldNo: 12, newNo: 12 },
      { kind: "note", text: "\\ No newline at end of file" },
    ]);
    expect(diffStats(rows)).toEqual({ added: 1, removed: 1 });
  });

  it("shows a new file as added lines from 1", () => {
    const rows = parseDiff("--- /dev/null\n+++ b/hello.txt\n@@ -0,0 +1,2 @@\n+hello\n+world\n");
    expect(rows.filter((r) => r.kind === "add")).toEqual([
      { kind: "add", text: "hello", newNo: 1 },
      { kind: "add", text: "world", newNo: 2 },
    ]);
  });
});
