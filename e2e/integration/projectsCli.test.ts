// The `porthole projects` command line against `porthole serve` with an API key: --help, a missing
// hub, a list, and an id starting with "-" after "--". The actions themselves are tested in
// process beside the code (packages/cli/src/sessions/projectsCommand.test.ts).
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { portholeBin } from "../support/portholeCli.js";
import { startServe, type ServedHub } from "../support/portholeServe.js";

const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", LANG: "C.UTF-8", HOME: process.env.HOME ?? "/root" };
const admin = { email: "admin@example.com", password: "admin horse battery staple" };
const home = mkdtempSync(join(tmpdir(), "porthole-home-"));
let hub: ServedHub;
let key: string;

beforeAll(async () => {
  hub = await startServe(env, { admin });
  const login = await fetch(`${hub.url}/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(admin) });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const made = await fetch(`${hub.url}/v1/auth/api-keys`, { method: "POST", headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json" }, body: JSON.stringify({ name: "cli", scope: "sessions" }) });
  key = ((await made.json()) as { key: string }).key;
});

afterAll(async () => {
  await hub?.[Symbol.asyncDispose]();
  rmSync(home, { recursive: true, force: true });
});

function porthole(...args: string[]) {
  const r = spawnSync(process.execPath, [portholeBin, ...args], { env: { ...env, PORTHOLE_HOME: home }, encoding: "utf8", timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// Each step starts the CLI afresh (about 1 s each, more on a loaded machine).
describe("porthole projects (command line)", { timeout: 120_000 }, () => {
  it("lists and archives with an API key, says which hub is missing, and has --help", async () => {
    const res = await fetch(`${hub.url}/v1/sessions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ command: "claude", cols: 80, rows: 24, joinVerifier: randomBytes(32).toString("hex"), project: { machine: "laptop", directory: "/srv/api" } }),
    });
    const { projectId } = ((await res.json()) as { session: { projectId: string } }).session;
    expect(porthole("projects", "--hub", hub.url, "--token", key)).toMatchObject({ code: 0, out: `${projectId}  api  laptop:/srv/api  1 session(s)\n` });
    // An id may start with "-": after "--" it is an argument, not an option.
    const archived = porthole("projects", "archive", "--hub", hub.url, "--token", key, "--", projectId);
    expect(archived, archived.err).toMatchObject({ code: 0, out: expect.stringContaining("Archived api") });
    expect(porthole("projects")).toMatchObject({ code: 2, err: expect.stringContaining("which hub?") });
    expect(porthole("projects", "--help").out).toMatch(/rename[\s\S]*archive[\s\S]*unarchive[\s\S]*delete/);
  });
});
