// What run.ts hands every benchmark: hub settings to override, CPU profiling of measured windows
// (when --profile is on), and where to report progress (stderr; the table goes to stdout).
import { join } from "node:path";
import type { Child } from "./child.js";

export interface BenchContext {
  /** Hub settings to override in every hub started (from --hub-config), e.g. to test a limit. */
  hubConfig: Record<string, unknown>;
  /** A progress line for the person running the benchmark. */
  progress(line: string): void;
  /** Runs fn with the children CPU-profiled (when profiling), writing the profiles under the scenario. */
  profiled<T>(scenario: string, children: Child[], fn: () => Promise<T>): Promise<T>;
}

export function benchContext(profileRoot: string | undefined, hubConfig: Record<string, unknown> = {}): BenchContext {
  return {
    hubConfig,
    progress: (line) => process.stderr.write(`bench: ${line}\n`),
    async profiled(scenario, children, fn) {
      if (!profileRoot) return fn();
      await Promise.all(children.map((c) => c.profileStart()));
      try {
        return await fn();
      } finally {
        await Promise.all(children.map((c) => c.profileStop(join(profileRoot, scenario))));
      }
    },
  };
}
