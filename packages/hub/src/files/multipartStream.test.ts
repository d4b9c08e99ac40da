// The multipart reader: the same events however the body is cut into chunks (a boundary split across
// chunks included), data that looks almost like a boundary, RFC 5987 names, and malformed bodies.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { multipartBoundary, multipartEvents, type MultipartEvent } from "./multipartStream.js";

async function* chunks(body: Buffer, sizes: () => number): AsyncGenerator<Buffer> {
  for (let i = 0; i < body.length; ) {
    const n = Math.max(1, sizes());
    yield body.subarray(i, i + n);
    i += n;
  }
}

/** The events with each part's data joined. */
async function read(body: Buffer, boundary: string, sizes: () => number = () => body.length) {
  const parts: { name?: string | undefined; filename?: string | undefined; data: Buffer }[] = [];
  for await (const e of multipartEvents(chunks(body, sizes), boundary) as AsyncGenerator<MultipartEvent>) {
    if (e.kind === "part") parts.push({ name: e.name, filename: e.filename, data: Buffer.alloc(0) });
    else if (e.kind === "data") parts.at(-1)!.data = Buffer.concat([parts.at(-1)!.data, e.chunk]);
  }
  return parts;
}

const boundary = "----porthole7MA4YWxkTrZu0gW";
const content = Buffer.concat([Buffer.from(`\r\n--${boundary.slice(0, -1)}x\r\n--`), randomBytes(3000), Buffer.from(`\r\n-`)]);
const body = Buffer.concat([
  Buffer.from(`preamble to ignore\r\n--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--${boundary}  \r\n`),
  Buffer.from(`Content-Disposition: form-data; name="file"; filename="a \\"quoted\\" name.txt"\r\nContent-Type: application/octet-stream\r\n\r\n`),
  content,
  Buffer.from(`\r\n--${boundary}--\r\nepilogue`),
]);

describe("multipart reader", () => {
  it("yields the same parts for every way of cutting the body", async () => {
    const whole = await read(body, boundary);
    expect(whole.map((p) => [p.name, p.filename])).toEqual([["note", undefined], ["file", 'a "quoted" name.txt']]);
    expect(whole[0]!.data.toString()).toBe("hello");
    expect(whole[1]!.data.equals(content)).toBe(true);
    for (const size of [1, 2, 3, 7, boundary.length, boundary.length + 1, 100]) {
      expect(await read(body, boundary, () => size), `chunks of ${size}`).toEqual(whole);
    }
    for (let i = 0; i < 20; i++) expect(await read(body, boundary, () => 1 + Math.floor(Math.random() * 64))).toEqual(whole);
  });

  it("prefers filename* (RFC 5987) and reads the body starting with the boundary", async () => {
    const b = Buffer.from(`--X\r\nContent-Disposition: form-data; name="f"; filename="fallback.txt"; filename*=UTF-8''%C3%A9t%C3%A9.txt\r\n\r\nx\r\n--X--`);
    expect(await read(b, "X")).toEqual([{ name: "f", filename: "été.txt", data: Buffer.from("x") }]);
  });

  it("refuses malformed bodies with 400", async () => {
    const bad = [
      `--X\r\nContent-Disposition: form-data; name="f"; filename="a"\r\n\r\ncut off`,
      `--X\r\nContent-Type: text/plain\r\n\r\nno disposition\r\n--X--`,
      `--X\r\nno colon here\r\n\r\nx\r\n--X--`,
      `--Xjunk\r\n\r\n`,
      `no boundary at all`,
      `--X\r\nContent-Disposition: form-data; filename*=UTF-8''%E0%A4%A\r\n\r\nx\r\n--X--`,
    ];
    for (const text of bad) await expect(read(Buffer.from(text), "X"), text).rejects.toMatchObject({ code: "bad_request" });
    await expect(read(Buffer.alloc(100_000, 0x61), "X")).rejects.toThrow(/no boundary/);
  });

  it("takes the boundary from the Content-Type, refusing other types with 415", () => {
    expect(multipartBoundary('multipart/form-data; charset=utf-8; boundary="a b:c"')).toBe("a b:c");
    expect(multipartBoundary("Multipart/Form-Data;boundary=xyz")).toBe("xyz");
    expect(() => multipartBoundary("application/json")).toThrow(expect.objectContaining({ code: "unsupported_media_type" }));
    expect(() => multipartBoundary(undefined)).toThrow(expect.objectContaining({ code: "unsupported_media_type" }));
    for (const ct of ["multipart/form-data", "multipart/form-data; boundary=", `multipart/form-data; boundary=${"x".repeat(71)}`, "multipart/form-data; boundary=a\u0000b"]) {
      expect(() => multipartBoundary(ct), ct).toThrow(expect.objectContaining({ code: "bad_request" }));
    }
  });
});
