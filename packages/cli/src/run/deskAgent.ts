// `porthole run -- COMMAND` at the desk: the agent in a PTY mirrored to the person's terminal and the
// session, with the chat view its adapter offers (Claude Code: hooks and transcript, see
// @porthole/agents); any other command gets the terminal only.
import { findAgentAdapter, spawnPtyAgent, terminalOnly, type AgentLaunch, type PreparedAgent } from "@porthole/agents";
import type { HostSession } from "../host/hostSession.js";
import type { DeskTerminal } from "./deskTerminal.js";
import type { AgentExit, RunningAgent } from "./runningAgent.js";

/** Prepares the adapter for the command; when that fails, says why and runs it as a plain terminal. */
export async function prepareDeskAgent(launch: AgentLaunch, say: (text: string) => void): Promise<PreparedAgent> {
  const adapter = findAgentAdapter(launch.command, launch.args);
  try {
    return await adapter.prepare(launch);
  } catch (error) {
    say(`no chat view for ${launch.command} (${(error as Error).message}); sharing the terminal only`);
    return terminalOnly.prepare(launch);
  }
}

/** Starts the prepared agent in a PTY (throws when it cannot start) and wires desk and session. */
export function startDeskAgent(launch: AgentLaunch, prepared: PreparedAgent, desk: DeskTerminal, host: HostSession): RunningAgent {
  const pty = spawnPtyAgent({ command: launch.command, args: prepared.args, cwd: launch.cwd, env: prepared.env, cols: desk.cols, rows: desk.rows });
  prepared.attachTerminal({ write: (data) => pty.write(data) });
  const pauses = new Set<string>();
  const setPaused = (reason: string, paused: boolean): void => {
    if (paused) pauses.add(reason);
    else pauses.delete(reason);
    if (pauses.size > 0) pty.pause();
    else pty.resume();
  };
  pty.onData((data) => {
    host.output(data);
    if (!desk.write(data, () => setPaused("desk", false))) setPaused("desk", true);
  });
  desk.onInput((data) => pty.write(data));
  desk.onResize((cols, rows) => {
    pty.resize(cols, rows);
    host.resize(cols, rows);
  });
  const forward = (signal: NodeJS.Signals) => () => pty.kill(signal);
  const handlers = (["SIGTERM", "SIGHUP"] as const).map((s) => [s, forward(s)] as const);
  for (const [s, h] of handlers) process.on(s, h);

  const exited = new Promise<AgentExit>((resolve) => pty.onExit(resolve)).then(async (exit) => {
    for (const [s, h] of handlers) process.off(s, h);
    // Reads the rest of the transcript, so the chat's last events go out before the exit frame.
    await prepared.close();
    return exit;
  });
  return {
    chat: prepared.chat,
    write: (data) => pty.write(data),
    setPaused: (paused) => setPaused("hub", paused),
    exited,
  };
}
