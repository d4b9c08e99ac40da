// Session files over HTTP against a real hub whose workspaceOf points at temporary directories the
// test makes: uploads (streamed multipart, chunked or not), downloads, listings and deletes, with
// hostile names, planted symlinks, limits and quotas. Nothing may appear outside the workspace.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSignedInHub, type SignedInHub } from "../secrets/signedInHubSuite.js";

const maxFileBytes = 1024;
const maxWorkspaceBytes = 4096;
const base = mkdtempSync(join(tmpdir(), "porthole-files-"));
const outside = join(base, "outside");
const outsideSecret = join(outside, "secret.txt");
/** Workspace directory per session id; sessions not in the map have none. */
const workspaces = new Map<string, string>();

/** A multipart body with one file part, its filename written byte for byte as given. */
function multipart(filename: string | Buffer, content: Buffer | string, boundary = `b${randomBytes(8).toString("hex")}`) {
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="`),
    Buffer.isBuffer(filename) ? filename : Buffer.from(filename),
    Buffer.from(`"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Names in a directory, recursively, as paths relative to it. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true }).map(String).sort();
}

describe("session files", () => {
  let h: SignedInHub;
  let user: Awaited<ReturnType<SignedInHub["newUser"]>>;
  let session: string;
  let ws: string;

  async function newSession(owner = user, withWorkspace = true): Promise<string> {
    const res = await h.call("POST", "/v1/sessions", { headers: owner.headers, body: { command: "bash", cols: 80, rows: 24, joinVerifier: "0".repeat(64) } });
    if (res.status !== 201) throw new Error(`session: ${res.status} ${res.text}`);
    const id = res.json.session.id as string;
    if (withWorkspace) {
      const dir = join(base, `ws-${id}`);
      mkdirSync(dir);
      workspaces.set(id, dir);
    }
    return id;
  }

  const upload = (id: string, filename: string | Buffer, content: Buffer | string, query = "") => {
    const { body, contentType } = multipart(filename, content);
    return h.call("POST", `/v1/sessions/${id}/files${query}`, { headers: { ...user.headers, "content-type": contentType }, body });
  };

  /** Checks a refusal: the status, a JSON error body, nothing outside changed, no partial upload left. */
  function expectRefused(res: { status: number; json: any }, status: number, message?: RegExp) {
    expect(res.status).toBe(status);
    expect(res.json?.error?.code).toEqual(expect.any(String));
    if (message) expect(res.json.error.message).toMatch(message);
    expect(tree(outside)).toEqual(["secret.txt"]);
    expect(readFileSync(outsideSecret, "utf8")).toBe("outside secret");
    expect(readdirSync(base).filter((n) => !n.startsWith("ws-") && n !== "outside")).toEqual([]);
    for (const dir of workspaces.values()) expect(tree(dir).filter((n) => n.includes(".porthole-upload-"))).toEqual([]);
  }

  beforeAll(async () => {
    mkdirSync(outside);
    writeFileSync(outsideSecret, "outside secret");
    h = await startSignedInHub({ files: { maxFileBytes, maxWorkspaceBytes } }, { workspaceOf: (s) => workspaces.get(s.id) });
    user = await h.newUser();
    session = await newSession();
    ws = workspaces.get(session)!;
  });
  afterAll(async () => {
    await h?.[Symbol.asyncDispose]();
    rmSync(base, { recursive: true, force: true });
  });

  it("uploads, lists, downloads and deletes a file; written 0644 under its name", async () => {
    const content = "hello from the phone\n";
    const res = await upload(session, "notes — été.txt", content);
    expect(res).toMatchObject({ status: 201, json: { file: { name: "notes — été.txt", path: "notes — été.txt", size: content.length } } });
    expect(readFileSync(join(ws, "notes — été.txt"), "utf8")).toBe(content);
    expect(statSync(join(ws, "notes — été.txt")).mode & 0o7777).toBe(0o644);
    expect(statSync(join(ws, "notes — été.txt")).uid).toBe(statSync(ws).uid);

    const list = await h.call("GET", `/v1/sessions/${session}/files`, { headers: user.headers });
    expect(list.json).toMatchObject({ dir: "", truncated: false, limits: { maxFileBytes, maxWorkspaceBytes }, entries: [{ name: "notes — été.txt", type: "file", size: content.length, modifiedAt: expect.any(String) }] });

    const down = await h.call("GET", `/v1/sessions/${session}/files/${encodeURIComponent("notes — été.txt")}`, { headers: user.headers });
    expect(down.status).toBe(200);
    expect(down.text).toBe(content);
    expect(down.headers.get("content-type")).toBe("application/octet-stream");
    expect(down.headers.get("content-disposition")).toBe(`attachment; filename="notes _ _t_.txt"; filename*=UTF-8''notes%20%E2%80%94%20%C3%A9t%C3%A9.txt`);

    expect((await h.call("DELETE", `/v1/sessions/${session}/files/${encodeURIComponent("notes — été.txt")}`, { headers: user.headers })).status).toBe(204);
    expect(tree(ws)).toEqual([]);
    expectRefused(await h.call("DELETE", `/v1/sessions/${session}/files/gone.txt`, { headers: user.headers }), 404);
  });

  it("downloads from a subfolder the agent made", async () => {
    mkdirSync(join(ws, "out"));
    writeFileSync(join(ws, "out", "report.md"), "# done");
    expect((await h.call("GET", `/v1/sessions/${session}/files/out/report.md`, { headers: user.headers })).text).toBe("# done");
    expect((await h.call("GET", `/v1/sessions/${session}/files?dir=out`, { headers: user.headers })).json.entries).toMatchObject([{ name: "report.md", type: "file", size: 6 }]);
    expect((await upload(session, "input.csv", "a,b\n", "?dir=out")).json).toMatchObject({ file: { path: "out/input.csv" } });
    rmSync(join(ws, "out"), { recursive: true });
  });

  it("refuses hostile names with 400 and writes nothing", async () => {
    const names: (string | Buffer)[] = [
      "../../x", "..", ".", "%2e%2e%2f", "%2e%2e%2fx", "%252e%252e%252fx", "/etc/passwd", "/tmp/x", "a/b", "..\\..\\x", "C:evil",
      Buffer.from("a\u0000b"), "a\u202eexe.txt", "x".repeat(256), "é".repeat(128), "trailing.", " leading", "",
    ];
    for (const name of names) {
      const res = await upload(session, name, "payload");
      expect(res.status, String(name)).toBe(400);
      expectRefused(res, 400);
    }
    expect(tree(ws)).toEqual([]);
    // 255 bytes is still a name.
    expect((await upload(session, "y".repeat(255), "ok")).status).toBe(201);
    rmSync(join(ws, "y".repeat(255)));
  });

  it("refuses hostile paths to download, delete and list with 400 or 404", async () => {
    for (const path of ["..%2f..%2foutside%2fsecret.txt", "%2e%2e/%2e%2e/outside/secret.txt", "a/../../outside/secret.txt", "%00", "x%00y"]) {
      const down = await h.call("GET", `/v1/sessions/${session}/files/${path}`, { headers: user.headers });
      expect([400, 404], path).toContain(down.status);
      expect(down.text).not.toContain("outside secret");
      expectRefused(await h.call("DELETE", `/v1/sessions/${session}/files/${path}`, { headers: user.headers }), down.status);
    }
    for (const dir of ["..", "../outside", "/etc", "a/../.."]) {
      expectRefused(await h.call("GET", `/v1/sessions/${session}/files?dir=${encodeURIComponent(dir)}`, { headers: user.headers }), 400);
    }
  });

  it("refuses a planted symlink out of the workspace for upload, download, delete and listing", async () => {
    symlinkSync(outsideSecret, join(ws, "link.txt"));
    symlinkSync(outside, join(ws, "linkdir"));
    expectRefused(await upload(session, "link.txt", "overwrite?"), 400, /symbolic link/);
    expectRefused(await upload(session, "new.txt", "into the link?", "?dir=linkdir"), 400, /symbolic link/);
    const down = await h.call("GET", `/v1/sessions/${session}/files/link.txt`, { headers: user.headers });
    expect(down.text).not.toContain("outside secret");
    expectRefused(down, 400, /symbolic link/);
    const through = await h.call("GET", `/v1/sessions/${session}/files/linkdir/secret.txt`, { headers: user.headers });
    expect(through.text).not.toContain("outside secret");
    expectRefused(through, 400, /symbolic link/);
    expectRefused(await h.call("DELETE", `/v1/sessions/${session}/files/link.txt`, { headers: user.headers }), 400, /symbolic link/);
    expectRefused(await h.call("DELETE", `/v1/sessions/${session}/files/linkdir/secret.txt`, { headers: user.headers }), 400, /symbolic link/);
    expectRefused(await h.call("GET", `/v1/sessions/${session}/files?dir=linkdir`, { headers: user.headers }), 400, /symbolic link/);
    // Listed as links, never followed.
    const list = await h.call("GET", `/v1/sessions/${session}/files`, { headers: user.headers });
    expect(list.json.entries).toEqual([
      { name: "link.txt", type: "symlink", size: 0, modifiedAt: expect.any(String) },
      { name: "linkdir", type: "symlink", size: 0, modifiedAt: expect.any(String) },
    ]);
    rmSync(join(ws, "link.txt"));
    rmSync(join(ws, "linkdir"));
  });

  it("refuses a FIFO at once instead of waiting on it", async () => {
    execFileSync("mkfifo", [join(ws, "pipe")]);
    expectRefused(await h.call("GET", `/v1/sessions/${session}/files/pipe`, { headers: user.headers }), 400, /not a regular file/);
    rmSync(join(ws, "pipe"));
  });

  it("accepts exactly the file limit and refuses one byte over with 413, leaving no partial file", async () => {
    expect((await upload(session, "exact.bin", Buffer.alloc(maxFileBytes, 0x61))).status).toBe(201);
    expect(statSync(join(ws, "exact.bin")).size).toBe(maxFileBytes);
    expectRefused(await upload(session, "over.bin", Buffer.alloc(maxFileBytes + 1, 0x61)), 413, /larger than 1024 bytes/);
    expect(existsSync(join(ws, "over.bin"))).toBe(false);
    rmSync(join(ws, "exact.bin"));
  });

  it("streams a chunked upload with no Content-Length, and refuses one over the limit mid-stream", async () => {
    async function chunked(content: Buffer): Promise<{ status: number; json: any }> {
      const { body, contentType } = multipart("chunked.bin", content);
      return new Promise((resolve, reject) => {
        const req = http.request(`${h.url}/v1/sessions/${session}/files`, { method: "POST", headers: { ...user.headers, "content-type": contentType, "transfer-encoding": "chunked" } }, (res) => {
          let text = "";
          res.on("data", (c: Buffer) => (text += c.toString()));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
        });
        req.on("error", reject);
        for (let i = 0; i < body.length; i += 100) req.write(body.subarray(i, i + 100));
        req.end();
      });
    }
    expect((await chunked(Buffer.alloc(900, 0x62))).status).toBe(201);
    expect(statSync(join(ws, "chunked.bin")).size).toBe(900);
    expectRefused(await chunked(Buffer.alloc(maxFileBytes + 1, 0x62)), 413);
    expect(statSync(join(ws, "chunked.bin")).size).toBe(900);
    rmSync(join(ws, "chunked.bin"));
  });

  it("refuses a cut-off body and wrong content types, with no partial file", async () => {
    const { body, contentType } = multipart("cut.txt", "the whole thing");
    expectRefused(await h.call("POST", `/v1/sessions/${session}/files`, { headers: { ...user.headers, "content-type": contentType }, body: body.subarray(0, body.length - 20) }), 400, /ended before the closing boundary/);
    expectRefused(await h.call("POST", `/v1/sessions/${session}/files`, { headers: { ...user.headers, "content-type": "application/octet-stream" }, body: "raw" }), 415);
    expectRefused(await h.call("POST", `/v1/sessions/${session}/files`, { headers: user.headers, body: { file: "json" } }), 415);
    expectRefused(await h.call("POST", `/v1/sessions/${session}/files`, { headers: { ...user.headers, "content-type": "multipart/form-data" }, body: "x" }), 400, /no boundary/);
    const fieldOnly = `--B\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--B--\r\n`;
    expectRefused(await h.call("POST", `/v1/sessions/${session}/files`, { headers: { ...user.headers, "content-type": "multipart/form-data; boundary=B" }, body: fieldOnly }), 400, /no file part/);
    const two = `--B\r\nContent-Disposition: form-data; name="a"; filename="a.txt"\r\n\r\nA\r\n--B\r\nContent-Disposition: form-data; name="b"; filename="b.txt"\r\n\r\nB\r\n--B--\r\n`;
    expectRefused(await h.call("POST", `/v1/sessions/${session}/files`, { headers: { ...user.headers, "content-type": "multipart/form-data; boundary=B" }, body: two }), 400, /one file per request/);
    expect(tree(ws)).toEqual([]);
  });

  it("refuses executables and scripts by content and by name, and dot-files", async () => {
    const cases: [string, Buffer | string, RegExp][] = [
      ["program", Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), /ELF/],
      ["app", Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1]), /Mach-O/],
      ["setup.txt", Buffer.from("MZ\x90\x00"), /Windows program/],
      ["run", "#!/bin/sh\nrm -rf ~\n", /#! line/],
      ["install.sh", "echo hi", /\.sh files/],
      ["payload.EXE", "text", /\.exe files/],
      ["archive.exe.txt", "text", /\.exe files/],
      [".bashrc", "alias ls=rm", /dot/],
    ];
    for (const [name, content, message] of cases) expectRefused(await upload(session, name, content), 400, message);
    // Fewer bytes than a magic number are fine.
    expect((await upload(session, "tiny", "#")).status).toBe(201);
    rmSync(join(ws, "tiny"));
    expect(tree(ws)).toEqual([]);
  });

  it("keeps the workspace under its quota", async () => {
    const id = await newSession();
    const dir = workspaces.get(id)!;
    for (let i = 0; i < 4; i++) expect((await upload(id, `part${i}.bin`, Buffer.alloc(1000, 0x63))).status).toBe(201);
    expectRefused(await upload(id, "more.bin", Buffer.alloc(100, 0x63)), 413, /quota/);
    expect((await upload(id, "fits.bin", Buffer.alloc(96, 0x63))).status).toBe(201);
    expectRefused(await upload(id, "full.bin", "x"), 413, /full/);
    expect(tree(dir)).toHaveLength(5);
  });

  it("answers 404 for someone else's session and 409 for a session without a workspace", async () => {
    const other = await h.newUser();
    const theirs = await newSession(other);
    for (const [method, path] of [["GET", "/files"], ["GET", "/files/a.txt"], ["DELETE", "/files/a.txt"]] as const) {
      expectRefused(await h.call(method, `/v1/sessions/${theirs}${path}`, { headers: user.headers }), 404, /no such session/);
    }
    expectRefused(await upload(theirs, "intrusion.txt", "x"), 404, /no such session/);
    expect(tree(workspaces.get(theirs)!)).toEqual([]);
    const local = await newSession(user, false);
    expectRefused(await h.call("GET", `/v1/sessions/${local}/files`, { headers: user.headers }), 409, /no workspace/);
    expectRefused(await upload(local, "a.txt", "x"), 409, /no workspace/);
    expectRefused(await h.call("GET", `/v1/sessions/${session}/files`), 401);
  });
});
