// `porthole serve` as a separate hub, and `porthole run --hub`: the hub restarts under a running
// session; the CLI keeps the agent running, re-attaches and resends; the viewer catches up.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parsePairingUrl, type PairingLink } from "@porthole/protocol";
import { connectViewer } from "../support/nodeViewer.js";
import { portholeBin } from "../support/portholeCli.js";
import { freePort, spawnServe, stopServe } from "../support/portholeServe.js";
import { spawnPty } from "../fixtures/pty.js";

const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", TERM: "xterm-256color", LANG: "C.UTF-8", HOME: process.env.HOME ?? "/root" };
const TOKEN = "serve-test-owner-token-0123456789";

const startServeAt = (dataDir: string, port: number) => spawnServe({ env, dataDir, port, args: ["--token", TOKEN] });

describe("porthole serve", () => {
  it("survives a hub restart under a running session: nothing acknowledged is lost", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "porthole-serve-"));
    const home = mkdtempSync(join(tmpdir(), "porthole-home-"));
    const port = await freePort();
    let hub = await startServeAt(dataDir, port);
    const hubUrl = `http://127.0.0.1:${port}`;
    const desk = spawnPty(process.execPath, [portholeBin, "run", "--hub", hubUrl, "--token", TOKEN, "--no-qr", "--", "bash", "--norc", "--noprofile"], { cwd: tmpdir(), env: { ...env, PORTHOLE_HOME: home } });
    try {
      await desk.waitForText(/Starting:/, 15_000);
      const url = /(http:\/\/\S+#k=\S+)/.exec(desk.raw())?.[1];
      const link = parsePairingUrl(url ?? "") as PairingLink;
      expect(typeof link).toBe("object");
      const viewer = connectViewer(link);
      await viewer.waitForStatus("live");
      desk.write("echo before-$((1+1))\r");
      await viewer.waitForText("before-2");

      await stopServe(hub);
      await viewer.waitForStatus("reconnecting");
      desk.write("echo during-the-outage-$((2+2))\r"); // the agent keeps running at the desk
      await desk.waitForText("during-the-outage-4", 10_000);
      hub = await startServeAt(dataDir, port);

      await viewer.waitForText("during-the-outage-4", 20_000);
      desk.write("echo after-$((3+3))\r");
      await viewer.waitForText("after-6");
      const shown = viewer.text();
      expect(shown.indexOf("before-2")).toBeLessThan(shown.indexOf("during-the-outage-4"));
      expect(shown.match(/during-the-outage-4/g)?.length).toBe(1); // its output, once
      expect(shown.match(/echo during-the-outage-/g)?.length).toBe(1); // the echoed command, once
      desk.write("exit 3\r");
      await viewer.waitForStatus("ended", 15_000);
      expect(viewer.exit?.code).toBe(3);
      expect((await desk.waitForExit(15_000)).exitCode).toBe(3);
      viewer.close();
    } finally {
      desk.kill();
      await stopServe(hub);
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    }
  }, 90_000);

  it("makes the first admin explicitly; sessions from an API key belong to that user alone", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "porthole-serve-"));
    const home = mkdtempSync(join(tmpdir(), "porthole-home-"));
    const serveEnv = (extra: Record<string, string>) => ({ ...env, ...extra });
    const admin = { email: "admin@example.com", password: "correct horse battery staple" };
    // No default admin: a weak password is refused with a reason, then the explicit step works.
    const weak = spawnSync(process.execPath, [portholeBin, "serve", "--data-dir", dataDir, "--init-admin", admin.email], { env: serveEnv({ PORTHOLE_ADMIN_PASSWORD: "password" }), encoding: "utf8" });
    expect(weak.status).toBe(1);
    expect(weak.stderr).toMatch(/password/i);
    const made = spawnSync(process.execPath, [portholeBin, "serve", "--data-dir", dataDir, "--init-admin", admin.email], { env: serveEnv({ PORTHOLE_ADMIN_PASSWORD: admin.password }), encoding: "utf8" });
    expect(made.status, made.stderr).toBe(0);

    const port = await freePort();
    const hub = await startServeAt(dataDir, port);
    const hubUrl = `http://127.0.0.1:${port}`;
    const call = async (method: string, path: string, token?: string, body?: unknown) => {
      const response = await fetch(`${hubUrl}${path}`, { method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { "content-type": "application/json" } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
      return { status: response.status, json: (await response.json().catch(() => undefined)) as any };
    };
    try {
      const login = await call("POST", "/v1/auth/login", undefined, admin);
      expect(login.status).toBe(200);
      const adminToken = login.json.accessToken as string;
      const key = await call("POST", "/v1/auth/api-keys", adminToken, { name: "laptop", scope: "sessions" });
      expect(key.status).toBe(201);
      const other = await call("POST", "/v1/admin/users", adminToken, { email: "bob@example.com", password: "another long passphrase" });
      expect(other.status).toBe(201);
      const bobToken = (await call("POST", "/v1/auth/login", undefined, { email: "bob@example.com", password: "another long passphrase" })).json.accessToken as string;

      const desk = spawnPty(process.execPath, [portholeBin, "run", "--hub", hubUrl, "--token", key.json.key, "--no-qr", "--", "bash", "--norc", "--noprofile"], { cwd: tmpdir(), env: { ...env, PORTHOLE_HOME: home } });
      try {
        await desk.waitForText(/Starting:/, 15_000);
        const mine = await call("GET", "/v1/sessions", adminToken);
        expect(mine.json.sessions).toHaveLength(1);
        const id = mine.json.sessions[0].id as string;
        expect((await call("GET", "/v1/sessions", bobToken)).json.sessions).toEqual([]);
        expect((await call("GET", `/v1/sessions/${id}`, bobToken)).status).toBe(404);
        expect((await call("POST", `/v1/sessions/${id}/revoke`, bobToken)).status).toBe(404);
        expect((await call("DELETE", `/v1/sessions/${id}`, bobToken)).status).toBe(404);
        const audit = await call("GET", "/v1/admin/audit?type=authz.denied", adminToken);
        expect(audit.status).toBe(200);
        expect(JSON.stringify(audit.json)).toContain(id); // each refusal is on record for the admin
        expect((await call("GET", "/v1/sessions")).status).toBe(401);
        desk.write("exit\r");
        await desk.waitForExit(10_000);
      } finally {
        desk.kill();
      }
    } finally {
      await stopServe(hub);
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    }
  }, 90_000);
});
