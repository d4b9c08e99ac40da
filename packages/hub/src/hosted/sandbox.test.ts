// The sandbox seen from inside: a hostile agent tries to read secrets, write outside its workspace,
// plant git hooks, reach the hub, fork-bomb, fill the disk, allocate 10 GB and inject keystrokes
// (TIOCSTI). Each is denied or capped, the test process stays responsive, and nothing is left running.
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createConnection, createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pty from "node-pty";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sandboxArgv, type SandboxPlan } from "./sandboxCommand.js";
import { probeSandbox } from "./sandboxProbe.js";
import { ensureWorkspace, sandboxUid, workspacePaths } from "./workspace.js";

const root = process.getuid?.() === 0;
const uid = root ? sandboxUid(200_000, "alice") : undefined;
const probe = probeSandbox(undefined, uid);
if (!probe.ok) throw new Error(`these tests need bubblewrap: ${probe.reason} (scripts/ensure-test-deps.sh installs it)`);
const tools = probe.tools;

const dir = mkdtempSync(join(tmpdir(), "porthole-sandbox-"));
// Sandbox uids must be able to pass through to the workspaces (not to list or read anything else).
chmodSync(dir, 0o711);
const wsRoot = join(dir, "workspaces");
const alice = workspacePaths(wsRoot, "alice", "demo");
const bob = workspacePaths(wsRoot, "bob", "secret-project");
const hubHome = join(dir, "hub-home");
let hubPort: number;
let server: Server;

const MiB = 1024 * 1024;
function plan(command: string, overrides: Partial<SandboxPlan> = {}): string[] {
  return sandboxArgv({
    tools,
    workspace: alice.dir,
    home: alice.home,
    readOnlyPaths: [],
    network: false,
    ...(uid === undefined ? {} : { uid }),
    rlimits: { openFiles: 256, fileSizeBytes: 10 * MiB, dataBytes: 512 * MiB, processes: 64, cpuSeconds: 60 },
    tmpBytes: 16 * MiB,
    command: ["/bin/bash", "-c", command],
    ...overrides,
  });
}
const env = () => ({ PATH: "/usr/bin:/bin", HOME: alice.home, LANG: "C.UTF-8", TERM: "xterm" });

/** Runs a bash command in the sandbox; output of `script` comes back with CRLF line ends. */
function inSandbox(command: string, overrides: Partial<SandboxPlan> = {}) {
  const argv = plan(command, overrides);
  const result = spawnSync(argv[0]!, argv.slice(1), { encoding: "utf8", env: env(), timeout: 15_000 });
  return { status: result.status, out: `${result.stdout}${result.stderr}`.replace(/\r/g, "") };
}

