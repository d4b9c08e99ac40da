// Latency summaries and the printed results table. Every figure is shown beside the floor it is
// compared with; a ratio says how far the product is from that floor.

export interface LatencySummary {
  /** Samples measured. */
  n: number;
  /** Milliseconds. */
  p50: number;
  p99: number;
  max: number;
  /** Keystrokes sent in the measuring window whose echo never came back. */
  lost: number;
}

/** Summarises round-trip times (ms). */
export function summarize(samples: number[], lost = 0): LatencySummary {
  const sorted = Float64Array.from(samples).sort();
  const at = (p: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!);
  return { n: sorted.length, p50: at(0.5), p99: at(0.99), max: at(1), lost };
}

export interface Row {
  bench: string;
  figure: string;
  /** Measured value, formatted with its unit. */
  value: string;
  /** The floor it is compared with (formatted), or "" for absolute targets. */
  floor: string;
  /** value / floor, formatted (e.g. "1.4x"), or "". */
  ratio: string;
  target: string;
  /** true: met, false: missed, undefined: no target for this figure. */
  met: boolean | undefined;
  note?: string;
}

export const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 1)} ms`;
export const mbps = (bytesPerSec: number) => `${(bytesPerSec / 1e6).toFixed(1)} MB/s`;
export const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
export const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;
export const ratio = (v: number) => `${v.toFixed(2)}x`;

/** Prints rows as an aligned text table, with notes under it. */
export function printTable(rows: Row[], out: (line: string) => void = console.log): void {
  const header = ["benchmark", "figure", "measured", "floor", "ratio", "target", "met"];
  const cells = rows.map((r) => [r.bench, r.figure, r.value, r.floor, r.ratio, r.target, r.met === undefined ? "-" : r.met ? "yes" : "NO"]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i]!)).join(" | ")} |`;
  out(line(header));
  out(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const c of cells) out(line(c));
  const notes = rows.filter((r) => r.note);
  if (notes.length > 0) out("");
  for (const r of notes) out(`- ${r.bench} / ${r.figure}: ${r.note}`);
}
