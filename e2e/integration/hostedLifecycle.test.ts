// How hosted sessions end: after the idle timeout (nothing left running), and when `porthole serve
// --hosted` itself is killed with SIGKILL (its runners and sandboxes die with it: no orphans; once it
// is back, those sessions show as ended and their files are still there), and past the disk quota.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHub } from "@porthole/hub";
import { parsePairingUrl } from "@porthole/protocol";
import { pino } from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { connectViewer } from "../support/nodeViewer.js";
import { portholeBin } from "../support/portholeCli.js";
import { freePort, spawnServe } from "../support/portholeServe.js";
import { api, OWNER_TOKEN } from "../support/testHub.js";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "porthole-hosted-life-"));
  chmodSync(dir, 0o711); // sandbox uids pass through to the workspaces
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Processes whose command line mentions `dir` (runners and sandboxes of that hub). */
function leftovers(dir: string): string[] {
  const ps = spawnSync("ps", ["-eo", "pid=,args="], { encoding: "utf8" });
  return ps.stdout.split("\n").filter((l) => l.includes(dir) && !l.includes("ps -eo"));
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("hosted sessions end", () => {
  it("after the idle timeout, with nothing left running", async () => {
    const dir = tempDir();
    const hub = await createHub(
      {
        host: "127.0.0.1",
        port: 0,
        sqliteFile: join(dir, "hub.db"),
        ownerToken: OWNER_TOKEN,
        auth: { dataDir: dir, registration: "open" },
        hosted: { cliEntry: portholeBin, workspacesDir: join(dir, "workspaces"), runnersDir: join(dir, "runners"), idleTimeoutMinutes: 0.05 },
      },
      { logger: pino({ level: "silent" }) },
    );
    try {
      const { url } = await hub.listen();
      const token = (await api(url, "POST", "/v1/auth/register", { email: "idle@example.com", password: "idle but long passphrase" }, "")).json.accessToken as string;
      const started = await api(url, "POST", "/v1/sessions", { agent: "shell" }, token);
      expect(started.status, started.text).toBe(201);
      expect(leftovers(dir).length).toBeGreaterThan(0);
      await until("the idle session to end", async () => (await api(url, "GET", `/v1/sessions/${started.json.session.id}`, undefined, token)).json.session.endedAt !== null, 15_000);
      await until("its processes to end", () => leftovers(dir).length === 0, 5_000);
      // The hub counts the session out once it has seen its runner exit (a moment after ps stops listing it).
      await until("the hub to count it out", async () => (await api(url, "GET", "/v1/hosted", undefined, token)).json.running.hub === 0, 5_000);
    } finally {
      await hub.close();
    }
  }, 30_000);

  it("past the disk quota: the session ends, a new one is refused until files are deleted", async () => {
    const dir = tempDir();
    const hub = await createHub(
      {
        host: "127.0.0.1",
        port: 0,
        sqliteFile: join(dir, "hub.db"),
        ownerToken: OWNER_TOKEN,
        auth: { dataDir: dir, registration: "open" },
        hosted: { cliEntry: portholeBin, workspacesDir: join(dir, "workspaces"), runnersDir: join(dir, "runners"), maxDiskMb: 2, diskCheckSeconds: 0.5 },
      },
      { logger: pino({ level: "silent" }) },
    );
    try {
      const { url } = await hub.listen();
      const token = (await api(url, "POST", "/v1/auth/register", { email: "disk@example.com", password: "disk quota passphrase" }, "")).json.accessToken as string;
      expect((await api(url, "GET", "/v1/hosted", undefined, token)).json.quotas).toMatchObject({ diskMb: 2 });
      const started = await api(url, "POST", "/v1/sessions", { agent: "shell", project: "big" }, token);
      expect(started.status, started.text).toBe(201);
      const link = parsePairingUrl(started.json.link);
      if (typeof link === "string") throw new Error(link);
      const viewer = connectViewer(link);
      try {
        await viewer.waitForStatus("live", 15_000);
        viewer.client.sendInput("head -c 3000000 /dev/urandom > big.bin && echo written\r");
        await viewer.waitForText("written", 10_000);
      } finally {
        viewer.close();
      }
      const id = started.json.session.id as string;
      await until("the session over its quota to end", async () => (await api(url, "GET", `/v1/sessions/${id}`, undefined, token)).json.session.endedAt !== null, 10_000);
      const refused = await api(url, "POST", "/v1/sessions", { agent: "shell", project: "other" }, token);
      expect(refused.status).toBe(409);
      expect(refused.json.error.message).toMatch(/more than this hub allows \(2 MiB\)/);
      expect((await api(url, "DELETE", `/v1/sessions/${id}/files/big.bin`, undefined, token)).status).toBe(204);
      const again = await api(url, "POST", "/v1/sessions", { agent: "shell", project: "other" }, token);
      expect(again.status, again.text).toBe(201);
      expect((await api(url, "DELETE", `/v1/sessions/${again.json.session.id}`, undefined, token)).status).toBe(204);
    } finally {
      await hub.close();
    }
  }, 40_000);

  it("when the hub is killed: runners and sandboxes die with it; after a restart the sessions are ended and their files still list", async () => {
    const dir = tempDir();
    const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir, LANG: "C.UTF-8" };
    const port = await freePort();
    let serve = await spawnServe({ env, dataDir: dir, port, args: ["--hosted", "--registration", "open"] });
    const url = `http://127.0.0.1:${port}`;
    try {
      const token = (await api(url, "POST", "/v1/auth/register", { email: "crash@example.com", password: "crash test passphrase" }, "")).json.accessToken as string;
      const ids: string[] = [];
      for (const project of ["a", "b"]) {
        const started = await api(url, "POST", "/v1/sessions", { agent: "shell", project }, token);
        expect(started.status, started.text).toBe(201);
        ids.push(started.json.session.id);
      }
      const form = new FormData();
      form.append("file", new Blob(["kept across restarts\n"]), "notes.txt");
      const upload = await fetch(`${url}/v1/sessions/${ids[0]}/files`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: form });
      expect(upload.status, await upload.text()).toBe(201);
      expect(leftovers(dir).filter((l) => l.includes("bwrap")).length).toBeGreaterThanOrEqual(2);
      serve.kill("SIGKILL");
      await until("every runner and sandbox to end", () => leftovers(dir).length === 0, 10_000);

      // The hub comes back on the same data directory: its runners are gone, so it says the sessions ended.
      serve = await spawnServe({ env, dataDir: dir, port, args: ["--hosted", "--registration", "open"] });
      // (A session younger than 5 s might still be starting on another hub: such are looked at again then.)
      for (const id of ids) {
        await until("the session to show as ended", async () => (await api(url, "GET", `/v1/sessions/${id}`, undefined, token)).json.session.endedAt !== null, 8_000);
        expect((await api(url, "GET", `/v1/sessions/${id}`, undefined, token)).json.session.hostOnline).toBe(false);
      }
      const files = await api(url, "GET", `/v1/sessions/${ids[0]}/files`, undefined, token);
      expect(files.status, files.text).toBe(200);
      expect(files.json.entries).toEqual([expect.objectContaining({ name: "notes.txt", type: "file", size: 21 })]);
      const download = await fetch(`${url}/v1/sessions/${ids[0]}/files/notes.txt`, { headers: { authorization: `Bearer ${token}` } });
      expect(await download.text()).toBe("kept across restarts\n");
      expect((await api(url, "GET", "/v1/hosted", undefined, token)).json.running).toEqual({ you: 0, hub: 0 });
    } finally {
      if (serve.exitCode === null) serve.kill("SIGKILL");
    }
  }, 40_000);
});
