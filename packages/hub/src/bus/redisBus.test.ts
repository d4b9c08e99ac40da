// The Redis bus against the Redis server on this machine (REDIS_URL, default 127.0.0.1:6379).
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { busSuite } from "./busSuite.js";
import { createRedisBus } from "./redisBus.js";

const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `porthole-test-${randomBytes(4).toString("hex")}`;

busSuite("redis", () => createRedisBus({ url, prefix }));

describe("bus: redis only", () => {
  it("lets a dead hub's host presence expire", async () => {
    const dying = await createRedisBus({ url, prefix, hostTtlSeconds: 1 });
    await dying.setHost("s-expire", "conn-dead");
    await dying.close(); // the hub dies without releasing
    const other = await createRedisBus({ url, prefix });
    try {
      expect(await other.getHost("s-expire")).toBe("conn-dead");
      await new Promise((r) => setTimeout(r, 1600));
      expect(await other.getHost("s-expire")).toBeNull();
    } finally {
      await other.close();
    }
  });

  it("fails fast with a clear message when Redis is down", async () => {
    const start = Date.now();
    await expect(createRedisBus({ url: "redis://127.0.0.1:1", connectTimeoutMs: 1000 })).rejects.toThrow(/Redis is unreachable at redis:\/\/127\.0\.0\.1:1/);
    expect(Date.now() - start).toBeLessThan(5000);
  });
});
