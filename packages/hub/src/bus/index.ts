// The hub's bus: interface and engines.
export type { Bus, SessionEvent, Unsubscribe } from "./bus.js";
export { createInProcessBus } from "./inProcessBus.js";
export { createRedisBus, type RedisBusOptions } from "./lazyRedisBus.js";
