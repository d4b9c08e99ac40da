// The `porthole` command as a person runs it, in a real PTY: output arrives whole, `porthole
// sessions` lists and revokes, and the agent's exit code becomes porthole's.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parsePairingUrl, type PairingLink } from "@porthole/protocol";
import { connectViewer } from "../support/nodeViewer.js";
import { portholeBin, startPortholeRun } from "../support/portholeCli.js";

const run = promisify(execFile);
const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", TERM: "xterm-256color", LANG: "C.UTF-8", HOME: process.env.HOME ?? "/root" };

function link(url: string): PairingLink {
  const parsed = parsePairingUrl(url);
  if (typeof parsed === "string") throw new Error(parsed);
  return parsed;
}

async function porthole(home: string, ...args: string[]) {
  return run(process.execPath, [portholeBin, ...args], { env: { ...env, PORTHOLE_HOME: home } });
}

describe("porthole run", () => {
  it("delivers every line of `seq 1 200000` to a viewer, then the exit code", async () => {
    await using cli = await startPortholeRun(["--", "sh", "-c", "read go; seq 1 200000; exit 4"], { env });
    const viewer = connectViewer(link(cli.link), { keepText: false });
    await viewer.waitForStatus("live");
    cli.pty.write("\r");
    await viewer.waitForStatus("ended", 30_000);
    expect(viewer.exit).toEqual({ code: 4, signal: null });
    const expected = createHash("sha256").update(`\r\n${Array.from({ length: 200000 }, (_, i) => `${i + 1}\r\n`).join("")}`).digest("hex");
    expect(viewer.digest()).toBe(expected);
    expect((await cli.pty.waitForExit(10_000)).exitCode).toBe(4);
    viewer.close();
  }, 60_000);

  it("lists the session, shows a fresh link, and revokes sharing without stopping the agent", async () => {
    await using cli = await startPortholeRun(["--", "bash", "--norc", "--noprofile"], { env });
    const phone = connectViewer(link(cli.link));
    await phone.waitForStatus("live");

    const list = await porthole(cli.home, "sessions", "--json");
    const sessions = JSON.parse(list.stdout) as { id: string; connected: boolean; command: string }[];
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ connected: true, command: "bash --norc --noprofile" });
    const id = sessions[0]!.id;

    // The printed link was used by the phone: `sessions link` shows a new one for the next device.
    const fresh = (await porthole(cli.home, "sessions", "link", id.slice(0, 8), "--no-qr")).stdout.match(/http\S+/)?.[0];
    expect(fresh).toBeDefined();
    expect(fresh).not.toBe(cli.link);
    const laptop = connectViewer(link(fresh!));
    await laptop.waitForStatus("live");

    const revoked = await porthole(cli.home, "sessions", "revoke", id);
    expect(revoked.stdout).toMatch(/revoked/);
    await phone.waitForStatus("failed");
    await laptop.waitForStatus("failed");
    // The remembered device is forgotten too: reopening without a new link fails.
    const { pairingSecret: _spent, ...bare } = link(cli.link);
    const again = connectViewer(bare, { devices: phone.devices });
    await again.waitForStatus("failed");

    // The agent kept running: the desk still works, and a new link pairs a device again.
    cli.pty.write("echo still-$((20+1))\r");
    await cli.pty.waitForText("still-21", 10_000);
    const newest = (await porthole(cli.home, "sessions", "link", id, "--no-qr")).stdout.match(/http\S+/)?.[0];
    const rejoined = connectViewer(link(newest!));
    await rejoined.waitForStatus("live");
    await rejoined.waitForText("still-21");
    cli.pty.write("exit\r");
    expect((await cli.pty.waitForExit(10_000)).exitCode).toBe(0);
    for (const v of [phone, laptop, again, rejoined]) v.close();
  }, 60_000);

  it("keeps the desk terminal's size: a resize reaches the agent and every viewer", async () => {
    await using cli = await startPortholeRun(["--", "bash", "--norc", "--noprofile"], { env, cols: 100, rows: 30 });
    const viewer = connectViewer(link(cli.link));
    await viewer.waitForStatus("live");
    expect(viewer.sizes.at(-1)).toEqual({ cols: 100, rows: 30 });
    cli.pty.resize(90, 20);
    await viewer.waitUntil(() => viewer.sizes.some((s) => s.cols === 90 && s.rows === 20), "the new size at the viewer");
    cli.pty.write("stty size\r");
    await viewer.waitForText("20 90");
    cli.pty.write("exit\r");
    await cli.pty.waitForExit(10_000);
    viewer.close();
  }, 30_000);

  it("says what is wrong with bad flags and a missing command", async () => {
    const home = "/tmp/porthole-cli-flags";
    await expect(porthole(home, "run", "--hub", "http://127.0.0.1:9", "--", "true")).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/not logged in to http:\/\/127\.0\.0\.1:9: run porthole login/) });
    await expect(porthole(home, "run", "--port", "99999", "--", "true")).rejects.toMatchObject({ stderr: expect.stringMatching(/port/) });
    await expect(porthole(home, "sessions", "revoke", "nope")).rejects.toMatchObject({ stderr: expect.stringMatching(/no running session/) });
    const help = await porthole(home, "--help");
    expect(help.stdout).toMatch(/run[\s\S]*serve[\s\S]*sessions[\s\S]*login[\s\S]*logout[\s\S]*whoami[\s\S]*doctor/);
    for (const command of ["run", "serve", "sessions", "login", "logout", "whoami", "doctor"]) expect((await porthole(home, command, "--help")).stdout).toMatch(/Usage: porthole/);
    const doctor = await porthole(home, "doctor");
    expect(doctor.stdout).toMatch(/ok\s+PTY \(node-pty\)/);
    expect(doctor.stdout).toMatch(/Ready: porthole run -- claude/);
    await expect(run(process.execPath, [portholeBin, "doctor"], { env: { ...env, PORTHOLE_HOME: "/dev/null/porthole" } })).rejects.toMatchObject({ code: 1, stdout: expect.stringMatching(/FAIL\s+Porthole home/) });
  }, 30_000);
});
