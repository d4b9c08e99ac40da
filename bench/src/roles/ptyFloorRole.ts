// Benchmark floor: node-pty read directly, with nothing of Porthole in the way. Measures how fast a
// PTY carries a program's bulk output, and how long a PTY running `cat` takes to echo a keystroke.
// Uses the same commands as hostRole.ts so the two compare.
import { tmpdir } from "node:os";
import * as pty from "node-pty";
import { KeystrokeLoop, type KeystrokeOptions } from "../support/keystrokeLoop.js";
import { serve, waitFor } from "../support/serve.js";
import type { LatencySummary } from "../support/stats.js";
import { ECHO_SCRIPT } from "../support/echoScript.js";

const env: Record<string, string> = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: tmpdir(), TERM: "xterm-256color", LANG: "C.UTF-8" };
const terms: pty.IPty[] = [];

function spawn(command: string, args: string[]): pty.IPty {
  const term = pty.spawn(command, args, { name: "xterm-256color", cols: 80, rows: 24, cwd: tmpdir(), env, encoding: null } as pty.IPtyForkOptions);
  terms.push(term);
  return term;
}

export interface PtyBulk {
  bytes: number;
  /** Reads (data events). */
  chunks: number;
  /** From spawn to exit, in ms. */
  ms: number;
}

serve(
  {
    /** Runs the command in a PTY and reads everything it prints. */
    async bulk(args: { command: string; args: string[] }): Promise<PtyBulk> {
      let bytes = 0;
      let chunks = 0;
      const started = performance.now();
      const term = spawn(args.command, args.args);
      term.onData((data) => {
        bytes += (data as unknown as Uint8Array).length;
        chunks++;
      });
      await new Promise<void>((resolve) => term.onExit(() => resolve()));
      return { bytes, chunks, ms: performance.now() - started };
    },

    /** `count` PTYs running `cat` in raw mode, each sent a keystroke every few 100 ms. */
    async echo(args: KeystrokeOptions & { count: number }): Promise<LatencySummary & { spawnMs: number }> {
      const started = performance.now();
      const ready: boolean[] = [];
      let loop: KeystrokeLoop | undefined;
      for (let i = 0; i < args.count; i++) {
        const term = spawn("sh", ["-c", ECHO_SCRIPT]);
        ready.push(false);
        term.onData((data) => {
          const bytes = data as unknown as Uint8Array;
          if (ready[i]) return loop?.echoed(i, bytes.length);
          const at = bytes.indexOf(0x52); // "R": stty is done
          if (at >= 0) ready[i] = true;
        });
      }
      await waitFor(() => ready.every(Boolean), "every PTY ready", 30_000);
      const spawnMs = performance.now() - started;
      const base = terms.length - args.count;
      loop = new KeystrokeLoop(args.count, (i) => terms[base + i]!.write("k"));
      return { ...(await loop.run(args)), spawnMs };
    },
  },
  () => {
    for (const t of terms) t.kill("SIGKILL");
  },
);
