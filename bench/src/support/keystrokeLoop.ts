// Drives keystroke traffic on many channels at once and times each keystroke's echo. Every channel
// sends one byte every minGapMs..maxGapMs; each echoed byte answers the oldest keystroke still out.
// Used identically by the raw-relay floor, the PTY floor and the Porthole run, so they compare.
import { summarize, type LatencySummary } from "./stats.js";

export interface KeystrokeOptions {
  /** Traffic before measuring starts, in ms (sockets, JITs and caches warm up). */
  warmupMs: number;
  /** Window whose keystrokes are timed, in ms. */
  measureMs: number;
  /** Gap between one channel's keystrokes, in ms (uniformly random in this range). */
  minGapMs: number;
  maxGapMs: number;
  /** How long to wait for the last echoes after the window, in ms. */
  graceMs?: number;
}

export class KeystrokeLoop {
  private readonly sent: number[][];
  private readonly samples: number[] = [];
  private measureFrom = Infinity;
  private measureTo = Infinity;
  private running = false;
  private readonly timers: ReturnType<typeof setTimeout>[] = [];

  /** `send(i)` sends one keystroke on channel i. */
  constructor(
    private readonly count: number,
    private readonly send: (channel: number) => void,
  ) {
    this.sent = Array.from({ length: count }, () => []);
  }

  /** Report `bytes` echoed bytes on channel i (each answers one keystroke, oldest first). */
  echoed(channel: number, bytes: number): void {
    const queue = this.sent[channel];
    if (!queue) return;
    const now = performance.now();
    for (let k = 0; k < bytes && queue.length > 0; k++) {
      const at = queue.shift()!;
      if (at >= this.measureFrom && at < this.measureTo) this.samples.push(now - at);
    }
  }

  /** Runs warm-up, the timed window and the grace period; returns the window's summary. */
  async run(options: KeystrokeOptions): Promise<LatencySummary> {
    const { warmupMs, measureMs, minGapMs, maxGapMs } = options;
    const gap = () => minGapMs + Math.random() * (maxGapMs - minGapMs);
    this.running = true;
    const start = performance.now();
    this.measureFrom = start + warmupMs;
    this.measureTo = this.measureFrom + measureMs;
    for (let i = 0; i < this.count; i++) {
      const tick = () => {
        if (!this.running) return;
        this.sent[i]!.push(performance.now());
        this.send(i);
        this.timers[i] = setTimeout(tick, gap());
      };
      this.timers[i] = setTimeout(tick, Math.random() * maxGapMs);
    }
    await new Promise((r) => setTimeout(r, warmupMs + measureMs));
    this.running = false;
    for (const t of this.timers) clearTimeout(t);
    const outstanding = () => this.sent.reduce((n, q) => n + q.filter((at) => at >= this.measureFrom && at < this.measureTo).length, 0);
    const deadline = performance.now() + (options.graceMs ?? 3000);
    while (outstanding() > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return summarize(this.samples, outstanding());
  }
}
