// Several hubs behind one load balancer: PostgreSQL as the shared store, Redis as the bus. The host
// attaches to one hub, viewers to another; everything flows, and a hub's death frees its sessions.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createHub, createRedisBus, openPostgresStore, type Hub } from "@porthole/hub";
import pg from "pg";
import { pino } from "pino";
import { connectViewer } from "../support/nodeViewer.js";
import { OWNER_TOKEN, startTestHost } from "../support/testHub.js";

const PG_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const utf8 = (s: string) => new TextEncoder().encode(s);

async function startCluster(count: number) {
  const schema = `multihub_${randomBytes(6).toString("hex")}`;
  const prefix = `porthole-multihub-${randomBytes(4).toString("hex")}`;
  const hubs: { hub: Hub; url: string; close(): Promise<void> }[] = [];
  for (let i = 0; i < count; i++) {
    const store = await openPostgresStore({ url: PG_URL, schema, connectTimeoutMs: 3000 });
    const bus = await createRedisBus({ url: REDIS_URL, prefix, hostTtlSeconds: 3 });
    const hub = await createHub({ host: "127.0.0.1", port: 0, sqliteFile: ":memory:", ownerToken: OWNER_TOKEN }, { store, bus, logger: pino({ level: "silent" }) });
    const { url } = await hub.listen();
    let closed = false;
    hubs.push({
      hub,
      url,
      async close() {
        if (closed) return;
        closed = true;
        await hub.close();
        await bus.close();
        await store.close();
      },
    });
  }
  return {
    hubs,
    async [Symbol.asyncDispose]() {
      for (const h of hubs) await h.close();
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}

describe("several hubs, one session", () => {
  it("serves a host on hub A and viewers on hubs B and C: output, input, resume", async () => {
    await using cluster = await startCluster(3);
    const [a, b, c] = cluster.hubs as [(typeof cluster.hubs)[0], (typeof cluster.hubs)[0], (typeof cluster.hubs)[0]];
    const inputs: string[] = [];
    using host = await startTestHost(a.url, { onInput: (d) => inputs.push(Buffer.from(d).toString()) });
    host.host.output(utf8("stored before anyone came\r\n"));
    const onB = connectViewer({ ...host.link, hubUrl: b.url });
    await onB.waitForStatus("live");
    await onB.waitForText("stored before anyone came");
    const onC = connectViewer({ ...host.currentLink(), hubUrl: c.url });
    await onC.waitForStatus("live");
    for (let i = 0; i < 100; i++) host.host.output(utf8(`line ${i}\r\n`));
    await onB.waitForText("line 99");
    await onC.waitForText("line 99");
    expect(onB.digest()).toBe(onC.digest());
    onC.client.sendInput("typed via hub C\r");
    await onC.waitUntil(() => inputs.join("").includes("typed via hub C"), "input at the host on hub A");
    // The phone moves to another hub (a new connection lands elsewhere) and resumes exactly.
    onB.socket()?.terminate();
    host.host.output(utf8("while moving\r\n"));
    await onB.waitForText("while moving");
    expect(onB.security).toEqual([]);
    for (const v of [onB, onC]) v.close();
  }, 30_000);

  it("tells viewers on other hubs when the host's hub dies, and frees the session for a new host", async () => {
    await using cluster = await startCluster(2);
    const [a, b] = cluster.hubs as [(typeof cluster.hubs)[0], (typeof cluster.hubs)[0]];
    using host = await startTestHost(a.url);
    const viewer = connectViewer({ ...host.link, hubUrl: b.url });
    await viewer.waitForStatus("live");
    await a.close(); // hub A goes away with the host's connection
    await viewer.waitForStatus("waiting", 10_000);
    expect(await b.hub.bus.getHost(host.sessionId)).toBeNull();
    viewer.close();
  }, 30_000);
});
