// The default bus: one hub process, events delivered synchronously in publish order. A listener
// that throws is reported and never stops the publisher or the other listeners.
import type { Bus, SessionEvent } from "./bus.js";

export function createInProcessBus(onListenerError: (error: unknown) => void = () => {}): Bus {
  const listeners = new Map<string, Set<(event: SessionEvent) => void>>();
  const hosts = new Map<string, string>();
  return {
    engine: "memory",
    async publish(sessionId, event) {
      for (const listener of listeners.get(sessionId) ?? []) {
        try {
          listener(event);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
    async subscribe(sessionId, listener) {
      let set = listeners.get(sessionId);
      if (!set) listeners.set(sessionId, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(sessionId);
      };
    },
    async setHost(sessionId, connection) {
      hosts.set(sessionId, connection);
    },
    async releaseHost(sessionId, connection) {
      if (hosts.get(sessionId) !== connection) return false;
      hosts.delete(sessionId);
      return true;
    },
    async getHost(sessionId) {
      return hosts.get(sessionId) ?? null;
    },
    async close() {
      listeners.clear();
      hosts.clear();
    },
  };
}
