// Device codes as typed or linked: case, spaces and the dash do not matter.
import { describe, expect, it } from "vitest";
import { deviceFailureText, normalizeUserCode, userCodeFrom } from "./deviceCode.js";

describe("normalizeUserCode", () => {
  it("upper-cases and places the dash", () => {
    expect(normalizeUserCode("abcd-efgh")).toBe("ABCD-EFGH");
    expect(normalizeUserCode(" abcd efgh ")).toBe("ABCD-EFGH");
    expect(normalizeUserCode("ABCDEFGH")).toBe("ABCD-EFGH");
  });

  it("leaves partial codes without a dash, and drops everything else", () => {
    expect(normalizeUserCode("ab<c")).toBe("ABC");
    expect(normalizeUserCode("")).toBe("");
  });
});

describe("userCodeFrom", () => {
  it("reads ?code=", () => {
    expect(userCodeFrom("?code=wxyz-2345")).toBe("WXYZ-2345");
    expect(userCodeFrom("?other=1")).toBe("");
  });
});

describe("deviceFailureText", () => {
  const failure = (status: number, message: string) => ({ ok: false as const, status, code: "x", message });
  it("explains an unknown code and a malformed one", () => {
    expect(deviceFailureText(failure(404, "no pending request with this code"))).toMatch(/unknown, expired or already used/);
    expect(deviceFailureText(failure(400, "userCode: expected 8 letters like BCDF-GHJK"))).toMatch(/8 letters/);
    expect(deviceFailureText({ ...failure(429, "too many requests: try again in 6 s"), retryAfterSeconds: 6 })).toBe("Too many requests. Try again in 6 s.");
  });
});
