// Hosted sessions: the hub starts an agent for a logged-in user in their workspace, in a sandbox,
// through a runner (the Porthole CLI as the session's host). Quotas, idle timeout, stop and clean-up.
import { randomBytes } from "node:crypto";
import type { ChildProcess } from "node:child_process";
import { mkdir, rm } from "node:fs/promises";
import { isAbsolute, join, relative } from "node:path";
import { PortholeError } from "@porthole/protocol";
import type { Logger } from "pino";
import type { Authenticate } from "../auth/hubAuthentication.js";
import type { Principal } from "../auth/principal.js";
import type { ProjectPlace } from "../projects/sessionProject.js";
import type { SessionRecord, Store } from "../store/index.js";
import type { HostedAgent, HostedConfig } from "./hostedConfig.js";
import { diskUsage } from "./diskUsage.js";
import { createSessionCgroup, planLimits, type LimitsReport } from "./hostedLimits.js";
import { readRunnerLink, spawnRunner, stopRunner } from "./hostedRunner.js";
import { sandboxArgv } from "./sandboxCommand.js";
import { probeSandbox, type SandboxProbe } from "./sandboxProbe.js";
import { ensureWorkspace, prepareClaudeHome, sandboxUid, workspacePaths } from "./workspace.js";

/** Reads a user's stored Anthropic API key (decrypted only to start the process), or undefined. */
export type UserApiKey = (userId: string) => Promise<string | undefined>;

/** What the API tells the owner about a hosted session. */
export interface HostedInfo {
  agent: string;
  project: string;
  sandbox: "bubblewrap" | "none";
  network: boolean;
  limits: LimitsReport;
}

interface Launch {
  userId: string;
  /** The user's hosted folder (projects and home): what the disk quota measures. */
  userDir: string;
  /** The project folder (absolute). */
  workspace: string;
  createdAt: number;
  info: HostedInfo;
  token: string;
  home: string;
  child: ChildProcess;
  sessionId?: string;
  /** Settles with the session id once the runner registered it. */
  registered: (id: string) => void;
  lastBytes: number;
  lastActivity: number;
  cleanup: Array<() => Promise<void>>;
  exited: Promise<void>;
}

export interface HostedSessions {
  readonly probe: SandboxProbe;
  /** The admin allowed sessions without a sandbox where bubblewrap is missing. */
  readonly allowUnsandboxed: boolean;
  /** The agents users may start. */
  readonly agents: ReadonlyArray<{ name: string; kind: HostedAgent["kind"]; network: boolean }>;
  readonly quotas: { perUser: number; perHub: number; idleTimeoutMinutes: number; diskMb: number };
  /** Accepts the one-time tokens of runners (a sessions-scoped credential of their user) besides the usual ones. */
  wrapAuthenticate(authenticate: Authenticate): Authenticate;
  /** Starts a session of `agent` for the principal; resolves once its host registered it and has a pairing link. */
  start(principal: Principal, request: { agent: string; project: string; name?: string }): Promise<{ session: SessionRecord; link: string; hosted: HostedInfo }>;
  /**
   * When a registration comes from a runner: the command to record instead of the sandbox's command
   * line, the session's project place (machine "hosted", the workspace folder), and a callback with the session.
   */
  claimRegistration(authorization: string | undefined): { command: string; name: string; place: ProjectPlace; done(session: SessionRecord): Promise<void> } | undefined;
  /** A running hosted session of this owner, or undefined. */
  info(sessionId: string, ownerId: string): HostedInfo | undefined;
  /** The current pairing link of a running hosted session of this owner. */
  link(sessionId: string, ownerId: string): Promise<string | undefined>;
  /** Ends a hosted session (its whole process tree); false when it is not running here. */
  stop(sessionId: string, why: string): Promise<boolean>;
  /** Hosted sessions running, per hub and for one user. */
  running(userId?: string): number;
  /** The workspace folder of a hosted session (running or ended, kept in the store across restarts), for the files API. */
  workspaceOf(sessionId: string): Promise<string | undefined>;
  /** At hub start: ends the store's open hosted sessions whose host is not connected (their runner died with an earlier hub process). */
  endOrphaned(hostOnline: (sessionId: string) => Promise<boolean>): Promise<number>;
  /** The hub's own URL, once it listens. */
  setHubUrl(url: string): void;
  close(): Promise<void>;
}

