// `porthole secrets rotate` against a real hub's data directory: keys set through the API (checked by a
// fake Anthropic API on GET /v1/models) survive rotation and reopen under the new key after a restart;
// a rotation that cannot open every secret changes nothing; --help explains the command.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { createHub, type Hub } from "@porthole/hub";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../main.js";
import { rotateCommand } from "./rotateCommand.js";

const dir = mkdtempSync(join(tmpdir(), "porthole-rotate-cli-"));
const dataDir = join(dir, "data");
const keys = [0, 1, 2].map((i) => `sk-ant-api03-rotate-${i}-${randomBytes(12).toString("hex")}`);
let fakeUrl = "";
let fake: http.Server;

beforeAll(async () => {
  mkdirSync(dataDir, { mode: 0o700 });
  // A fake Anthropic API that accepts every key on GET /v1/models.
  fake = http.createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end('{"data":[]}'));
  await new Promise<void>((resolve) => fake.listen(0, "127.0.0.1", resolve));
  fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => fake.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

async function startHub(): Promise<{ hub: Hub; url: string }> {
  const hub = await createHub(
    { host: "127.0.0.1", port: 0, sqliteFile: join(dataDir, "hub.db"), ownerToken: "rotate-owner-token-0123456789", auth: { dataDir, registration: "open" }, secrets: { anthropicBaseUrl: fakeUrl } },
    { logger: pino({ level: "silent" }) },
  );
  return { hub, url: (await hub.listen()).url };
}

function capture() {
  let text = "";
  const stream = new Writable({ write: (chunk: Buffer, _enc, done) => ((text += chunk.toString()), done()) });
  return { stream, text: () => text };
}

async function rotate(opts: Partial<Parameters<typeof rotateCommand>[0]> & { newKeyFile: string }) {
  const out = capture();
  const err = capture();
  const code = await rotateCommand({ dataDir, ...opts }, { stdout: out.stream, stderr: err.stream });
  return { code, out: out.text(), err: err.text() };
}

const dbBytes = () => Buffer.concat(readdirSync(dataDir).filter((f) => f.startsWith("hub.db")).map((f) => readFileSync(join(dataDir, f))));

describe("porthole secrets rotate", () => {
  const userIds: string[] = [];

  beforeAll(async () => {
    const { hub, url } = await startHub();
    for (const key of keys) {
      const reg = await fetch(`${url}/v1/auth/register`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: `r${randomBytes(4).toString("hex")}@example.test`, password: `correct horse ${randomBytes(6).toString("hex")}` }) });
      const { accessToken, user } = (await reg.json()) as { accessToken: string; user: { id: string } };
      const put = await fetch(`${url}/v1/account/anthropic-key`, { method: "PUT", headers: { "content-type": "application/json", authorization: `Bearer ${accessToken}` }, body: JSON.stringify({ key }) });
      expect(put.status).toBe(200);
      userIds.push(user.id);
    }
    await hub.close();
  });

  it("re-encrypts every key under the new master key, installs it, and the hub reopens them after a restart", async () => {
    const oldKeyText = readFileSync(join(dataDir, "secret-key"), "utf8");
    const newKeyFile = join(dir, "new-key");
    const result = await rotate({ newKeyFile });
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    expect(result.out).toContain(`made a new master key in ${newKeyFile} (mode 0600)`);
    expect(result.out).toMatch(/3 secret\(s\) in the sqlite store/);
    expect(result.out).toContain("re-encrypted 3/3");
    expect(result.out).toContain("committed: 3 secret(s)");
    expect(statSync(newKeyFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, "secret-key")).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dataDir, "secret-key"), "utf8")).toBe(readFileSync(newKeyFile, "utf8"));
    expect(readFileSync(join(dataDir, "secret-key"), "utf8")).not.toBe(oldKeyText);
    expect(existsSync(join(dataDir, "secret-key.new"))).toBe(false);
    for (const key of keys) {
      expect(result.out).not.toContain(key);
      expect(dbBytes().includes(key)).toBe(false);
    }

    const { hub } = await startHub();
    try {
      for (const [i, id] of userIds.entries()) expect(await hub.userSecrets.decryptUserApiKey(id)).toBe(keys[i]);
    } finally {
      await hub.close();
    }
  });

  it("refuses the current key as the new one (exit 2)", async () => {
    const result = await rotate({ newKeyFile: join(dataDir, "secret-key") });
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/holds the current master key/);
  });

  it("changes nothing when the current key it is given cannot open the secrets (exit 1)", async () => {
    const result = await rotate({ newKeyFile: join(dir, "another-key"), secretKey: "44".repeat(32) });
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/3 secret\(s\) are sealed under keys that are neither of these.*nothing was changed/);
    const { hub } = await startHub();
    try {
      expect(await hub.userSecrets.decryptUserApiKey(userIds[0]!)).toBe(keys[0]);
    } finally {
      await hub.close();
    }
  });

  it("explains itself in --help", async () => {
    let help = "";
    const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => ((help += String(chunk)), true));
    try {
      expect(await main(["node", "porthole", "secrets", "rotate", "--help"], {})).toBe(0);
    } finally {
      write.mockRestore();
    }
    expect(help).toContain("--new-key-file <file>");
    expect(help).toContain("PORTHOLE_SECRET_KEY");
    expect(help).toMatch(/running the same command again finishes an interrupted rotation/);
  });
});
