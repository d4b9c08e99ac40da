// Fixed-window rate limits keyed by anything (client IP, user, route), answering 429 with
// RateLimit-Limit / -Remaining / -Reset and Retry-After. Counters live in memory; a Redis counter
// can implement RateLimitCounter later so several hubs share them.
import { PortholeError } from "@porthole/protocol";
import type { FastifyReply, FastifyRequest } from "fastify";

export interface RateLimitRule {
  /** Requests allowed per window. */
  limit: number;
  /** Window length, in seconds. */
  windowSeconds: number;
}

/** Counts hits per key and window. */
export interface RateLimitCounter {
  /** Adds one hit to `key`'s current window (starting one if none is open) and returns the count and when it resets (ms since epoch). */
  hit(key: string, windowMs: number, nowMs: number): Promise<{ count: number; resetAtMs: number }>;
}

/** In-memory counters; past maxKeys it forgets expired windows first, then the oldest ones. */
export function createMemoryRateLimitCounter(opts: { maxKeys?: number } = {}): RateLimitCounter {
  const maxKeys = opts.maxKeys ?? 100_000;
  const windows = new Map<string, { count: number; resetAtMs: number }>();
  function evict(nowMs: number) {
    for (const [key, w] of windows) if (w.resetAtMs <= nowMs) windows.delete(key);
    for (const key of windows.keys()) {
      if (windows.size < maxKeys) break;
      windows.delete(key);
    }
  }
  return {
    hit(key, windowMs, nowMs) {
      let w = windows.get(key);
      if (w === undefined || w.resetAtMs <= nowMs) {
        if (w !== undefined) windows.delete(key);
        else if (windows.size >= maxKeys) evict(nowMs);
        w = { count: 0, resetAtMs: nowMs + windowMs };
        windows.set(key, w);
      }
      w.count += 1;
      return Promise.resolve({ count: w.count, resetAtMs: w.resetAtMs });
    },
  };
}

export interface RateLimiter {
  /**
   * Counts one request against `key` under `rule` and sets the RateLimit-* headers (when several
   * limits apply to one request, the one with the fewest requests left is reported). Over the
   * limit it also sets Retry-After and throws `rate_limited` (429).
   */
  consume(reply: FastifyReply, key: string, rule: RateLimitRule): Promise<void>;
  /** A preHandler limiting each client IP on this route, under `name` (e.g. "login"). */
  perIp(name: string, rule: RateLimitRule): (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
}

export function createRateLimiter(deps: { counter?: RateLimitCounter; clock?: () => number } = {}): RateLimiter {
  const counter = deps.counter ?? createMemoryRateLimitCounter();
  const clock = deps.clock ?? Date.now;
  /** The fewest requests left reported on each reply so far. */
  const reported = new WeakMap<FastifyReply, number>();

  async function consume(reply: FastifyReply, key: string, rule: RateLimitRule): Promise<void> {
    const now = clock();
    const { count, resetAtMs } = await counter.hit(key, rule.windowSeconds * 1000, now);
    const remaining = Math.max(0, rule.limit - count);
    const resetSeconds = Math.max(1, Math.ceil((resetAtMs - now) / 1000));
    const over = count > rule.limit;
    if (over || remaining < (reported.get(reply) ?? Infinity)) {
      reported.set(reply, remaining);
      void reply.header("RateLimit-Limit", String(rule.limit));
      void reply.header("RateLimit-Remaining", String(remaining));
      void reply.header("RateLimit-Reset", String(resetSeconds));
    }
    if (over) {
      void reply.header("Retry-After", String(resetSeconds));
      throw new PortholeError("rate_limited", `too many requests: try again in ${resetSeconds} s`);
    }
  }

  return {
    consume,
    perIp(name, rule) {
      return (request, reply) => consume(reply, `ip:${request.ip}:${name}`, rule);
    },
  };
}
