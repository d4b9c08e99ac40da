// Runs a terminal program in a real PTY (node-pty) and hands out its output as bytes, with
// back-pressure, and without losing the last output of a program that exits right after printing.
import { openSync, closeSync, constants } from "node:fs";
import * as pty from "node-pty";

export interface PtyAgentOptions {
  /** Program to run, looked up on PATH. */
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  /** Terminal size in character cells. */
  cols: number;
  rows: number;
}

export interface PtyExit {
  /** Exit code, or null when a signal ended the program. */
  code: number | null;
  signal: number | null;
}

export interface PtyAgent {
  readonly pid: number;
  onData(listener: (data: Uint8Array) => void): void;
  /** Fires once, after the last output was delivered to onData. */
  onExit(listener: (exit: PtyExit) => void): void;
  write(data: string | Uint8Array): void;
  resize(cols: number, rows: number): void;
  /** Stops reading output: the program blocks once the PTY's buffer is full. */
  pause(): void;
  resume(): void;
  kill(signal?: NodeJS.Signals): void;
}

/**
 * Starts the program. Throws if it cannot be started (e.g. not found on PATH).
 *
 * node-pty loses the tail of the output when the program exits right after writing (node-pty
 * issues #72 and #726): the kernel discards what the master side had not read once the last
 * slave descriptor closes. We hold a slave descriptor open ourselves until node-pty reports the
 * exit, which it does after it has read everything; and while paused we keep checking whether the
 * program is gone, so a paused reader cannot strand the tail either.
 */
export function spawnPtyAgent(options: PtyAgentOptions): PtyAgent {
  const term = pty.spawn(options.command, options.args, {
    name: options.env.TERM ?? "xterm-256color",
    cols: options.cols,
    rows: options.rows,
    cwd: options.cwd,
    env: options.env,
    encoding: null,
  } as pty.IPtyForkOptions);
  const ptsName = (term as unknown as { ptsName?: string; _pty?: string }).ptsName ?? (term as unknown as { _pty?: string })._pty;
  let slaveFd: number | undefined;
  if (ptsName) {
    try {
      slaveFd = openSync(ptsName, constants.O_RDWR | constants.O_NOCTTY);
    } catch {
      slaveFd = undefined;
    }
  }
  let paused = false;
  let exited = false;
  let pauseWatch: ReturnType<typeof setInterval> | undefined;
  const exitListeners: ((exit: PtyExit) => void)[] = [];

  term.onExit(({ exitCode, signal }) => {
    exited = true;
    clearInterval(pauseWatch);
    if (slaveFd !== undefined) closeSync(slaveFd);
    slaveFd = undefined;
    const exit: PtyExit = signal ? { code: null, signal } : { code: exitCode, signal: null };
    for (const listener of exitListeners) listener(exit);
  });

  const alive = () => {
    try {
      process.kill(term.pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  return {
    pid: term.pid,
    onData(listener) {
      term.onData((data) => listener(typeof data === "string" ? new TextEncoder().encode(data) : toBytes(data)));
    },
    onExit(listener) {
      exitListeners.push(listener);
    },
    write(data) {
      if (exited) return;
      term.write(typeof data === "string" ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    },
    resize(cols, rows) {
      if (!exited) term.resize(cols, rows);
    },
    pause() {
      if (paused || exited) return;
      paused = true;
      term.pause();
      // A program that exits while we are paused must still have its output read.
      pauseWatch = setInterval(() => {
        if (!alive()) this.resume();
      }, 50);
    },
    resume() {
      if (!paused) return;
      paused = false;
      clearInterval(pauseWatch);
      term.resume();
    },
    kill(signal) {
      if (!exited) term.kill(signal);
    },
  };
}

function toBytes(data: unknown): Uint8Array {
  const view = data as Uint8Array;
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}