/** Like inSandbox, without blocking this process (the test's own server must answer meanwhile). */
async function inSandboxAsync(command: string, overrides: Partial<SandboxPlan> = {}): Promise<string> {
  const argv = plan(command, overrides);
  const child = spawn(argv[0]!, argv.slice(1), { env: env(), stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  await new Promise((resolve) => child.once("close", resolve));
  return out.replace(/\r/g, "");
}

function sandboxProcesses(): string[] {
  if (uid === undefined) return [];
  const ps = spawnSync("ps", ["-u", String(uid), "-o", "pid=,cmd="], { encoding: "utf8" });
  return ps.stdout.split("\n").filter((l) => l.trim());
}

beforeAll(async () => {
  await ensureWorkspace(wsRoot, alice, uid);
  await ensureWorkspace(wsRoot, bob, root ? sandboxUid(200_000, "bob") : undefined);
  writeFileSync(join(bob.dir, "plans.txt"), "bob's secret plans");
  mkdirSync(join(hubHome, ".ssh"), { recursive: true });
  writeFileSync(join(hubHome, ".ssh", "id_ed25519"), "FAKE PRIVATE KEY");
  writeFileSync(join(dir, "hub.db"), "the hub's database");
  mkdirSync(join(alice.dir, ".git", "hooks"), { recursive: true });
  if (uid !== undefined) spawnSync("chown", ["-R", `${uid}:${uid}`, join(alice.dir, ".git")]);
  server = createServer((socket) => socket.end("hub says hi\n"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  hubPort = (server.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe("inside the sandbox", () => {
  it("works in its workspace, with only the allowed environment", () => {
    const { status, out } = inSandbox("echo made > note.txt && cat note.txt && pwd && env | sort");
    expect(status).toBe(0);
    expect(out).toContain("made");
    expect(out).toContain(alice.dir);
    expect(readFileSync(join(alice.dir, "note.txt"), "utf8")).toBe("made\n");
    const names = out.split("\n").filter((l) => /^[A-Z_]+=/.test(l)).map((l) => l.split("=")[0]);
    expect(names.filter((n) => !["PATH", "HOME", "LANG", "TERM", "PWD", "SHLVL", "_"].includes(n!))).toEqual([]);
  });

  it("cannot read the hub's ~/.ssh, /root, the hub's data or another user's workspace", () => {
    const { out } = inSandbox(`for f in ${hubHome}/.ssh/id_ed25519 /root/.ssh ${dir}/hub.db ${bob.dir}/plans.txt /etc/shadow; do cat $f 2>/dev/null && echo "READ $f" || echo "denied $f"; done; ls /home 2>&1`);
    expect(out).not.toContain("READ");
    expect(out).not.toContain("FAKE PRIVATE KEY");
    expect(out).not.toContain("secret plans");
    expect(out.match(/denied/g)).toHaveLength(5);
    expect(out).toMatch(/No such file or directory/);
  });

  it("cannot write outside its workspace or into .git/hooks", () => {
    const denied = ["/usr/pwned", "/etc/pwned", `${wsRoot}/bob/pwned`, `${bob.dir}/pwned`, `${alice.dir}/.git/hooks/pre-commit`];
    // Paths above the workspace exist only in the sandbox's private, throw-away tmpfs.
    const invisible = [`${dir}/pwned`, `${alice.userDir}/projects/pwned`, "/opt/pwned", "/pwned"];
    const { out } = inSandbox([...denied, ...invisible].map((t) => `(echo x > ${t}) 2>/dev/null && echo "WROTE ${t}" || echo "denied ${t}"`).join("; "));
    for (const t of denied) expect(out).toContain(`denied ${t}`);
    for (const t of [...denied, ...invisible]) expect(existsSync(t)).toBe(false);
  });

  it("cannot reach the hub's port when its network is off (and can when the agent needs its model API)", async () => {
    const probeHub = `exec 3<>/dev/tcp/127.0.0.1/${hubPort} && head -1 <&3 || echo unreachable`;
    expect(await inSandboxAsync(probeHub)).toContain("unreachable");
    expect(await inSandboxAsync(probeHub, { network: true })).toContain("hub says hi");
  });

  it("fills no disk: one file stops at the size limit, /tmp at its size", () => {
    const { out } = inSandbox("head -c 50M /dev/zero > big.bin; echo rc=$?; head -c 50M /dev/zero > /tmp/big; ls -l /tmp/big");
    expect(statSync(join(alice.dir, "big.bin")).size).toBeLessThanOrEqual(10 * MiB);
    expect(out).toMatch(/rc=(153|1)/); // SIGXFSZ (128 + 25), or a write error
    rmSync(join(alice.dir, "big.bin"));
  });

  it("cannot allocate 10 GB", () => {
    const { status, out } = inSandbox("perl -e '$x = q(a) x (10 * 1024**3); print qq(ALLOCATED\\n)'");
    expect(out).not.toContain("ALLOCATED");
    expect(out).toContain("Out of memory");
    expect(status).not.toBe(0);
  });

  it.skipIf(!root)("caps a fork bomb; the host stays responsive and nothing is left running", async () => {
    const argv = plan("f(){ f | f & }; f; sleep 30");
    const child = spawn(argv[0]!, argv.slice(1), { env: env(), stdio: "ignore" });
    await new Promise((r) => setTimeout(r, 2500));
    expect(sandboxProcesses().length).toBeLessThanOrEqual(64);
    // The hub side still answers quickly.
    const started = Date.now();
    const reply = await new Promise<string>((resolve) => {
      const socket = createConnection(hubPort);
      socket.on("data", (d) => resolve(String(d)));
    });
    expect(reply).toContain("hub says hi");
    expect(Date.now() - started).toBeLessThan(1000);
    child.kill("SIGKILL");
    for (let i = 0; i < 40 && sandboxProcesses().length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(sandboxProcesses()).toEqual([]);
  });

  /** Runs a command in the sandbox on a real terminal (node-pty), until it prints "done". */
  async function onTerminal(command: string, overrides: Partial<SandboxPlan> = {}) {
    const argv = plan(command, overrides);
    const term = pty.spawn(argv[0]!, argv.slice(1), { cols: 100, rows: 30, cwd: alice.dir, env: env() });
    let out = "";
    term.onData((d) => (out += d));
    for (let i = 0; i < 100 && !out.includes("done"); i++) await new Promise((r) => setTimeout(r, 50));
    return { out, term };
  }

  it("refuses TIOCSTI into the host's terminal; ending the terminal ends every process", async () => {
    // Straight on the host's terminal: --new-session means it is not our controlling terminal, so EPERM.
    const direct = await onTerminal("perl -e 'my $c = q(x); print ioctl(STDIN, 0x5412, $c) ? qq(INJECTED\\n) : qq(refused: $!\\n)'; echo done", { ownTerminal: false });
    expect(direct.out).toContain("refused: Operation not permitted");
    direct.term.kill("SIGKILL");
    // As run for real, the agent cannot even open the host's terminal (held by pids 1 and 2, bubblewrap
    // and script); its own terminal inside takes TIOCSTI, which only types into the sandbox itself.
    const inject = "perl -e 'for my $f (glob(q(/proc/[0-9]*/fd/0))) { my $c = q(x); if (open(my $h, q(+<), $f)) { print qq($f: ), (ioctl($h, 0x5412, $c) ? q(INJECTED) : qq(refused: $!)), qq(\\n) } else { print qq(open $f: $!\\n) } }'; echo done; sleep 30";
    const real = await onTerminal(inject);
    expect(real.out).toMatch(/open \/proc\/[12]\/fd\/0: Permission denied/);
    expect(real.out).not.toMatch(/\/proc\/[12]\/fd\/0: INJECTED/);
    real.term.kill("SIGKILL");
    for (let i = 0; i < 40 && sandboxProcesses().length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(sandboxProcesses()).toEqual([]);
  });
});

