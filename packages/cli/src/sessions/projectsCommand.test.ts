// `porthole projects` actions in process against a real hub on port 0 (owner token): list (archived
// on request, JSON), rename, archive, unarchive, delete by name or id prefix, --force for a
// connected desk, and clear refusals. e2e/integration/projectsCli.test.ts covers the command line.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { createHub, type Hub } from "@porthole/hub";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { portholePaths } from "../config/paths.js";
import { projectsCommand, type ProjectsAction } from "./projectsCommand.js";

const dir = mkdtempSync(join(tmpdir(), "porthole-projects-cli-"));
const ownerToken = randomBytes(24).toString("base64url");
let hub: Hub;
let url: string;

beforeAll(async () => {
  hub = await createHub({ host: "127.0.0.1", port: 0, sqliteFile: join(dir, "hub.db"), ownerToken, webRoot: dir, logLevel: "silent" }, { logger: pino({ level: "silent" }) });
  ({ url } = await hub.listen());
});
afterAll(async () => {
  await hub?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs one action and returns its exit code and output. */
async function projects(action: ProjectsAction, token = ownerToken) {
  let out = "";
  let err = "";
  const sink = (append: (s: string) => void) => new Writable({ write: (chunk: Buffer, _enc, done) => (append(chunk.toString()), done()) }) as unknown as NodeJS.WriteStream;
  const io = { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)) };
  const code = await projectsCommand(portholePaths({ PORTHOLE_HOME: dir }), io, { hub: url, token, action });
  return { code, out, err };
}

async function session(directory: string) {
  const res = await fetch(`${url}/v1/sessions`, {
    method: "POST",
    headers: { authorization: `Bearer ${ownerToken}`, "content-type": "application/json" },
    body: JSON.stringify({ command: "claude", cols: 80, rows: 24, joinVerifier: randomBytes(32).toString("hex"), project: { machine: "laptop", directory } }),
  });
  return ((await res.json()) as { session: { id: string; projectId: string } }).session;
}

const list = (archived = false, json = false): ProjectsAction => ({ t: "list", archived, json });

describe("porthole projects", () => {
  it("lists, renames, archives, unarchives and deletes projects by name or id prefix", async () => {
    expect((await projects(list())).out).toContain("No projects on");
    const shop = await session("/home/ann/webshop");
    await session("/home/ann/webshop");
    const api = await session("/srv/api");

    const listed = await projects(list());
    expect(listed.code).toBe(0);
    expect(listed.out).toContain(`${shop.projectId}  webshop  laptop:/home/ann/webshop  2 session(s)\n`);
    expect(listed.out).toContain(`${api.projectId}  api  laptop:/srv/api  1 session(s)\n`);

    expect(await projects({ t: "rename", project: "webshop", name: "Web shop" })).toMatchObject({ code: 0, out: `Renamed ${shop.projectId} to Web shop.\n` });
    expect(await projects({ t: "archive", project: api.projectId.slice(0, 8), archived: true })).toMatchObject({ code: 0 });
    expect((await projects(list())).out).not.toContain("laptop:/srv/api");
    expect((await projects(list(true))).out).toContain("laptop:/srv/api  1 session(s)  archived\n");
    expect(JSON.parse((await projects(list(true, true))).out)).toEqual(expect.arrayContaining([expect.objectContaining({ id: api.projectId, archivedAt: expect.any(String) })]));
    expect(await projects({ t: "archive", project: "api", archived: false })).toMatchObject({ code: 0, out: "Unarchived api.\n" });

    expect(await projects({ t: "delete", project: "Web shop", force: false })).toMatchObject({ code: 0, out: "Deleted Web shop and its sessions.\n" });
    expect((await projects(list())).out).toMatch(/^\S+ {2}api {2}laptop:\/srv\/api {2}1 session\(s\)\n$/);
  });

  it("needs --force to delete a project whose desk is connected", async () => {
    const s = await session("/home/ann/live");
    await hub.bus.setHost(s.id, "a-connection");
    expect(await projects({ t: "delete", project: "live", force: false })).toMatchObject({ code: 1, err: expect.stringContaining("add --force") });
    expect(await projects({ t: "delete", project: "live", force: true })).toMatchObject({ code: 0 });
  });

  it("refuses unknown and ambiguous names, bad names and a refused token with a clear message", async () => {
    await session("/a/twin");
    await session("/b/twin");
    expect(await projects({ t: "delete", project: "nothing-like-this", force: true })).toMatchObject({ code: 1, err: expect.stringContaining("no project nothing-like-this") });
    expect(await projects({ t: "rename", project: "twin", name: "x" })).toMatchObject({ code: 1, err: expect.stringContaining("matches several projects") });
    expect(await projects({ t: "rename", project: "api", name: "bad\u0007name" })).toMatchObject({ code: 1, err: expect.stringContaining("control characters") });
    expect(await projects(list(), "x".repeat(40))).toMatchObject({ code: 1, err: expect.stringContaining("porthole login") });
  });
});
