// Porthole benchmarks: runs every benchmark (or those named) and prints one table of figures, each
// beside a floor measured in the same run. `node bench/dist/run.js [keystroke|bulk|idle|auth|chat|chat-render|hosted ...]
// [--counts=1,100,1000] [--profile] [--hub-config=JSON]`; --profile writes V8 CPU profiles of each
// measured window to bench/artifacts/profiles; --hub-config overrides hub settings (diagnosis only).
import { writeFileSync, mkdirSync } from "node:fs";
import { availableParallelism, cpus, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bulkBench } from "./benches/bulk.js";
import { idleBench } from "./benches/idle.js";
import { authBench } from "./benches/auth.js";
import { chatLatencyBench } from "./benches/chat.js";
import { chatRenderBench } from "./benches/chatRender.js";
import { hostedBench } from "./benches/hosted.js";
import { keystrokeBench } from "./benches/keystroke.js";
import { benchContext, type BenchContext } from "./support/context.js";
import { printTable, type Row } from "./support/stats.js";

const BENCHES = ["keystroke", "bulk", "idle", "auth", "chat", "chat-render", "hosted"] as const;
type BenchName = (typeof BENCHES)[number];

interface Args {
  names: BenchName[];
  counts: number[];
  profile: boolean;
  hubConfig: Record<string, unknown>;
}

function parseArgs(argv: string[]): Args {
  const names: BenchName[] = [];
  let counts = [1, 100, 1000];
  let profile = false;
  let hubConfig: Record<string, unknown> = {};
  for (const arg of argv) {
    if (arg === "--profile") profile = true;
    else if (arg.startsWith("--hub-config=")) hubConfig = JSON.parse(arg.slice("--hub-config=".length)) as Record<string, unknown>;
    else if (arg.startsWith("--counts=")) counts = arg.slice("--counts=".length).split(",").map(Number);
    else if ((BENCHES as readonly string[]).includes(arg)) names.push(arg as BenchName);
    else throw new Error(`unknown argument ${arg}; expected ${BENCHES.join(", ")}, --counts=1,100,1000 --profile or --hub-config=JSON`);
  }
  if (counts.some((n) => !Number.isInteger(n) || n < 1 || n > 2000)) throw new Error("--counts takes integers from 1 to 2000");
  return { names: names.length > 0 ? names : [...BENCHES], counts, profile, hubConfig };
}

async function runOne(name: BenchName, ctx: BenchContext, args: Args): Promise<Row[]> {
  switch (name) {
    case "keystroke":
      return keystrokeBench(ctx, args.counts);
    case "bulk":
      return bulkBench(ctx);
    case "idle":
      return idleBench(ctx);
    case "auth":
      return authBench(ctx);
    case "chat":
      return chatLatencyBench(ctx);
    case "chat-render":
      return chatRenderBench(ctx);
    case "hosted":
      return hostedBench(ctx);
  }
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const artifacts = fileURLToPath(new URL("../artifacts/", import.meta.url));
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const profileRoot = args.profile ? join(artifacts, "profiles", stamp) : undefined;
  const ctx = benchContext(profileRoot, args.hubConfig);
  const machine = `${availableParallelism()} CPUs (${cpus()[0]?.model ?? "unknown"}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${process.platform}-${process.arch}`;
  const overrides = Object.keys(args.hubConfig).length > 0 ? `\nhub settings overridden: ${JSON.stringify(args.hubConfig)}` : "";
  console.log(`Porthole benchmarks: ${args.names.join(", ")}\nmachine: ${machine}${overrides}\n`);
  const rows: Row[] = [];
  let failed = false;
  for (const name of args.names) {
    const started = performance.now();
    try {
      rows.push(...(await runOne(name, ctx, args)));
    } catch (error) {
      failed = true;
      const message = error instanceof Error ? error.message : String(error);
      rows.push({ bench: name, figure: "(failed)", value: "-", floor: "-", ratio: "-", target: "-", met: false, note: message.split("\n")[0]! });
    }
    ctx.progress(`${name} took ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  printTable(rows);
  mkdirSync(artifacts, { recursive: true });
  const file = join(artifacts, `results-${stamp}.json`);
  writeFileSync(file, JSON.stringify({ machine, args, rows }, null, 2));
  console.log(`\nresults: ${file}${profileRoot ? `\nCPU profiles: ${profileRoot} (summarise with node bench/dist/profileSummary.js DIR)` : ""}`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
