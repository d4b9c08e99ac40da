// Hosted sessions through the API: a logged-in user starts a sandboxed shell on the hub, pairs with
// the link the API returns, types and sees output; hostile requests get clear errors and change
// nothing; quotas hold; deleting the session ends its whole process tree.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHub, type Hub } from "@porthole/hub";
import { parsePairingUrl } from "@porthole/protocol";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectViewer } from "../support/nodeViewer.js";
import { portholeBin } from "../support/portholeCli.js";
import { api, OWNER_TOKEN } from "../support/testHub.js";

const dir = mkdtempSync(join(tmpdir(), "porthole-hosted-"));
// Sandboxes run as their own uid when the tests run as root: they must pass through to the workspaces.
chmodSync(dir, 0o711);
let hub: Hub;
let url: string;
const tokens: Record<string, string> = {};

async function register(name: string): Promise<string> {
  const made = await api(url, "POST", "/v1/auth/register", { email: `${name}@example.com`, password: `${name} has a long enough passphrase` }, "");
  expect(made.status).toBe(201);
  return made.json.accessToken as string;
}

/** Processes of the hosted runner and its sandbox still alive (matched by this test's folder). */
function leftovers(): string[] {
  const ps = spawnSync("ps", ["-eo", "pid=,args="], { encoding: "utf8" });
  return ps.stdout.split("\n").filter((l) => l.includes(dir) && !l.includes("ps -eo"));
}

beforeAll(async () => {
  hub = await createHub(
    {
      host: "127.0.0.1",
      port: 0,
      sqliteFile: join(dir, "hub.db"),
      ownerToken: OWNER_TOKEN,
      auth: { dataDir: dir, registration: "open", argon2: { memoryKiB: 19 * 1024, passes: 2, parallelism: 1 } },
      hosted: { cliEntry: portholeBin, workspacesDir: join(dir, "workspaces"), runnersDir: join(dir, "runners"), maxPerUser: 2, maxPerHub: 3 },
    },
    { logger: pino({ level: "silent" }) },
  );
  url = (await hub.listen()).url;
  tokens.alice = await register("alice");
  tokens.bob = await register("bob");
});

