// Summarises V8 CPU profiles (`node --cpu-prof`, as `run.js --profile` writes them): for each file,
// the share of CPU time by area (our packages, each dependency, Node internals, GC) and the
// functions with the most self time; idle time and the profiler's own stop are left out.
// `node bench/dist/profileSummary.js DIR_OR_FILE...`
import { readFileSync, readdirSync, statSync } from "node:fs";
import { basename, join } from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a function lives: "@porthole/hub", "ws", "node:internal", "(garbage collector)", … */
function areaOf(url: string, name: string): string {
  if (!url) return name.startsWith("(") ? name : "(native)";
  const ours = /\/(packages\/[a-z]+|bench)\//.exec(url);
  if (ours && !url.includes("node_modules")) return ours[1] === "bench" ? "bench" : `@porthole/${ours[1]!.slice("packages/".length)}`;
  const dep = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url.slice(url.lastIndexOf("node_modules/")));
  if (dep) return dep[1]!;
  if (url.startsWith("node:")) return "node internals";
  return url;
}

/**
 * Not work of the profiled program: V8's idle marker, and the inspector's `dispatch` (our serve.ts
 * stopping the profiler in-process builds the profile inside that native call).
 */
function isIdle(node: ProfileNode): boolean {
  const { functionName, url } = node.callFrame;
  return functionName === "(idle)" || (functionName === "dispatch" && url === "");
}

function files(args: string[]): string[] {
  return args.flatMap((arg) =>
    statSync(arg).isDirectory()
      ? readdirSync(arg, { recursive: true })
          .map(String)
          .filter((f) => f.endsWith(".cpuprofile"))
          .map((f) => join(arg, f))
      : [arg],
  );
}

function summarise(file: string, top: number): void {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  /** A native function counts toward the area of the nearest caller that has a script URL. */
  const callerUrl = (id: number): string => {
    for (let at = parent.get(id); at !== undefined; at = parent.get(at)) {
      const url = byId.get(at)!.callFrame.url;
      if (url) return url;
    }
    return "";
  };
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const idle = [...selfUs].filter(([id]) => isIdle(byId.get(id)!)).reduce((a, [, us]) => a + us, 0);
  const busy = total - idle;
  const areas = new Map<string, number>();
  const fns = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (isIdle(byId.get(id)!)) continue;
    const via = url || functionName.startsWith("(") ? "" : callerUrl(id);
    const area = via ? `${areaOf(via, functionName)} (native)` : areaOf(url, functionName);
    areas.set(area, (areas.get(area) ?? 0) + us);
    const key = `${functionName || "(anonymous)"} ${area}${url ? `:${basename(url)}:${lineNumber + 1}` : ""}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
  }
  const pct = (us: number) => `${((us / busy) * 100).toFixed(1).padStart(5)}%`;
  console.log(`\n${file}\n  busy ${(busy / 1e6).toFixed(2)} s of ${(total / 1e6).toFixed(2)} s profiled`);
  console.log("  by area (share of busy time):");
  for (const [area, us] of [...areas].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`    ${pct(us)}  ${area}`);
  console.log("  top functions by self time:");
  for (const [fn, us] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`    ${pct(us)}  ${fn}`);
}

const targets = process.argv.slice(2);
if (targets.length === 0) {
  console.error("usage: node bench/dist/profileSummary.js DIR_OR_FILE...");
  process.exit(2);
}
for (const file of files(targets).sort()) summarise(file, 15);
