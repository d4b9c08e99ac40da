// The user's stored Anthropic key, end to end: saved through the API (checked against a stand-in for
// the Anthropic API: fixtures/fakeAnthropic.ts), a hosted agent of kind "claude" finds it in its
// environment, and it is on no process's command line, in no hub log line and in no file on disk.
import { createHash } from "node:crypto";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { createHub, type Hub } from "@porthole/hub";
import { parsePairingUrl } from "@porthole/protocol";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeAnthropic, type FakeAnthropic } from "../fixtures/fakeAnthropic.js";
import { connectViewer } from "../support/nodeViewer.js";
import { portholeBin } from "../support/portholeCli.js";
import { api, OWNER_TOKEN } from "../support/testHub.js";

const KEY = `sk-ant-api03-${"Kq7".repeat(30)}-hostedKeyTest`;
const fingerprint = createHash("sha256").update(KEY).digest("hex").slice(0, 16);
/** An agent that says whether it got a key (by a fingerprint of it, never the key), then waits. */
const keyCheck = `if [ -n "$ANTHROPIC_API_KEY" ]; then printf 'key-set-%s\\n' "$(printf %s "$ANTHROPIC_API_KEY" | sha256sum | cut -c1-16)"; else echo key-missing; fi; exec sleep 600`;

const dir = mkdtempSync(join(tmpdir(), "porthole-hosted-key-"));
chmodSync(dir, 0o711); // sandbox uids pass through to the workspaces
const logLines: string[] = [];
let fake: FakeAnthropic;
let hub: Hub;
let url: string;

beforeAll(async () => {
  fake = await startFakeAnthropic(() => "unused", { validKeys: [KEY] });
  const logger = pino({ level: "trace" }, new Writable({ write: (chunk: Buffer, _enc, done) => (logLines.push(chunk.toString("utf8")), done()) }));
  hub = await createHub(
    {
      host: "127.0.0.1",
      port: 0,
      sqliteFile: join(dir, "hub.db"),
      ownerToken: OWNER_TOKEN,
      auth: { dataDir: dir, registration: "open", argon2: { memoryKiB: 19 * 1024, passes: 2, parallelism: 1 } },
      secrets: { anthropicBaseUrl: fake.url },
      hosted: {
        cliEntry: portholeBin,
        workspacesDir: join(dir, "workspaces"),
        runnersDir: join(dir, "runners"),
        agents: { keycheck: { command: ["/bin/sh", "-c", keyCheck], kind: "claude", network: false } },
      },
    },
    { logger },
  );
  url = (await hub.listen()).url;
});

afterAll(async () => {
  await hub?.close();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function register(name: string): Promise<string> {
  const made = await api(url, "POST", "/v1/auth/register", { email: `${name}@example.com`, password: `${name} has a long enough passphrase` }, "");
  expect(made.status).toBe(201);
  return made.json.accessToken as string;
}

/** Starts the key-checking agent for `token` and returns what it printed. */
async function runKeyCheck(token: string): Promise<{ id: string; said: string }> {
  const started = await api(url, "POST", "/v1/sessions", { agent: "keycheck" }, token);
  expect(started.status, started.text).toBe(201);
  const link = parsePairingUrl(started.json.link);
  if (typeof link === "string") throw new Error(`bad pairing link: ${link}`);
  const viewer = connectViewer(link);
  try {
    await viewer.waitForStatus("live", 15_000);
    await viewer.waitForText(/key-(set-[0-9a-f]{16}|missing)/, 10_000);
    return { id: started.json.session.id, said: /key-(set-[0-9a-f]{16}|missing)/.exec(viewer.text())![0] };
  } finally {
    viewer.close();
  }
}

/** Every process's command line (arguments joined by spaces). */
function commandLines(): string[] {
  const lines: string[] = [];
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      lines.push(readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " "));
    } catch {
      // the process ended meanwhile
    }
  }
  return lines;
}

/** Files under `root` whose bytes contain `needle`. */
function filesContaining(root: string, needle: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(root, { recursive: true, encoding: "utf8" })) {
    const path = join(root, name);
    try {
      if (statSync(path).isFile() && readFileSync(path).includes(needle)) found.push(path);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

describe("a user's stored Anthropic key in a hosted session", () => {
  it("reaches the agent's environment, and no command line, log line or file", async () => {
    const token = await register("keyed");
    const refused = await api(url, "PUT", "/v1/account/anthropic-key", { key: `${KEY}-wrong` }, token);
    expect(refused.status).toBe(400);
    expect(refused.json.error.message).toMatch(/refused/);
    expect((await api(url, "GET", "/v1/account/anthropic-key", undefined, token)).json.anthropicKey.set).toBe(false);
    const saved = await api(url, "PUT", "/v1/account/anthropic-key", { key: KEY }, token);
    expect(saved.status, saved.text).toBe(200);
    expect(saved.text).not.toContain(KEY);

    const { id, said } = await runKeyCheck(token);
    expect(said).toBe(`key-set-${fingerprint}`);
    // While it runs: no process (runner, prlimit, setpriv, bwrap, script, the agent) has it on its command line.
    const sandboxed = commandLines().filter((l) => l.includes(dir));
    expect(sandboxed.some((l) => l.includes("bwrap"))).toBe(true);
    expect(commandLines().filter((l) => l.includes(KEY))).toEqual([]);
    // Nor any file: the database holds it sealed, the runner's log and session file never see it.
    expect(filesContaining(dir, KEY)).toEqual([]);
    expect((await api(url, "DELETE", `/v1/sessions/${id}`, undefined, token)).status).toBe(204);
    expect(logLines.length).toBeGreaterThan(10);
    expect(logLines.filter((l) => l.includes(KEY))).toEqual([]);
  });

  it("a user without a key starts the agent without one (another user's key never leaks over)", async () => {
    const token = await register("keyless");
    const { id, said } = await runKeyCheck(token);
    expect(said).toBe("key-missing");
    expect((await api(url, "DELETE", `/v1/sessions/${id}`, undefined, token)).status).toBe(204);
  });
});
