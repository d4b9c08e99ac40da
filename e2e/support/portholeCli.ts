// Runs the built `porthole` command in a real PTY, the way a person at a desk would, with its own
// PORTHOLE_HOME, and reads the pairing link it prints.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnPty, type PtyProcess } from "../fixtures/pty.js";

export const portholeBin = fileURLToPath(new URL("../../packages/cli/bin/porthole.js", import.meta.url));

export interface RunningCli extends AsyncDisposable {
  pty: PtyProcess;
  home: string;
  /** The pairing link printed at start. */
  link: string;
}

/** The link regex: http://HOST:PORT/s/ID#k=KEY&p=SECRET */
export const LINK = /(http:\/\/[^\s]+\/s\/[A-Za-z0-9_-]+#k=[A-Za-z0-9_-]+&p=[A-Za-z0-9_-]+)/;

export async function startPortholeRun(
  args: string[],
  opts: { env: Record<string, string>; cwd?: string; cols?: number; rows?: number; subcommand?: "run" | "resume" },
): Promise<RunningCli> {
  const home = mkdtempSync(join(tmpdir(), "porthole-home-"));
  const pty = spawnPty(process.execPath, [portholeBin, opts.subcommand ?? "run", "--listen", "127.0.0.1", "--port", "0", "--no-qr", ...args], {
    cwd: opts.cwd ?? tmpdir(),
    env: { ...opts.env, PORTHOLE_HOME: home },
    cols: opts.cols ?? 100,
    rows: opts.rows ?? 30,
  });
  await pty.waitForText(/Starting:/, 20_000);
  const match = LINK.exec(pty.raw());
  if (!match?.[1]) throw new Error(`no pairing link in the output:\n${pty.text()}`);
  return {
    pty,
    home,
    link: match[1],
    async [Symbol.asyncDispose]() {
      pty.kill();
      await pty.exited.catch(() => undefined);
      rmSync(home, { recursive: true, force: true });
    },
  };
}
