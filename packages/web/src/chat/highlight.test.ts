import { describe, expect, it } from "vitest";
import { highlight } from "./highlight.js";

describe("highlight", () => {
  it("marks keywords, strings, numbers and comments, and keeps every character", () => {
    const code = 'function f(a) {\n  return "x" + 42; // done\n}';
    const tokens = highlight(code, "js");
    expect(tokens.map((t) => t.text).join("")).toBe(code);
    expect(tokens.filter((t) => t.kind !== "plain")).toEqual([
      { kind: "keyword", text: "function" },
      { kind: "keyword", text: "return" },
      { kind: "string", text: '"x"' },
      { kind: "number", text: "42" },
      { kind: "comment", text: "// done" },
    ]);
  });

  it("uses # comments for shell and Python, none for JSON", () => {
    expect(highlight("echo hi # note", "bash").at(-1)).toEqual({ kind: "comment", text: "# note" });
    expect(highlight('{"a": "#x"}', "json").filter((t) => t.kind === "comment")).toEqual([]);
  });
});
