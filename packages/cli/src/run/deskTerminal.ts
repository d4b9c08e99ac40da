// The person's own terminal: raw keys go to the agent untouched (Ctrl-C included), output comes
// back as-is, and the window size follows the terminal's.
import type { ReadStream, WriteStream } from "node:tty";

export interface DeskTerminal {
  cols: number;
  rows: number;
  isTty: boolean;
  onInput(listener: (data: Uint8Array) => void): void;
  onResize(listener: (cols: number, rows: number) => void): void;
  /** Writes output; calls back with false when the terminal is slow and output should pause. */
  write(data: Uint8Array, onDrain: () => void): boolean;
  restore(): void;
}

export function openDeskTerminal(stdin: NodeJS.ReadStream, stdout: NodeJS.WriteStream, fallback: { cols: number; rows: number }): DeskTerminal {
  const tin = stdin as ReadStream;
  const tout = stdout as WriteStream;
  const isTty = Boolean(tin.isTTY && tout.isTTY);
  if (isTty) tin.setRawMode(true);
  const listeners: ((data: Uint8Array) => void)[] = [];
  const onData = (data: Buffer) => {
    for (const l of listeners) l(data);
  };
  return {
    cols: (tout.isTTY && tout.columns) || fallback.cols,
    rows: (tout.isTTY && tout.rows) || fallback.rows,
    isTty,
    onInput(listener) {
      if (listeners.length === 0) {
        stdin.on("data", onData);
        stdin.resume();
      }
      listeners.push(listener);
    },
    onResize(listener) {
      if (tout.isTTY) tout.on("resize", () => listener(tout.columns, tout.rows));
    },
    write(data, onDrain) {
      const ok = stdout.write(data);
      if (!ok) stdout.once("drain", onDrain);
      return ok;
    },
    restore() {
      stdin.off("data", onData);
      if (isTty) tin.setRawMode(false);
      stdin.pause();
    },
  };
}
