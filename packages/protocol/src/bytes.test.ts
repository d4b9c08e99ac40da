import { describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { equalBytes, fromBase64Url, readU64, toBase64Url, writeU64 } from "./bytes.js";

describe("base64url", () => {
  it("round-trips every length and matches Node's encoder", () => {
    for (let n = 0; n < 70; n++) {
      const bytes = new Uint8Array(randomBytes(n));
      const text = toBase64Url(bytes);
      expect(text).toBe(Buffer.from(bytes).toString("base64url"));
      expect(fromBase64Url(text)).toEqual(bytes);
    }
  });

  it("refuses characters outside the alphabet, impossible lengths and non-canonical tails", () => {
    expect(fromBase64Url("ab+c")).toBeUndefined();
    expect(fromBase64Url("abc=")).toBeUndefined();
    expect(fromBase64Url("abcde")).toBeUndefined();
    expect(fromBase64Url("AQ")).toEqual(new Uint8Array([1]));
    expect(fromBase64Url("AR")).toBeUndefined(); // low bits set: would alias "AQ"
  });
});

describe("u64", () => {
  it("round-trips safe integers and refuses larger ones", () => {
    const buf = new Uint8Array(8);
    for (const v of [0, 1, 255, 2 ** 32, 2 ** 40 + 7, Number.MAX_SAFE_INTEGER]) {
      writeU64(buf, 0, v);
      expect(readU64(buf, 0)).toBe(v);
    }
    expect(() => writeU64(buf, 0, -1)).toThrow(RangeError);
    buf.fill(0xff);
    expect(readU64(buf, 0)).toBeUndefined();
  });
});

describe("equalBytes", () => {
  it("compares content and length", () => {
    expect(equalBytes(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
    expect(equalBytes(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false);
    expect(equalBytes(new Uint8Array([1]), new Uint8Array([1, 0]))).toBe(false);
  });
});
