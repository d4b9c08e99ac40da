// Times, waits, session states and audit details as the account pages show them.
import { describe, expect, it } from "vitest";
import { formatDetail, formatWait, formatWhen, sentence, sessionState } from "./format.js";

describe("formatWhen", () => {
  const now = Date.parse("2026-11-22T12:00:00Z");
  it("is relative while recent", () => {
    expect(formatWhen("2026-11-22T11:59:30Z", now)).toBe("just now");
    expect(formatWhen("2026-11-22T11:55:00Z", now)).toBe("5 min ago");
    expect(formatWhen("2026-11-22T09:00:00Z", now)).toBe("3 h ago");
  });

  it("is a date when older, and says never or unknown", () => {
    expect(formatWhen("2026-11-01T12:00:00Z", now, "en-GB")).toMatch(/1 Nov 2026/);
    expect(formatWhen(null, now)).toBe("never");
    expect(formatWhen("yesterday", now)).toBe("unknown");
  });
});

describe("formatWait", () => {
  it("uses the largest sensible units", () => {
    expect(formatWait(0)).toBe("0 s");
    expect(formatWait(44.2)).toBe("45 s");
    expect(formatWait(120)).toBe("2 min");
    expect(formatWait(125)).toBe("2 min 5 s");
    expect(formatWait(3600)).toBe("1 h");
    expect(formatWait(3780)).toBe("1 h 3 min");
  });
});

describe("sessionState", () => {
  it("is ended once ended, else online while the desk is connected", () => {
    expect(sessionState({ endedAt: "2026-11-22T12:00:00Z", hostOnline: true })).toBe("ended");
    expect(sessionState({ endedAt: null, hostOnline: true })).toBe("online");
    expect(sessionState({ endedAt: null, hostOnline: false })).toBe("offline");
  });
});

describe("formatDetail and sentence", () => {
  it("prints detail pairs on one line, skipping empty ones", () => {
    expect(formatDetail({ email: "a@b.c", failures: 3, lockedUntil: undefined, extra: { x: 1 } })).toBe('email: a@b.c, failures: 3, extra: {"x":1}');
    expect(formatDetail({})).toBe("");
  });

  it("capitalises the first letter", () => {
    expect(sentence("admins only")).toBe("Admins only");
    expect(sentence("")).toBe("");
  });
});
