// `porthole doctor`: checks what `porthole run` needs on this machine and says how to fix what is
// missing. Exit code 0 when every required check passes.
import { accessSync, constants, existsSync, mkdirSync } from "node:fs";
import { delimiter, join } from "node:path";
import { spawnPtyAgent } from "@porthole/agents";
import type { Paths } from "../config/paths.js";
import { webRoot } from "../config/paths.js";
import { lanAddress } from "../run/embeddedHub.js";

interface Check {
  name: string;
  ok: boolean;
  detail: string;
  /** A failed optional check is a warning, not a failure. */
  optional?: boolean;
}

function onPath(command: string, path: string): string | undefined {
  for (const dir of path.split(delimiter)) {
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      continue;
    }
  }
  return undefined;
}

async function ptyWorks(env: Record<string, string>): Promise<Check> {
  try {
    const agent = spawnPtyAgent({ command: "sh", args: ["-c", "echo pty-ok"], cwd: process.cwd(), env, cols: 80, rows: 24 });
    let out = "";
    agent.onData((d) => (out += Buffer.from(d).toString()));
    await new Promise<void>((resolve) => agent.onExit(() => resolve()));
    return { name: "PTY (node-pty)", ok: out.includes("pty-ok"), detail: out.includes("pty-ok") ? "starts programs in a terminal" : "started, but printed nothing" };
  } catch (error) {
    return { name: "PTY (node-pty)", ok: false, detail: `cannot start a terminal: ${(error as Error).message}; reinstall with npm install (it builds node-pty with python3, make and g++)` };
  }
}

export async function doctorCommand(paths: Paths, io: { stdout: NodeJS.WriteStream; env: Readonly<Record<string, string | undefined>> }): Promise<number> {
  const env: Record<string, string> = { PATH: io.env.PATH ?? "/usr/bin:/bin", TERM: "xterm-256color" };
  const major = Number(process.versions.node.split(".")[0]);
  const checks: Check[] = [
    { name: "Node.js", ok: major >= 20, detail: `${process.version}${major >= 20 ? "" : ": Porthole needs Node 20 or newer"}` },
    await ptyWorks(env),
    existsSync(join(webRoot, "index.html"))
      ? { name: "web app", ok: true, detail: `built (${webRoot})` }
      : { name: "web app", ok: false, detail: `not built: run npm run build (looked in ${webRoot})` },
  ];
  try {
    mkdirSync(paths.home, { recursive: true, mode: 0o700 });
    accessSync(paths.home, constants.W_OK);
    checks.push({ name: "Porthole home", ok: true, detail: `${paths.home} is writable` });
  } catch (error) {
    checks.push({ name: "Porthole home", ok: false, detail: `${paths.home}: ${(error as Error).message} (set PORTHOLE_HOME)` });
  }
  const lan = lanAddress();
  checks.push({ name: "LAN address", ok: lan !== undefined, optional: true, detail: lan ? `${lan}: phones on this network can open links` : "none: only this machine can open links (or use --public-url)" });
  const claude = onPath("claude", env.PATH!);
  checks.push({ name: "claude", ok: claude !== undefined, optional: true, detail: claude ?? "not on PATH: npm install -g @anthropic-ai/claude-code (any other command works too)" });
  const hub = io.env.PORTHOLE_HUB;
  if (hub) {
    const reachable = await fetch(`${hub.replace(/\/+$/, "")}/health`, { signal: AbortSignal.timeout(5000) }).then((r) => r.ok, () => false);
    checks.push({ name: "hub", ok: reachable, detail: reachable ? `${hub} answers` : `${hub} does not answer /health` });
  }
  for (const c of checks) io.stdout.write(`${c.ok ? "ok  " : c.optional ? "warn" : "FAIL"}  ${c.name.padEnd(14)} ${c.detail}\n`);
  const failed = checks.filter((c) => !c.ok && !c.optional).length;
  io.stdout.write(failed === 0 ? "\nReady: porthole run -- claude\n" : `\n${failed} check(s) failed.\n`);
  return failed === 0 ? 0 : 1;
}
