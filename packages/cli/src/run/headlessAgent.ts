// `porthole run --headless -- claude`: the agent without a desk terminal, in its structured mode
// (Claude Code's stream-json); viewers get the chat view only. The desk sees a short log of the chat.
import { constants } from "node:os";
import type { AgentAdapter, AgentLaunch } from "@porthole/agents";
import type { ChatEvent } from "@porthole/protocol";
import type { AgentAdapterWithHeadless, AgentExit, RunningAgent } from "./runningAgent.js";

/** One line for the person at the desk, or nothing for events they need not see there. */
export function deskLine(event: ChatEvent): string | undefined {
  const short = (text: string) => (text.length > 200 ? `${text.slice(0, 200)}…` : text).replace(/\s+/g, " ");
  switch (event.type) {
    case "user_message":
      return `› ${short(event.text)}`;
    case "assistant_message":
      return `  ${short(event.text)}`;
    case "permission_request":
      return `  waiting for approval on a phone: ${event.tool}`;
    case "turn_end":
      return `  (turn ${event.interrupted ? "interrupted" : "done"}${event.costUsd !== undefined ? `, $${event.costUsd.toFixed(4)}` : ""})`;
    case "error":
      return `  error: ${short(event.message)}`;
    default:
      return undefined;
  }
}

/** True when the adapter can run its agent headless. */
export function canRunHeadless(adapter: AgentAdapter): adapter is AgentAdapterWithHeadless {
  return adapter.startHeadless !== undefined;
}

/** Starts the agent headless; Ctrl-C, SIGTERM and SIGHUP end it politely. Throws when it cannot start. */
export async function startHeadlessAgent(adapter: AgentAdapterWithHeadless, launch: AgentLaunch, print: (line: string) => void): Promise<RunningAgent> {
  const agent = await adapter.startHeadless(launch);
  agent.onEvent((event) => {
    const line = deskLine(event);
    if (line !== undefined) print(line);
  });
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= agent.close();
  };
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
  for (const s of signals) process.on(s, stop);
  const exited = agent.exited.then(async (exit): Promise<AgentExit> => {
    for (const s of signals) process.off(s, stop);
    stop();
    await stopping;
    return { code: exit.code, signal: exit.signal === null ? null : (constants.signals[exit.signal] ?? 1) };
  });
  return { chat: agent, write: () => undefined, setPaused: () => undefined, exited };
}
