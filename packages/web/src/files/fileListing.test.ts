// The files panel's helpers: sizes read the way people read them, folder paths, and URLs that keep a
// hostile name a single path segment.
import { describe, expect, it } from "vitest";
import { fileUrl, formatBytes, joinPath, listUrl, parentOf } from "./fileListing.js";

describe("file listing helpers", () => {
  it("formats sizes", () => {
    expect([0, 999, 1024, 1536, 10 * 1024 * 1024, 100 * 1024 * 1024 - 1].map(formatBytes)).toEqual(["0 B", "999 B", "1 KiB", "1.5 KiB", "10 MiB", "100 MiB"]);
  });

  it("joins and climbs folder paths", () => {
    expect(joinPath("", "a")).toBe("a");
    expect(joinPath("a/b", "c")).toBe("a/b/c");
    expect(parentOf("a/b/c")).toBe("a/b");
    expect(parentOf("a")).toBe("");
  });

  it("encodes each name so ?, # and % stay inside its segment", () => {
    expect(fileUrl("S1234567890123456", "out/x?y#z%.txt")).toBe("/v1/sessions/S1234567890123456/files/out/x%3Fy%23z%25.txt");
    expect(fileUrl("S", "été.txt")).toBe("/v1/sessions/S/files/%C3%A9t%C3%A9.txt");
    expect(listUrl("S", "")).toBe("/v1/sessions/S/files");
    expect(listUrl("S", "a b/c")).toBe("/v1/sessions/S/files?dir=a%20b%2Fc");
  });
});
