// `porthole serve` as a separate process on a free port with its own data directory, for tests that
// need the real hub command (accounts on): makes the first admin, starts, and stops it.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { portholeBin } from "./portholeCli.js";

export interface ServedHub extends AsyncDisposable {
  url: string;
  dataDir: string;
  child: ChildProcess;
}

/** A free TCP port on 127.0.0.1 (so a test can restart a hub on the same one). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Runs `porthole serve` on 127.0.0.1:port with this data directory; resolves once it listens. */
export async function spawnServe(opts: { env: Record<string, string>; dataDir: string; port: number; args?: string[] }): Promise<ChildProcess> {
  const args = [portholeBin, "serve", "--listen", "127.0.0.1", "--port", String(opts.port), "--data-dir", opts.dataDir, "--log-level", "warn", ...(opts.args ?? [])];
  const child = spawn(process.execPath, args, { env: opts.env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const start = Date.now();
  while (!out.includes("hub listening")) {
    if (Date.now() - start > 15_000 || child.exitCode !== null) throw new Error(`porthole serve did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return child;
}

/** Stops a `porthole serve` with SIGTERM and waits for it to exit. */
export async function stopServe(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

/** Makes the first admin of a data directory (`porthole serve --init-admin`). */
export function initAdmin(env: Record<string, string>, dataDir: string, admin: { email: string; password: string }): void {
  const made = spawnSync(process.execPath, [portholeBin, "serve", "--data-dir", dataDir, "--init-admin", admin.email], { env: { ...env, PORTHOLE_ADMIN_PASSWORD: admin.password }, encoding: "utf8" });
  if (made.status !== 0) throw new Error(`--init-admin failed: ${made.stderr}`);
}

/** Starts `porthole serve` on 127.0.0.1; with `admin`, first makes that admin account (--init-admin). */
export async function startServe(env: Record<string, string>, opts: { admin?: { email: string; password: string } } = {}): Promise<ServedHub> {
  const dataDir = mkdtempSync(join(tmpdir(), "porthole-serve-"));
  if (opts.admin) initAdmin(env, dataDir, opts.admin);
  const port = await freePort();
  const child = await spawnServe({ env, dataDir, port });
  return {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    child,
    async [Symbol.asyncDispose]() {
      await stopServe(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
