// A streaming reader of multipart/form-data bodies (RFC 7578) for one file per request: yields each
// part's headers, then its bytes as they arrive, holding back only a delimiter's length. No dependency.
import { PortholeError } from "@porthole/protocol";

/** Events in body order: a part starts, some of its bytes, it ends. */
export type MultipartEvent =
  | { kind: "part"; name: string | undefined; filename: string | undefined; contentType: string | undefined }
  | { kind: "data"; chunk: Buffer }
  | { kind: "partEnd" };

/** Largest header block of one part, in bytes. */
const maxHeaderBytes = 16 * 1024;
/** Largest preamble before the first boundary, in bytes. */
const maxPreambleBytes = 16 * 1024;

const malformed = (why: string) => new PortholeError("bad_request", `the multipart body is malformed: ${why}`);

/** The boundary from a Content-Type header, or a 415/400 when it is not multipart/form-data. */
export function multipartBoundary(contentType: string | undefined): string {
  const [type, ...params] = (contentType ?? "").split(";");
  if (type?.trim().toLowerCase() !== "multipart/form-data") throw new PortholeError("unsupported_media_type", "send the file as multipart/form-data");
  for (const param of params) {
    const eq = param.indexOf("=");
    if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== "boundary") continue;
    let value = param.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (/^[0-9A-Za-z'()+_,\-./:=? ]{1,70}$/.test(value) && !value.endsWith(" ")) return value;
    throw malformed("the boundary is not valid");
  }
  throw malformed("the Content-Type has no boundary");
}

/** Reads a quoted-string or token parameter from a Content-Disposition value. */
function dispositionParam(value: string, name: string): string | undefined {
  const re = new RegExp(`;\\s*${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, "i");
  const m = re.exec(value);
  if (!m) return undefined;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : m[2];
}

/** filename*=UTF-8''percent-encoded (RFC 5987), which wins over filename= when present. */
function extendedFilename(value: string): string | undefined {
  const raw = dispositionParam(value, "filename\\*");
  const m = raw === undefined ? null : /^utf-8'[^']*'(.*)$/i.exec(raw);
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    throw malformed("filename* is not valid percent-encoded UTF-8");
  }
}

function parseHeaders(block: Buffer): Extract<MultipartEvent, { kind: "part" }> {
  const headers = new Map<string, string>();
  for (const line of block.toString("utf8").split("\r\n")) {
    if (line === "") continue;
    const colon = line.indexOf(":");
    if (colon <= 0) throw malformed("a part header has no name");
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const disposition = headers.get("content-disposition");
  if (!disposition || !/^form-data\s*(;|$)/i.test(disposition)) throw malformed("a part has no Content-Disposition: form-data");
  return { kind: "part", name: dispositionParam(disposition, "name"), filename: extendedFilename(disposition) ?? dispositionParam(disposition, "filename"), contentType: headers.get("content-type") };
}

/**
 * Yields the events of a multipart body as its chunks arrive. Throws bad_request (400) when the
 * body is malformed or ends before the closing boundary (a cut-off upload).
 */
export async function* multipartEvents(body: AsyncIterable<Buffer | string>, boundary: string): AsyncGenerator<MultipartEvent> {
  const dashBoundary = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  let buf = Buffer.alloc(0);
  let state: "preamble" | "afterBoundary" | "headers" | "body" | "done" = "preamble";
  let first = true;

  for await (const chunk of body) {
    buf = buf.length === 0 ? Buffer.from(chunk) : Buffer.concat([buf, Buffer.from(chunk)]);
    for (;;) {
      if (state === "preamble") {
        // The first boundary may open the body directly, or follow a preamble and CRLF.
        const opening = first && buf.length >= dashBoundary.length && buf.subarray(0, dashBoundary.length).equals(dashBoundary);
        const at = opening ? 0 : buf.indexOf(delimiter);
        if (at < 0) {
          if (buf.length > maxPreambleBytes) throw malformed("no boundary where one was expected");
          if (buf.length >= dashBoundary.length) first = false;
          break;
        }
        buf = buf.subarray(at + (opening ? dashBoundary.length : delimiter.length));
        first = false;
        state = "afterBoundary";
      } else if (state === "afterBoundary") {
        if (buf.length < 2) break;
        if (buf[0] === 0x2d && buf[1] === 0x2d) {
          state = "done";
          buf = Buffer.alloc(0);
          break;
        }
        // Transport padding (spaces, tabs) may follow a boundary before its CRLF.
        const eol = buf.indexOf("\r\n");
        if (eol < 0) {
          if (buf.length > 256) throw malformed("a boundary line is too long");
          break;
        }
        if (!/^[ \t]*$/.test(buf.subarray(0, eol).toString("latin1"))) throw malformed("a boundary is followed by text");
        buf = buf.subarray(eol + 2);
        state = "headers";
      } else if (state === "headers") {
        const end = buf.indexOf("\r\n\r\n");
        const empty = buf.subarray(0, 2).toString("latin1") === "\r\n";
        if (end < 0 && !empty) {
          if (buf.length > maxHeaderBytes) throw malformed("a part's headers are too long");
          break;
        }
        const stop = empty ? 0 : end;
        yield parseHeaders(buf.subarray(0, stop));
        buf = buf.subarray(stop + (empty ? 2 : 4));
        state = "body";
      } else if (state === "body") {
        const at = buf.indexOf(delimiter);
        if (at >= 0) {
          if (at > 0) yield { kind: "data", chunk: buf.subarray(0, at) };
          yield { kind: "partEnd" };
          buf = buf.subarray(at + delimiter.length);
          state = "afterBoundary";
          continue;
        }
        // Everything but a possible start of the delimiter is the part's data.
        const keep = Math.min(buf.length, delimiter.length - 1);
        if (buf.length > keep) {
          yield { kind: "data", chunk: buf.subarray(0, buf.length - keep) };
          buf = Buffer.from(buf.subarray(buf.length - keep));
        }
        break;
      } else {
        buf = Buffer.alloc(0);
        break;
      }
    }
  }
  if (state !== "done") throw malformed("the body ended before the closing boundary (upload cut off?)");
}
