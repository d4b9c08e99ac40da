// The bus across several hubs: Redis pub/sub (ioredis), one channel per session, so a host on one
// hub and its viewers on others see one session. Which connection hosts a session is a Redis key
// that expires unless its hub keeps refreshing it, so a hub that dies frees its sessions.
import { Redis } from "ioredis";
import { fromBase64Url, toBase64Url } from "@porthole/protocol";
import type { Bus, SessionEvent } from "./bus.js";

export interface RedisBusOptions {
  url: string;
  /** Prefix of every key and channel, so hubs of different deployments can share a server. */
  prefix?: string;
  /** Lifetime of a host's presence key, in seconds; refreshed at a third of it. */
  hostTtlSeconds?: number;
  /** Connection timeout, in ms: a Redis that is down fails fast instead of hanging. */
  connectTimeoutMs?: number;
  onListenerError?: (error: unknown) => void;
}

/**
 * Events as JSON, with byte arrays as base64url under a marker key. The replacer looks at the
 * original value (`this[key]`): a Buffer has already been turned into {type, data} by its toJSON.
 */
function encode(event: SessionEvent): string {
  return JSON.stringify(event, function (this: Record<string, unknown>, key, value: unknown) {
    const original = this[key];
    return original instanceof Uint8Array ? { $b: toBase64Url(original) } : value;
  });
}

function decode(text: string): SessionEvent {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value && typeof value === "object" && "$b" in value && typeof (value as { $b: unknown }).$b === "string") {
      return fromBase64Url((value as { $b: string }).$b) ?? new Uint8Array(0);
    }
    return value;
  }) as SessionEvent;
}

async function connect(url: string, timeoutMs: number): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 2, enableOfflineQueue: true });
  redis.on("error", () => {}); // reported through failed commands; reconnects on its own
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new Error(`Redis is unreachable at ${url.replace(/\/\/[^@]*@/, "//***@")}: ${(error as Error).message}`, { cause: error });
  }
  return redis;
}

export async function createRedisBus(options: RedisBusOptions): Promise<Bus> {
  const prefix = options.prefix ?? "porthole";
  const ttl = options.hostTtlSeconds ?? 30;
  const timeout = options.connectTimeoutMs ?? 3000;
  const publisher = await connect(options.url, timeout);
  const subscriber = await connect(options.url, timeout).catch((error: unknown) => {
    publisher.disconnect();
    throw error;
  });
  const channel = (sessionId: string) => `${prefix}:session:${sessionId}`;
  const hostKey = (sessionId: string) => `${prefix}:host:${sessionId}`;
  const listeners = new Map<string, Set<(event: SessionEvent) => void>>();
  const refreshers = new Map<string, ReturnType<typeof setInterval>>();

  subscriber.on("message", (name: string, text: string) => {
    const set = listeners.get(name);
    if (!set) return;
    let event: SessionEvent;
    try {
      event = decode(text);
    } catch (error) {
      options.onListenerError?.(error);
      return;
    }
    for (const listener of set) {
      try {
        listener(event);
      } catch (error) {
        options.onListenerError?.(error);
      }
    }
  });

  return {
    engine: "redis",
    async publish(sessionId, event) {
      await publisher.publish(channel(sessionId), encode(event));
    },
    async subscribe(sessionId, listener) {
      const name = channel(sessionId);
      let set = listeners.get(name);
      if (!set) {
        listeners.set(name, (set = new Set()));
        await subscriber.subscribe(name);
      }
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0 && listeners.get(name) === set) {
          listeners.delete(name);
          void subscriber.unsubscribe(name).catch(() => undefined);
        }
      };
    },
    async setHost(sessionId, connection) {
      clearInterval(refreshers.get(sessionId));
      refreshers.delete(sessionId);
      await publisher.set(hostKey(sessionId), connection, "EX", ttl);
      const timer = setInterval(() => {
        // Only refresh while this connection is still the host (another hub may have taken over).
        void publisher
          .eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('expire', KEYS[1], ARGV[2]) end return 0", 1, hostKey(sessionId), connection, String(ttl))
          .catch(() => undefined);
      }, (ttl * 1000) / 3);
      timer.unref();
      refreshers.set(sessionId, timer);
    },
    async releaseHost(sessionId, connection) {
      clearInterval(refreshers.get(sessionId));
      refreshers.delete(sessionId);
      const deleted = await publisher.eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0", 1, hostKey(sessionId), connection);
      return deleted === 1;
    },
    async getHost(sessionId) {
      return publisher.get(hostKey(sessionId));
    },
    async close() {
      for (const timer of refreshers.values()) clearInterval(timer);
      refreshers.clear();
      listeners.clear();
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}
