// What this machine offers hosted sessions: bubblewrap and the util-linux tools (prlimit, setpriv,
// script), whether bubblewrap actually starts, and cgroups v2 with a writable subtree. Checked once at start.
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { SandboxTools } from "./sandboxCommand.js";

export type SandboxProbe =
  | { ok: true; tools: SandboxTools; cgroup2: string | undefined }
  | { ok: false; reason: string; cgroup2: undefined; tools: Partial<SandboxTools> };

const binDirs = ["/usr/bin", "/usr/local/bin", "/bin", "/usr/sbin", "/sbin"];

function findTool(name: string, configured: string | undefined): string | undefined {
  const candidates = configured ? [configured] : binDirs.map((d) => join(d, name));
  return candidates.find((path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The cgroup v2 folder hosted sessions may use (this process's own cgroup, with memory, cpu and pids delegated), or undefined. */
export function findCgroup2(root = "/sys/fs/cgroup"): string | undefined {
  if (!existsSync(join(root, "cgroup.controllers"))) return undefined;
  try {
    const line = readFileSync("/proc/self/cgroup", "utf8").split("\n").find((l) => l.startsWith("0::"));
    if (!line) return undefined;
    const own = join(root, line.slice(3).trim());
    const controllers = readFileSync(join(own, "cgroup.controllers"), "utf8").split(/\s+/);
    if (!["memory", "cpu", "pids"].every((c) => controllers.includes(c))) return undefined;
    accessSync(own, constants.W_OK);
    return own;
  } catch {
    return undefined;
  }
}

/** Finds the tools and tries bubblewrap once; `reason` says what is missing and how to install it. */
export function probeSandbox(bwrapPath?: string, uid?: number): SandboxProbe {
  const tools = { bwrap: findTool("bwrap", bwrapPath), prlimit: findTool("prlimit", undefined), setpriv: findTool("setpriv", undefined), script: findTool("script", undefined) };
  if (!tools.bwrap) {
    return { ok: false, tools: {}, cgroup2: undefined, reason: "bubblewrap is not installed on the hub's machine: install it (Debian/Ubuntu: apt-get install bubblewrap; Fedora: dnf install bubblewrap), then restart the hub" };
  }
  const missing = (["prlimit", "setpriv", "script"] as const).filter((t) => !tools[t]);
  if (missing.length > 0) {
    return { ok: false, tools: {}, cgroup2: undefined, reason: `${missing.join(", ")} not found: install util-linux (Debian/Ubuntu: apt-get install util-linux bsdutils)` };
  }
  // The trial runs as the sandboxes will: as `uid` when the hub is root.
  const identity = uid === undefined ? [] : [`--reuid=${uid}`, `--regid=${uid}`, "--clear-groups"];
  const trial = spawnSync(tools.setpriv!, [...identity, "--", tools.bwrap, "--unshare-all", "--unshare-user", "--die-with-parent", "--ro-bind", "/", "/", "--", "/bin/true"], { encoding: "utf8", timeout: 10_000 });
  if (trial.status !== 0) {
    return { ok: false, tools: {}, cgroup2: undefined, reason: `bubblewrap cannot create namespaces here (${(trial.stderr || trial.error?.message || "unknown error").trim()}): allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1) or run the hub where they are allowed` };
  }
  return { ok: true, tools: tools as SandboxTools, cgroup2: findCgroup2() };
}
