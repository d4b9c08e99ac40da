// One hosted session's host process: the Porthole CLI (`porthole run --hub HUB -- SANDBOX… AGENT`)
// started by the hub as its child, with an environment built from an allow-list (never the hub's).
// It dies with the hub (setpriv --pdeathsig); its session file carries the current pairing link.
import { spawn, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";

export interface RunnerSpawn {
  setpriv: string | undefined;
  node: string;
  cliEntry: string;
  hubUrl: string;
  publicUrl: string;
  name: string;
  /** The runner's private folder (PORTHOLE_HOME): its log and session file. */
  home: string;
  /** Where the agent starts (the workspace). */
  cwd: string;
  /** The one-time credential that registers the session for its user (PORTHOLE_TOKEN, never on a command line). */
  token: string;
  /** The agent's environment (the runner passes it on, minus PORTHOLE_*). */
  env: Record<string, string>;
  /** The program the runner starts in its terminal: the sandbox's argument array. */
  argv: readonly string[];
}

/** Starts the runner; stdout (the desk terminal) goes nowhere, stderr is kept for error messages. */
export function spawnRunner(opts: RunnerSpawn): { child: ChildProcess; stderr: () => string } {
  const runArgs = [opts.cliEntry, "run", "--hub", opts.hubUrl, "--public-url", opts.publicUrl, "--no-qr", "--name", opts.name, "--", ...opts.argv];
  const env = { ...opts.env, PORTHOLE_HOME: opts.home, PORTHOLE_TOKEN: opts.token, PORTHOLE_LOG_LEVEL: "info" };
  // setpriv --pdeathsig: the kernel ends the runner (and so its sandbox) if the hub dies.
  const [command, args] = opts.setpriv ? [opts.setpriv, ["--pdeathsig", "SIGTERM", "--", opts.node, ...runArgs]] : [opts.node, runArgs];
  const child = spawn(command, args, { cwd: opts.cwd, env, stdio: ["ignore", "ignore", "pipe"] });
  let errors = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    errors = (errors + chunk.toString("utf8")).slice(-4000);
  });
  child.on("error", (error) => {
    errors += `\n${error.message}`;
  });
  return { child, stderr: () => errors };
}

/** The current pairing link from the runner's session file (rewritten after each pairing), or undefined. */
export async function readRunnerLink(home: string, sessionId: string): Promise<string | undefined> {
  try {
    const file: unknown = JSON.parse(await readFile(join(home, "sessions", `${sessionId}.json`), "utf8"));
    const link = (file as { link?: unknown }).link;
    return typeof link === "string" ? link : undefined;
  } catch {
    return undefined;
  }
}

/** Ends a runner: SIGTERM (it ends its agent and tells the hub), SIGKILL after `graceMs`. */
export async function stopRunner(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}
