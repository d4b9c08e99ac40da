// Settings of hosted sessions (agents the hub starts itself, in a bubblewrap sandbox): which agents
// may run, the limits, quotas and idle timeout. Merged into the hub config as `hosted`; docs/hosted.md lists them.
import { z } from "zod";

/** One agent a user may start: `POST /v1/sessions { agent: NAME }`. */
export const hostedAgentSchema = z.strictObject({
  /** Program and arguments run inside the sandbox (an absolute path, or a name on the sandbox's PATH). */
  command: z.array(z.string().min(1)).min(1),
  /** Share the host's network with the sandbox (an agent that calls its model API needs it); false: no network at all. */
  network: z.boolean().default(false),
  /** Host folders the agent needs besides /usr (e.g. its install folder), bound read-only at the same path. */
  readOnlyPaths: z.array(z.string().startsWith("/")).default([]),
  /** Memory limit of this agent, in MiB (default: hosted.memoryMb). */
  memoryMb: z.number().int().min(64).optional(),
  /** "claude": gets ANTHROPIC_* and a ~/.claude.json that skips onboarding; "terminal": any other program. */
  kind: z.enum(["claude", "terminal"]).default("terminal"),
});
export type HostedAgent = z.output<typeof hostedAgentSchema>;

const defaultAgents = {
  shell: { command: ["/bin/bash", "-i"], network: false, readOnlyPaths: [], kind: "terminal" as const },
  claude: { command: ["claude"], network: true, readOnlyPaths: [], kind: "claude" as const, memoryMb: 1024 },
};

export const hostedConfigSchema = z.strictObject({
  /** The Porthole CLI's entry script (`porthole serve` passes its own): the hub runs `node CLI run` as each session's host. */
  cliEntry: z.string().min(1),
  /** Node binary that runs the CLI (default: the hub's own). */
  nodePath: z.string().min(1).optional(),
  /** Where users' workspaces live: DIR/USER_ID/projects/PROJECT and DIR/USER_ID/home. */
  workspacesDir: z.string().min(1),
  /** Where each running session's host keeps its private state (deleted when the session ends). */
  runnersDir: z.string().min(1),
  /** The hub's URL as its hosted hosts reach it (default: the address it listens on). */
  hubUrl: z.url().optional(),
  /** Base URL printed in pairing links (default: hubUrl). */
  publicUrl: z.url().optional(),
  /** bubblewrap binary; absent: /usr/bin/bwrap or /usr/local/bin/bwrap. */
  bwrapPath: z.string().min(1).optional(),
  /** Run hosted sessions WITHOUT a sandbox when bubblewrap is missing. Only for a trusted, single-user hub. */
  allowUnsandboxed: z.boolean().default(false),
  /** Agents users may start, by name (letters, digits, - and _). */
  agents: z.record(z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/), hostedAgentSchema).default(defaultAgents),
  /** Memory limit per session, in MiB (cgroup memory.max, else RLIMIT_DATA of each process). */
  memoryMb: z.number().int().min(64).default(512),
  /** CPU share per session, in CPUs (cgroup cpu.max only; rlimits cannot share CPU). */
  cpus: z.number().min(0.1).max(64).default(1),
  /** CPU time per process, in seconds (RLIMIT_CPU), when cgroups are not used. */
  cpuSeconds: z.number().int().min(1).default(3600),
  /** Processes (threads included) per session (cgroup pids.max, else RLIMIT_NPROC of the sandbox's user). */
  maxProcesses: z.number().int().min(8).default(256),
  /** Open files per process (RLIMIT_NOFILE). */
  maxOpenFiles: z.number().int().min(16).default(1024),
  /** Largest file a process may write, in MiB (RLIMIT_FSIZE). */
  maxFileSizeMb: z.number().int().min(1).default(100),
  /** Disk a user's hosted folder (all their projects and their hosted home) may use, in MiB; past it their sessions end and new ones are refused. 0: no limit. */
  maxDiskMb: z.number().int().min(0).default(2048),
  /** How often running sessions' disk use is measured, in seconds. */
  diskCheckSeconds: z.number().min(0.2).default(60),
  /** Minutes without output after which a session is ended. */
  idleTimeoutMinutes: z.number().min(0.05).default(30),
  /** Hosted sessions one user may run at once. */
  maxPerUser: z.number().int().min(1).default(3),
  /** Hosted sessions this hub runs at once. */
  maxPerHub: z.number().int().min(1).default(100),
  /** When the hub runs as root, sandboxes run as uid uidBase + a number derived from the user (never as root). */
  uidBase: z.number().int().min(1000).default(200_000),
  /** Extra variables every hosted agent gets (e.g. ANTHROPIC_BASE_URL); a user's own stored key wins over ANTHROPIC_API_KEY here. */
  env: z.record(z.string().regex(/^[A-Z_][A-Z0-9_]*$/), z.string()).default({}),
  /** Seconds to wait for a new session's host to register and print its link. */
  startTimeoutSeconds: z.number().min(1).default(20),
});

export type HostedConfigInput = z.input<typeof hostedConfigSchema>;
export type HostedConfig = z.output<typeof hostedConfigSchema>;
