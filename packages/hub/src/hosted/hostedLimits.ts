// Limits of one hosted session and how they are enforced: a cgroup v2 (memory.max, cpu.max, pids.max)
// where the hub has a delegated subtree, prlimit rlimits otherwise; the report says which applied.
import { mkdir, rmdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { HostedAgent, HostedConfig } from "./hostedConfig.js";
import type { Rlimits } from "./sandboxCommand.js";

const MiB = 1024 * 1024;

/** What a session was given, in words, for the API and the session log. */
export interface LimitsReport {
  mechanism: "cgroup2" | "prlimit" | "none";
  memory: string;
  cpu: string;
  processes: string;
  openFiles: string;
  fileSize: string;
  idleTimeout: string;
}

export interface LimitsPlan {
  rlimits: Rlimits;
  /** Values for the session's cgroup v2, when one is used. */
  cgroup?: { memoryMax: number; cpuMax: string; pidsMax: number };
  report: LimitsReport;
}

/** Decides the limits of a session of `agent`. `cgroup2`: a usable cgroup folder; `perUid`: the sandbox has a uid of its own (the hub is root). */
export function planLimits(config: HostedConfig, agent: HostedAgent, opts: { cgroup2: boolean; perUid: boolean; sandboxed: boolean }): LimitsPlan {
  const memoryMb = agent.memoryMb ?? config.memoryMb;
  const common = {
    openFiles: `${config.maxOpenFiles} per process (RLIMIT_NOFILE)`,
    fileSize: `${config.maxFileSizeMb} MiB per file (RLIMIT_FSIZE)`,
    idleTimeout: `${config.idleTimeoutMinutes} minutes without output`,
  };
  const base = { openFiles: config.maxOpenFiles, fileSizeBytes: config.maxFileSizeMb * MiB };
  if (!opts.sandboxed) {
    return { rlimits: base, report: { mechanism: "none", memory: "not limited (no sandbox)", cpu: "not limited (no sandbox)", processes: "not limited (no sandbox)", ...common } };
  }
  if (opts.cgroup2) {
    return {
      rlimits: base,
      cgroup: { memoryMax: memoryMb * MiB, cpuMax: `${Math.round(config.cpus * 100_000)} 100000`, pidsMax: config.maxProcesses },
      report: { mechanism: "cgroup2", memory: `${memoryMb} MiB for the session (cgroup memory.max)`, cpu: `${config.cpus} CPU (cgroup cpu.max)`, processes: `${config.maxProcesses} (cgroup pids.max)`, ...common },
    };
  }
  return {
    rlimits: { ...base, dataBytes: memoryMb * MiB, cpuSeconds: config.cpuSeconds, ...(opts.perUid ? { processes: config.maxProcesses } : {}) },
    report: {
      mechanism: "prlimit",
      memory: `${memoryMb} MiB per process (RLIMIT_DATA; no cgroup v2 here, so not for the session as a whole)`,
      cpu: `${config.cpuSeconds} s of CPU time per process (RLIMIT_CPU; a CPU share needs cgroup v2)`,
      processes: opts.perUid
        ? `${config.maxProcesses} for the sandbox's uid (RLIMIT_NPROC)`
        : "not limited (RLIMIT_NPROC would count the hub's own processes: run the hub as root or with cgroup v2)",
      ...common,
    },
  };
}

/** A session's cgroup v2: made under `parent`, given its limits; `adopt(pid)` moves a process in; `remove()` after the session. */
export async function createSessionCgroup(parent: string, name: string, values: NonNullable<LimitsPlan["cgroup"]>) {
  const group = join(parent, "porthole-hosted");
  await mkdir(group, { recursive: true });
  // Controllers must be enabled in the parent for the child to have them.
  await writeFile(join(parent, "cgroup.subtree_control"), "+memory +cpu +pids").catch(() => undefined);
  await writeFile(join(group, "cgroup.subtree_control"), "+memory +cpu +pids").catch(() => undefined);
  const dir = join(group, name);
  await mkdir(dir);
  await writeFile(join(dir, "memory.max"), String(values.memoryMax));
  await writeFile(join(dir, "memory.swap.max"), "0").catch(() => undefined);
  await writeFile(join(dir, "cpu.max"), values.cpuMax);
  await writeFile(join(dir, "pids.max"), String(values.pidsMax));
  return {
    dir,
    adopt: (pid: number) => writeFile(join(dir, "cgroup.procs"), String(pid)),
    /** Kills what is left (cgroup.kill) and removes the folder. */
    async remove() {
      await writeFile(join(dir, "cgroup.kill"), "1").catch(() => undefined);
      for (let i = 0; i < 20; i++) {
        try {
          await rmdir(dir);
          return;
        } catch {
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    },
  };
}