afterAll(async () => {
  await hub?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("hosted sessions", () => {
  it("starts a sandboxed shell in the user's workspace; the owner pairs with the returned link, types and sees output", async () => {
    const started = await api(url, "POST", "/v1/sessions", { agent: "shell", project: "demo" }, tokens.alice);
    expect(started.status, started.text).toBe(201);
    expect(started.json.hosted).toMatchObject({ agent: "shell", project: "demo", sandbox: "bubblewrap", network: false });
    expect(started.json.hosted.limits.mechanism).toMatch(/prlimit|cgroup2/);
    expect(started.json.session).toMatchObject({ command: "shell", hostOnline: true });
    const link = parsePairingUrl(started.json.link);
    if (typeof link === "string") throw new Error(`the API returned a bad pairing link: ${link}`);
    const viewer = connectViewer(link);
    try {
      await viewer.waitForStatus("live", 15_000);
      viewer.client.sendInput("echo hosted-$((6*7)) && pwd\r");
      await viewer.waitForText("hosted-42", 10_000);
      await viewer.waitForText(join(dir, "workspaces"), 5_000);
    } finally {
      viewer.close();
    }
    // It is listed like any other session, and the API says how it is sandboxed.
    const listed = await api(url, "GET", "/v1/sessions", undefined, tokens.alice);
    expect(listed.json.sessions.map((s: { id: string }) => s.id)).toContain(started.json.session.id);
    const info = await api(url, "GET", `/v1/sessions/${started.json.session.id}/hosted`, undefined, tokens.alice);
    expect(info.status).toBe(200);
    expect(info.json.hosted.limits.processes).toBeTruthy();
    expect(info.json.link).toMatch(/\/s\/[A-Za-z0-9_-]+#k=/);

    // It belongs to the project of its workspace (machine "hosted"), like sessions of a CLI do to theirs;
    // a second session in the same workspace joins the same project.
    const projects = await api(url, "GET", "/v1/projects", undefined, tokens.alice);
    const project = projects.json.projects.find((p: { id: string }) => p.id === started.json.session.projectId);
    expect(project).toMatchObject({ name: "demo", machine: "hosted", directory: expect.stringMatching(/\/workspaces\/[A-Za-z0-9_-]+\/projects\/demo$/) });
    expect(project.directory.startsWith(join(dir, "workspaces"))).toBe(true);
    const again = await api(url, "POST", "/v1/sessions", { agent: "shell", project: "demo" }, tokens.alice);
    expect(again.status, again.text).toBe(201);
    expect(again.json.session.projectId).toBe(project.id);
    const grouped = await api(url, "GET", `/v1/sessions?project=${project.id}`, undefined, tokens.alice);
    expect(grouped.json.sessions.map((s: { id: string }) => s.id).sort()).toEqual([started.json.session.id, again.json.session.id].sort());
    expect((await api(url, "DELETE", `/v1/sessions/${again.json.session.id}`, undefined, tokens.alice)).status).toBe(204);

    // Someone else sees nothing of it and cannot end it.
    expect((await api(url, "GET", `/v1/sessions/${started.json.session.id}/hosted`, undefined, tokens.bob)).status).toBe(404);
    expect((await api(url, "DELETE", `/v1/sessions/${started.json.session.id}`, undefined, tokens.bob)).status).toBe(404);
    expect(leftovers().length).toBeGreaterThan(0);

    // Deleting it ends the runner and the whole sandbox: nothing is left running.
    expect((await api(url, "DELETE", `/v1/sessions/${started.json.session.id}`, undefined, tokens.alice)).status).toBe(204);
    for (let i = 0; i < 50 && leftovers().length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(leftovers()).toEqual([]);
  });

  it("refuses hostile requests with a clear error and starts nothing", async () => {
    const cases: Array<[unknown, string | undefined, number, RegExp]> = [
      [{ agent: "rm -rf /" }, tokens.alice, 400, /unknown agent/],
      [{ agent: "__proto__" }, tokens.alice, 400, /unknown agent/],
      [{ agent: "shell", project: "../bob" }, tokens.alice, 400, /project/],
      [{ agent: "shell", project: "/etc" }, tokens.alice, 400, /project/],
      [{ agent: "shell", project: "a\u0000b" }, tokens.alice, 400, /project/],
      [{ agent: "shell", extra: true }, tokens.alice, 400, /extra|unrecognized/i],
      [{ agent: "shell", project: "x".repeat(300) }, tokens.alice, 400, /project/],
      [{ agent: "shell" }, undefined, 401, /./],
      [{ agent: "shell" }, OWNER_TOKEN, 403, /user account/],
    ];
    for (const [body, token, status, message] of cases) {
      const answer = await api(url, "POST", "/v1/sessions", body, token ?? "");
      expect(answer.status, JSON.stringify(body)).toBe(status);
      expect(answer.json.error.message).toMatch(message);
    }
    expect(existsSync(join(dir, "workspaces", "bob"))).toBe(false);
    expect(leftovers()).toEqual([]);
  });

  it("keeps to the quotas per user and per hub, with clear errors", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const started = await api(url, "POST", "/v1/sessions", { agent: "shell", project: `p${i}` }, tokens.alice);
      expect(started.status, started.text).toBe(201);
      ids.push(started.json.session.id);
    }
    const third = await api(url, "POST", "/v1/sessions", { agent: "shell" }, tokens.alice);
    expect(third.status).toBe(409);
    expect(third.json.error.message).toMatch(/already run 2 hosted sessions/);
    const bobs = await api(url, "POST", "/v1/sessions", { agent: "shell" }, tokens.bob);
    expect(bobs.status, bobs.text).toBe(201);
    const hubFull = await api(url, "POST", "/v1/sessions", { agent: "shell", project: "other" }, tokens.bob);
    expect(hubFull.status).toBe(429);
    expect(hubFull.json.error.message).toMatch(/this hub already runs 3/);
    const offer = await api(url, "GET", "/v1/hosted", undefined, tokens.alice);
    expect(offer.json).toMatchObject({ available: true, sandbox: "bubblewrap", running: { you: 2, hub: 3 }, quotas: { perUser: 2, perHub: 3 } });
    for (const [id, token] of [...ids.map((id) => [id, tokens.alice!]), [bobs.json.session.id, tokens.bob!]]) {
      expect((await api(url, "DELETE", `/v1/sessions/${id}`, undefined, token)).status).toBe(204);
    }
    for (let i = 0; i < 50 && leftovers().length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(leftovers()).toEqual([]);
  });
});
