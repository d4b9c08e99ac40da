// The rate limiter: fixed windows per key, RateLimit-* and Retry-After headers, the 429 body, the
// most restrictive limit reported, bounded memory; and its use on the auth routes.
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { goodPassword, json, newEmail, openTestStore, startAuthApp, type AuthHarness } from "../auth/authHarnessSuite.js";
import { registerErrorHandling } from "./errorHandling.js";
import { createMemoryRateLimitCounter, createRateLimiter } from "./rateLimit.js";

describe("rate limiter", () => {
  let now = 1_000_000;
  const limiter = createRateLimiter({ clock: () => now });
  const app = Fastify();
  registerErrorHandling(app, { https: false });
  app.get("/ip", { onRequest: limiter.perIp("ip-route", { limit: 3, windowSeconds: 10 }) }, async () => ({ ok: true }));
  app.get("/user/:name", async (request, reply) => {
    await limiter.consume(reply, `user:${(request.params as { name: string }).name}`, { limit: 2, windowSeconds: 60 });
    await limiter.consume(reply, "global", { limit: 100, windowSeconds: 60 });
    return { ok: true };
  });

  it("counts per IP and route, with headers, then answers 429 with Retry-After until the window resets", async () => {
    const hit = () => app.inject({ method: "GET", url: "/ip", remoteAddress: "192.0.2.7" });
    const first = await hit();
    expect(first.headers).toMatchObject({ "ratelimit-limit": "3", "ratelimit-remaining": "2", "ratelimit-reset": "10" });
    await hit();
    expect((await hit()).headers["ratelimit-remaining"]).toBe("0");
    now += 4_000;
    const over = await hit();
    expect(over.statusCode).toBe(429);
    expect(json(over)).toEqual({ error: { code: "rate_limited", message: "too many requests: try again in 6 s" } });
    expect(over.headers).toMatchObject({ "retry-after": "6", "ratelimit-remaining": "0", "ratelimit-reset": "6", "x-content-type-options": "nosniff" });
    expect((await app.inject({ method: "GET", url: "/ip", remoteAddress: "192.0.2.8" })).statusCode).toBe(200);
    now += 6_000;
    expect((await hit()).statusCode).toBe(200);
  });

  it("keeps users apart and reports the limit with the fewest requests left", async () => {
    const res = await app.inject({ method: "GET", url: "/user/ann" });
    expect(res.headers).toMatchObject({ "ratelimit-limit": "2", "ratelimit-remaining": "1" });
    await app.inject({ method: "GET", url: "/user/ann" });
    expect((await app.inject({ method: "GET", url: "/user/ann" })).statusCode).toBe(429);
    expect((await app.inject({ method: "GET", url: "/user/bob" })).statusCode).toBe(200);
  });

  it("bounds memory: past maxKeys the oldest windows are forgotten", async () => {
    const counter = createMemoryRateLimitCounter({ maxKeys: 3 });
    for (const key of ["a", "b", "c", "d"]) await counter.hit(key, 60_000, 0);
    expect((await counter.hit("a", 60_000, 1)).count).toBe(1);
    expect((await counter.hit("d", 60_000, 1)).count).toBe(2);
  });
});

describe("rate limits on the auth routes", () => {
  let h: AuthHarness;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const opened = await openTestStore("sqlite");
    close = opened.close;
    h = await startAuthApp(opened.store, { config: { rateLimits: { login: { limit: 2, windowSeconds: 60 }, register: { limit: 1, windowSeconds: 3600 } } } });
  });
  afterAll(async () => {
    await h.close();
    await close();
  });

  it("limit login and register per client IP", async () => {
    const login = (ip: string) => h.app.inject({ method: "POST", url: "/v1/auth/login", remoteAddress: ip, payload: { email: newEmail(), password: "whatever it is" } });
    expect((await login("198.51.100.1")).statusCode).toBe(401);
    expect((await login("198.51.100.1")).statusCode).toBe(401);
    const limited = await login("198.51.100.1");
    expect([limited.statusCode, limited.headers["retry-after"]]).toEqual([429, "60"]);
    expect((await login("198.51.100.2")).statusCode).toBe(401);
    const register = () => h.app.inject({ method: "POST", url: "/v1/auth/register", remoteAddress: "198.51.100.3", payload: { email: newEmail(), password: goodPassword() } });
    expect((await register()).statusCode).toBe(201);
    expect((await register()).statusCode).toBe(429);
  });
});
