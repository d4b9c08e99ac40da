// Claude Code as an AgentAdapter: recognised by its program name (`claude`, or a path ending in it);
// a desk session gets hooks and a transcript-fed chat view, `--headless` runs it in stream-json mode.
import { basename } from "node:path";
import type { AgentAdapter } from "../agent.js";
import { prepareClaudeSession } from "./claudeSession.js";
import { startHeadlessClaude } from "./headlessClaude.js";

/** True for `claude`, `/usr/local/bin/claude`, `node_modules/.bin/claude`, `claude.exe`. */
export function isClaudeCommand(command: string): boolean {
  return /^claude(\.exe|\.cmd)?$/i.test(basename(command));
}

export const claudeAdapter: AgentAdapter = {
  name: "claude",
  matches: (command) => isClaudeCommand(command),
  async prepare(launch) {
    const session = await prepareClaudeSession({ cwd: launch.cwd, args: launch.args, env: launch.env });
    return {
      args: session.args,
      env: session.env,
      chat: { onEvent: (listener) => session.onEvent(listener), handle: (command, attachments) => session.handle(command, attachments) },
      attachTerminal: (terminal) => session.attachTerminal(terminal),
      close: () => session.close(),
    };
  },
  startHeadless: (launch) => startHeadlessClaude({ command: launch.command, args: launch.args, cwd: launch.cwd, env: launch.env }),
};
