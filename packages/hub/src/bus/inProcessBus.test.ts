import { createInProcessBus } from "./inProcessBus.js";
import { busSuite } from "./busSuite.js";
import type { Bus } from "./bus.js";

// In-process buses are separate worlds; the suite's "two hubs" share one here.
let shared: Bus | undefined;
busSuite("in-process", async () => {
  const bus = (shared ??= createInProcessBus());
  return { ...bus, close: async () => {} };
});
