// Benchmark process: one Porthole hub (createHub, SQLite file in a temporary directory, silent logs)
// on 127.0.0.1, port 0. Registers sessions on request and reports its own memory and CPU use.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHub, type Hub, type HubConfigInput } from "@porthole/hub";
import { OWNER_TOKEN } from "../support/hubApi.js";
import { serve } from "../support/serve.js";

let hub: Hub | undefined;
let dir: string | undefined;

export interface HubStarted {
  url: string;
}

export interface HubUsage {
  /** Bytes. */
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** Microseconds of CPU used by this process so far. */
  cpuUser: number;
  cpuSystem: number;
  connections: number;
}

serve(
  {
    /** Starts the hub; `overrides` replace any of its settings (HubConfigInput fields). */
    async start(overrides: Partial<HubConfigInput> = {}): Promise<HubStarted> {
      dir = mkdtempSync(join(tmpdir(), "porthole-bench-hub-"));
      hub = await createHub({
        host: "127.0.0.1",
        port: 0,
        sqliteFile: join(dir, "hub.db"),
        ownerToken: OWNER_TOKEN,
        logLevel: "silent",
        // Every benchmark client connects from 127.0.0.1; in real use viewers come from many addresses.
        maxConnectionsPerIp: 50_000,
        ...overrides,
      });
      const { url } = await hub.listen();
      return { url };
    },
    /** Collects garbage twice (needs --expose-gc), so a memory reading shows live data only. */
    async gc(): Promise<void> {
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      await new Promise((r) => setTimeout(r, 100));
      gc?.();
    },
    usage(): HubUsage {
      const m = process.memoryUsage();
      const c = process.cpuUsage();
      return { rss: m.rss, heapTotal: m.heapTotal, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, cpuUser: c.user, cpuSystem: c.system, connections: hub?.connections ?? 0 };
    },
  },
  async () => {
    await hub?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  },
);
