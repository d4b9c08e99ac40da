// The argument array that starts a hosted agent in its sandbox: prlimit (rlimits), setpriv (an
// unprivileged uid when the hub is root; dies with its parent), bubblewrap (namespaces, mounts), and
// `script` inside for a private terminal. Never a shell on the hub's side; docs/hosted.md explains each part.
import { lstatSync, readlinkSync } from "node:fs";
import { join } from "node:path";

/** The tools found on this machine (absolute paths). */
export interface SandboxTools {
  bwrap: string;
  prlimit: string;
  setpriv: string;
  /** util-linux `script`: gives the agent its own terminal inside the sandbox (job control, Ctrl-C). */
  script: string;
}

/** Per-process rlimits applied with prlimit; absent fields are left to cgroups. */
export interface Rlimits {
  /** RLIMIT_DATA, bytes: heap and private writable mappings (RLIMIT_AS would break Node and Bun, which reserve large address ranges). */
  dataBytes?: number;
  /** RLIMIT_NPROC: processes and threads of the sandbox's uid. */
  processes?: number;
  /** RLIMIT_CPU, seconds of CPU time per process. */
  cpuSeconds?: number;
  /** RLIMIT_NOFILE: open files per process. */
  openFiles: number;
  /** RLIMIT_FSIZE, bytes: the largest file a process may write. */
  fileSizeBytes: number;
}

export interface SandboxPlan {
  tools: SandboxTools;
  /** The project folder: bound read-write, the working directory. */
  workspace: string;
  /** The user's hosted home folder (HOME): bound read-write. */
  home: string;
  /** Host folders bound read-only at the same path (an agent's install folder). */
  readOnlyPaths: readonly string[];
  /** True: the host's network (the model API); false: a new, empty network namespace. */
  network: boolean;
  /** Run as this uid/gid (the hub is root); absent: the hub's own uid. */
  uid?: number;
  rlimits: Rlimits;
  /** Size of the private /tmp, bytes. */
  tmpBytes: number;
  /** The agent's program and arguments. */
  command: readonly string[];
  /** Give the agent its own terminal inside (`script`); default true. False runs it straight on the host's terminal (tests). */
  ownTerminal?: boolean;
}

/** System folders bound read-only (or recreated as the same symlink) when present. */
const systemDirs = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/opt"];

/** The few files of /etc programs need: name resolution, TLS roots, the loader cache, terminals. Never shadow/gshadow. */
export const etcAllowList = [
  "/etc/alternatives",
  "/etc/bash.bashrc",
  "/etc/ca-certificates",
  "/etc/gai.conf",
  "/etc/gitconfig",
  "/etc/group",
  "/etc/host.conf",
  "/etc/hosts",
  "/etc/inputrc",
  "/etc/ld.so.cache",
  "/etc/ld.so.conf",
  "/etc/ld.so.conf.d",
  "/etc/localtime",
  "/etc/nsswitch.conf",
  "/etc/passwd",
  "/etc/profile",
  "/etc/resolv.conf",
  "/etc/ssl",
  "/etc/terminfo",
];

/** bubblewrap's arguments for a system folder: a symlink stays a symlink (merged /usr), a folder is bound read-only. */
function systemDirArgs(path: string): string[] {
  try {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return ["--symlink", readlinkSync(path), path];
    if (stat.isDirectory()) return ["--ro-bind", path, path];
  } catch {
    return [];
  }
  return [];
}

/** Quotes one word for `script -c`, which runs its command through /bin/sh inside the sandbox. */
export function shQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The bubblewrap arguments alone (namespaces, mounts, working directory), up to and including `--`. */
export function bwrapArgs(plan: SandboxPlan): string[] {
  const args = ["--unshare-all", "--unshare-user", "--disable-userns"];
  if (plan.network) args.push("--share-net");
  args.push("--die-with-parent", "--new-session", "--hostname", "porthole");
  for (const dir of systemDirs) args.push(...systemDirArgs(dir));
  for (const file of etcAllowList) args.push("--ro-bind-try", file, file);
  for (const path of plan.readOnlyPaths) args.push("--ro-bind", path, path);
  args.push("--proc", "/proc", "--dev", "/dev", "--size", String(plan.tmpBytes), "--tmpfs", "/tmp");
  args.push("--bind", plan.home, plan.home, "--bind", plan.workspace, plan.workspace);
  // Hooks would run outside the sandbox the next time someone uses git on the host: keep them read-only.
  const hooks = join(plan.workspace, ".git", "hooks");
  args.push("--ro-bind-try", hooks, hooks);
  // The root bubblewrap builds is a tmpfs: read-only, so nothing can be written outside the binds and /tmp.
  args.push("--remount-ro", "/");
  args.push("--chdir", plan.workspace, "--");
  return args;
}

/** The whole argument array: argv[0] is prlimit. The environment is the caller's (built from an allow-list). */
export function sandboxArgv(plan: SandboxPlan): string[] {
  const { tools, rlimits } = plan;
  const limits = [`--nofile=${rlimits.openFiles}:${rlimits.openFiles}`, `--fsize=${rlimits.fileSizeBytes}:${rlimits.fileSizeBytes}`];
  if (rlimits.dataBytes !== undefined) limits.push(`--data=${rlimits.dataBytes}:${rlimits.dataBytes}`);
  if (rlimits.processes !== undefined) limits.push(`--nproc=${rlimits.processes}:${rlimits.processes}`);
  if (rlimits.cpuSeconds !== undefined) limits.push(`--cpu=${rlimits.cpuSeconds}:${rlimits.cpuSeconds}`);
  const identity = plan.uid === undefined ? [] : [`--reuid=${plan.uid}`, `--regid=${plan.uid}`, "--clear-groups"];
  // The agent gets its own terminal from `script` (so Ctrl-C and job control work although
  // --new-session detaches it from the host's terminal, which is what makes TIOCSTI fail).
  const inner = plan.ownTerminal === false ? plan.command : [tools.script, "-qefc", plan.command.map(shQuote).join(" "), "/dev/null"];
  return [tools.prlimit, ...limits, "--", tools.setpriv, ...identity, "--pdeathsig", "SIGKILL", "--", tools.bwrap, ...bwrapArgs(plan), ...inner];
}
