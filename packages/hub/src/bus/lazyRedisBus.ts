// The Redis bus loads its client (ioredis, ~20 MB of memory) only when a hub is configured to use
// it, so a single hub on the in-process bus never pays for it.
import type { Bus } from "./bus.js";
import type { RedisBusOptions } from "./redisBus.js";

export type { RedisBusOptions };

export async function createRedisBus(options: RedisBusOptions): Promise<Bus> {
  const engine = await import("./redisBus.js");
  return engine.createRedisBus(options);
}