export function createHostedSessions(config: HostedConfig, deps: { store: Store; logger: Logger; userApiKey?: UserApiKey }): HostedSessions {
  const log = deps.logger.child({ component: "hosted" });
  const root = process.getuid?.() === 0;
  const probe = probeSandbox(config.bwrapPath, root ? config.uidBase : undefined);
  if (probe.ok) log.info({ cgroup2: probe.cgroup2 ?? null, perUserUid: root }, "hosted sessions: bubblewrap sandbox ready");
  else log.warn({ reason: probe.reason, allowUnsandboxed: config.allowUnsandboxed }, "hosted sessions: no sandbox");
  const launches = new Set<Launch>();
  const byToken = new Map<string, Launch>();
  const bySession = new Map<string, Launch>();
  /** Sessions being started, by user: counted in the quotas before their runner exists. */
  const starting = new Map<string, number>();
  let hubUrl = config.hubUrl;
  let closing = false;

  const running = (userId?: string) =>
    [...launches].filter((l) => userId === undefined || l.userId === userId).length +
    (userId === undefined ? [...starting.values()].reduce((a, b) => a + b, 0) : (starting.get(userId) ?? 0));

  const idleTimer = setInterval(() => void checkIdle(), Math.min(60_000, config.idleTimeoutMinutes * 15_000));
  idleTimer.unref();
  async function checkIdle(): Promise<void> {
    const now = Date.now();
    for (const launch of launches) {
      if (!launch.sessionId) continue;
      const session = await deps.store.getSession(launch.sessionId).catch(() => undefined);
      if (!session) continue;
      if (session.storedBytes !== launch.lastBytes) {
        launch.lastBytes = session.storedBytes;
        launch.lastActivity = now;
      } else if (now - launch.lastActivity > config.idleTimeoutMinutes * 60_000) {
        log.info({ session: launch.sessionId }, "hosted session idle: ending it");
        await stopLaunch(launch);
      }
    }
  }

  const diskLimit = config.maxDiskMb * 1024 * 1024;
  const diskTimer = setInterval(() => void checkDisk(), config.diskCheckSeconds * 1000);
  diskTimer.unref();
  let checkingDisk = false;
  /** Ends the sessions of users whose hosted folder grew past the disk quota. */
  async function checkDisk(): Promise<void> {
    if (diskLimit === 0 || checkingDisk) return;
    checkingDisk = true;
    try {
      for (const userDir of new Set([...launches].map((l) => l.userDir))) {
        const used = await diskUsage(userDir);
        if (used === undefined) log.warn({ folder: userDir }, "hosted folder too large to measure: disk quota not enforced for it");
        if (used === undefined || used <= diskLimit) continue;
        const over = [...launches].filter((l) => l.userDir === userDir);
        log.info({ sessions: over.map((l) => l.sessionId ?? null), usedMb: Math.round(used / 1048576), limitMb: config.maxDiskMb }, "hosted folder over its disk quota: ending its sessions");
        await Promise.all(over.map((l) => stopLaunch(l)));
      }
    } finally {
      checkingDisk = false;
    }
  }

  /** Refuses a start while the user's hosted folder is over the disk quota. */
  async function checkDiskBeforeStart(userDir: string): Promise<void> {
    if (diskLimit === 0) return;
    const used = await diskUsage(userDir);
    if (used !== undefined && used > diskLimit) {
      throw new PortholeError("conflict", `your hosted files use ${Math.ceil(used / 1048576)} MiB, more than this hub allows (${config.maxDiskMb} MiB): delete some first (Files page or DELETE /v1/sessions/ID/files/PATH)`);
    }
  }

  async function stopLaunch(launch: Launch): Promise<void> {
    await stopRunner(launch.child);
    await launch.exited;
  }

  /** The user's stored Anthropic key, decrypted only here, to start the process. */
  async function userKey(userId: string): Promise<string | undefined> {
    try {
      return await deps.userApiKey?.(userId);
    } catch (error) {
      log.warn({ err: error, user: userId }, "a stored Anthropic key could not be opened");
      throw new PortholeError("conflict", "your saved Anthropic API key cannot be opened (the hub's master key changed?): save it again in your profile");
    }
  }

  function agentFor(name: string): HostedAgent {
    const agent = Object.hasOwn(config.agents, name) ? config.agents[name] : undefined;
    if (!agent) throw new PortholeError("bad_request", `agent: unknown agent "${name.slice(0, 40)}"; this hub offers: ${Object.keys(config.agents).join(", ")}`);
    return agent;
  }

  async function start(principal: Principal, request: { agent: string; project: string; name?: string }) {
    if (principal.via === "owner-token") throw new PortholeError("forbidden", "hosted sessions run for a user account: log in (the owner token has no workspace)");
    const agent = agentFor(request.agent);
    if (!probe.ok && !config.allowUnsandboxed) throw new PortholeError("unavailable", `hosted sessions are off: ${probe.reason} (or set hosted.allowUnsandboxed to run without a sandbox, only on a trusted hub)`);
    if (hubUrl === undefined || closing) throw new PortholeError("unavailable", "the hub is not ready for hosted sessions");
    if (running(principal.userId) >= config.maxPerUser) throw new PortholeError("conflict", `you already run ${config.maxPerUser} hosted sessions (the most one user may): end one first`);
    if (running() >= config.maxPerHub) throw new PortholeError("rate_limited", `this hub already runs ${config.maxPerHub} hosted sessions (its limit): try again later`);
    starting.set(principal.userId, (starting.get(principal.userId) ?? 0) + 1);
    try {
      return await launchSession(principal, agent, request);
    } finally {
      const left = (starting.get(principal.userId) ?? 1) - 1;
      if (left > 0) starting.set(principal.userId, left);
      else starting.delete(principal.userId);
    }
  }

  async function launchSession(principal: Principal, agent: HostedAgent, request: { agent: string; project: string; name?: string }) {
    const ownUrl = hubUrl;
    if (ownUrl === undefined) throw new PortholeError("unavailable", "the hub is not ready for hosted sessions");

    const uid = root && probe.ok ? sandboxUid(config.uidBase, principal.userId) : undefined;
    const ws = workspacePaths(config.workspacesDir, principal.userId, request.project);
    await checkDiskBeforeStart(ws.userDir);
    await ensureWorkspace(config.workspacesDir, ws, uid);
    const apiKey = agent.kind === "claude" ? ((await userKey(principal.userId)) ?? config.env.ANTHROPIC_API_KEY) : undefined;
    if (agent.kind === "claude") await prepareClaudeHome(ws, apiKey, uid);

    const key = randomBytes(9).toString("base64url");
    const home = join(config.runnersDir, key);
    await mkdir(home, { recursive: true, mode: 0o700 });
    const cleanup: Array<() => Promise<void>> = [() => rm(home, { recursive: true, force: true })];
    let plan = planLimits(config, agent, { cgroup2: probe.ok && probe.cgroup2 !== undefined, perUid: uid !== undefined, sandboxed: probe.ok });
    let cgroup: Awaited<ReturnType<typeof createSessionCgroup>> | undefined;
    if (plan.cgroup && probe.ok && probe.cgroup2) {
      try {
        cgroup = await createSessionCgroup(probe.cgroup2, key, plan.cgroup);
        cleanup.push(() => cgroup!.remove());
      } catch (error) {
        log.warn({ err: error }, "cannot make a cgroup for the session: using rlimits");
        plan = planLimits(config, agent, { cgroup2: false, perUid: uid !== undefined, sandboxed: true });
      }
    }

    const env: Record<string, string> = { PATH: "/usr/local/bin:/usr/bin:/bin", HOME: ws.home, LANG: "C.UTF-8", TERM: "xterm-256color", SHELL: "/bin/bash", USER: "porthole" };
    for (const [name, value] of Object.entries(config.env)) if (name !== "ANTHROPIC_API_KEY") env[name] = value;
    if (agent.kind === "claude") {
      if (apiKey) env.ANTHROPIC_API_KEY = apiKey;
      env.DISABLE_TELEMETRY = "1";
      env.CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC = "1";
    }
    const argv = probe.ok
      ? sandboxArgv({
          tools: probe.tools,
          workspace: ws.dir,
          home: ws.home,
          readOnlyPaths: agent.readOnlyPaths,
          network: agent.network,
          ...(uid === undefined ? {} : { uid }),
          rlimits: plan.rlimits,
          tmpBytes: 256 * 1024 * 1024,
          command: agent.command,
        })
      : agent.command;
    const info: HostedInfo = { agent: request.agent, project: request.project, sandbox: probe.ok ? "bubblewrap" : "none", network: agent.network || !probe.ok, limits: plan.report };
    const token = `phr_${randomBytes(32).toString("base64url")}`;
    const name = request.name ?? `${request.agent} · ${request.project}`;
    const { child, stderr } = spawnRunner({
      setpriv: probe.ok ? probe.tools.setpriv : undefined,
      node: config.nodePath ?? process.execPath,
      cliEntry: config.cliEntry,
      hubUrl: ownUrl,
      publicUrl: config.publicUrl ?? ownUrl,
      name,
      home,
      cwd: ws.dir,
      token,
      env,
      argv,
    });
    if (cgroup && child.pid !== undefined) await cgroup.adopt(child.pid);

    let registered!: (id: string) => void;
    const sessionId = new Promise<string>((resolve) => (registered = resolve));
    const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
    const launch: Launch = { userId: principal.userId, userDir: ws.userDir, workspace: ws.dir, createdAt: Date.now(), info, token, home, child, registered, lastBytes: -1, lastActivity: Date.now(), cleanup, exited };
    launches.add(launch);
    byToken.set(token, launch);
    void exited.then(async () => {
      launches.delete(launch);
      byToken.delete(token);
      if (launch.sessionId) {
        bySession.delete(launch.sessionId);
        await deps.store.endSession(launch.sessionId, child.exitCode, Date.now()).catch(() => undefined);
      }
      for (const step of cleanup) await step().catch((error: unknown) => log.warn({ err: error }, "hosted clean-up step failed"));
      log.info({ session: launch.sessionId ?? null, code: child.exitCode, signal: child.signalCode }, "hosted session ended");
    });

    const deadline = Date.now() + config.startTimeoutSeconds * 1000;
    const failed = (why: string) => new PortholeError("unavailable", `the hosted session did not start: ${why}`);
    const id = await Promise.race([sessionId, exited.then(() => undefined), new Promise<undefined>((r) => setTimeout(() => r(undefined), config.startTimeoutSeconds * 1000).unref())]);
    if (!id) {
      await stopLaunch(launch);
      throw failed(lastLine(stderr()) || "its host did not register in time");
    }
    let link: string | undefined;
    while (!(link = await readRunnerLink(home, id))) {
      if (Date.now() > deadline || child.exitCode !== null) {
        await stopLaunch(launch);
        throw failed(lastLine(stderr()) || "its host did not report a pairing link");
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    const session = await deps.store.getSession(id);
    if (!session) throw failed("the session disappeared");
    log.info({ session: id, user: principal.userId, agent: request.agent, sandbox: info.sandbox, network: info.network, limits: plan.report }, "hosted session started");
    return { session, link, hosted: info };
  }

  return {
    probe,
    allowUnsandboxed: config.allowUnsandboxed,
    agents: Object.entries(config.agents).map(([name, a]) => ({ name, kind: a.kind, network: a.network })),
    quotas: { perUser: config.maxPerUser, perHub: config.maxPerHub, idleTimeoutMinutes: config.idleTimeoutMinutes, diskMb: config.maxDiskMb },
    wrapAuthenticate(authenticate) {
      return async (request) => {
        const header = request.headers.authorization;
        const launch = header?.startsWith("Bearer phr_") ? byToken.get(header.slice(7)) : undefined;
        if (launch) return { userId: launch.userId, role: "user", via: "api-key", scope: "sessions" };
        return authenticate(request);
      };
    },
    start,
    claimRegistration(authorization) {
      const launch = authorization?.startsWith("Bearer phr_") ? byToken.get(authorization.slice(7)) : undefined;
      if (!launch) return undefined;
      byToken.delete(launch.token);
      return {
        command: launch.info.agent,
        name: `${launch.info.agent} · ${launch.info.project}`,
        place: { machine: "hosted", directory: launch.workspace, name: launch.info.project },
        async done(session) {
          launch.sessionId = session.id;
          bySession.set(session.id, launch);
          // Kept in the store: the files API finds the workspace after a hub restart too.
          const workspace = relative(config.workspacesDir, launch.workspace);
          await deps.store.hosted.putHostedSession({ sessionId: session.id, agent: launch.info.agent, project: launch.info.project, workspace, createdAt: launch.createdAt });
          launch.registered(session.id);
        },
      };
    },
    info(sessionId, ownerId) {
      const launch = bySession.get(sessionId);
      return launch?.userId === ownerId ? launch.info : undefined;
    },
    async link(sessionId, ownerId) {
      const launch = bySession.get(sessionId);
      return launch?.userId === ownerId ? readRunnerLink(launch.home, sessionId) : undefined;
    },
    async stop(sessionId, why) {
      const launch = bySession.get(sessionId);
      if (!launch) return false;
      log.info({ session: sessionId, why }, "ending hosted session");
      await stopLaunch(launch);
      return true;
    },
    running,
    async workspaceOf(sessionId) {
      const record = await deps.store.hosted.getHostedSession(sessionId);
      if (!record || isAbsolute(record.workspace) || record.workspace.split(/[\\/]/).includes("..")) return undefined;
      return join(config.workspacesDir, record.workspace);
    },
    async endOrphaned(hostOnline) {
      let ended = 0;
      const endIfOrphaned = async (sessionId: string) => {
        if (closing || bySession.has(sessionId) || (await hostOnline(sessionId))) return false;
        return ((await deps.store.endSession(sessionId, null, Date.now()))?.endedAt ?? null) !== null;
      };
      for (const record of await deps.store.hosted.listOpenHostedSessions()) {
        // A session another hub on the same store started a moment ago may not have its host connected yet: look again later.
        const wait = record.createdAt + orphanGraceMs - Date.now();
        if (wait > 0) {
          setTimeout(() => void endIfOrphaned(record.sessionId).catch((error: unknown) => log.warn({ err: error }, "ending an orphaned hosted session failed")), wait).unref();
        } else if (await endIfOrphaned(record.sessionId)) {
          ended += 1;
        }
      }
      if (ended > 0) log.info({ ended }, "hosted sessions of an earlier hub process marked ended (their runners are gone)");
      return ended;
    },
    setHubUrl(url) {
      hubUrl ??= url;
    },
    async close() {
      closing = true;
      clearInterval(idleTimer);
      clearInterval(diskTimer);
      await Promise.all([...launches].map((l) => stopLaunch(l)));
    },
  };
}

/** How long after its start a hosted session without a connected host may still be starting on another hub. */
const orphanGraceMs = 5000;

function lastLine(text: string): string {
  return text.trim().split("\n").filter(Boolean).pop()?.replace(/^porthole: /, "") ?? "";
}
