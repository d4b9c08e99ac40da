// The key row's byte mapping, checked against what xterm-compatible terminals send.
import { describe, expect, it } from "vitest";
import { keyBytes, withCtrl } from "./keyBytes.js";

describe("keyBytes", () => {
  it("sends the plain control bytes", () => {
    expect(keyBytes("esc")).toBe("\x1b");
    expect(keyBytes("tab")).toBe("\t");
    expect(keyBytes("ctrl-c")).toBe("\x03");
    expect(keyBytes("enter")).toBe("\r");
  });

  it("sends normal-mode arrows by default", () => {
    expect([keyBytes("up"), keyBytes("down"), keyBytes("right"), keyBytes("left")]).toEqual([
      "\x1b[A",
      "\x1b[B",
      "\x1b[C",
      "\x1b[D",
    ]);
  });

  it("sends application-mode arrows when the program asked for them", () => {
    expect(keyBytes("up", { applicationCursor: true })).toBe("\x1bOA");
    expect(keyBytes("left", { applicationCursor: true })).toBe("\x1bOD");
  });

  it("sends Ctrl+arrow with the modifier parameter", () => {
    expect(keyBytes("right", { ctrl: true })).toBe("\x1b[1;5C");
    expect(keyBytes("esc", { ctrl: true })).toBe("\x1b");
  });
});

describe("withCtrl", () => {
  it("maps letters of either case to C0 controls", () => {
    expect(withCtrl("c")).toBe("\x03");
    expect(withCtrl("C")).toBe("\x03");
    expect(withCtrl("a")).toBe("\x01");
    expect(withCtrl("z")).toBe("\x1a");
  });

  it("maps the xterm symbol shortcuts", () => {
    expect(withCtrl("[")).toBe("\x1b");
    expect(withCtrl(" ")).toBe("\x00");
    expect(withCtrl("?")).toBe("\x7f");
  });

  it("leaves longer text and unmapped characters alone", () => {
    expect(withCtrl("ls")).toBe("ls");
    expect(withCtrl("é")).toBe("é");
    expect(withCtrl("1")).toBe("1");
  });
});
