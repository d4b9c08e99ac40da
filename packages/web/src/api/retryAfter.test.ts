// Retry-After as seconds or as an HTTP date.
import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "./retryAfter.js";

describe("parseRetryAfter", () => {
  it("reads delay seconds, at least 1", () => {
    expect(parseRetryAfter("30", 0)).toBe(30);
    expect(parseRetryAfter(" 0 ", 0)).toBe(1);
  });

  it("reads an HTTP date relative to now", () => {
    const now = Date.parse("Sun, 22 Nov 2026 00:00:00 GMT");
    expect(parseRetryAfter("Sun, 22 Nov 2026 00:01:30 GMT", now)).toBe(90);
  });

  it("ignores absent or unreadable values", () => {
    expect(parseRetryAfter(null, 0)).toBeUndefined();
    expect(parseRetryAfter("", 0)).toBeUndefined();
    expect(parseRetryAfter("soon", 0)).toBeUndefined();
  });
});
