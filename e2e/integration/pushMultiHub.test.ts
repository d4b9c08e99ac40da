// Push across several hubs (PostgreSQL store, Redis bus): the host on hub A, the viewer on hub B.
// B's viewer being visible reaches A through the bus, so A sends nothing; hidden, A notifies once.
// Both hubs sign with one configured VAPID key. Needs PostgreSQL and Redis (fails fast without).
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createHub, createRedisBus, openPostgresStore, type Hub } from "@porthole/hub";
import type { ChatEvent } from "@porthole/protocol";
import pg from "pg";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { startFakePushService } from "../fixtures/fakePushService.js";
import { connectViewer } from "../support/nodeViewer.js";
import { OWNER_TOKEN, api, startTestHost } from "../support/testHub.js";

const PG_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const quiet = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("push with several hubs (fake push service)", () => {
  it("a visible viewer on another hub suppresses the host's hub's notification; hidden, one goes out", async () => {
    const schema = `pushhub_${randomBytes(6).toString("hex")}`;
    const prefix = `porthole-pushhub-${randomBytes(4).toString("hex")}`;
    const vapidPrivateKeyPem = generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    await using push = await startFakePushService();
    const hubs: Array<{ hub: Hub; url: string; close(): Promise<void> }> = [];
    try {
      for (let i = 0; i < 2; i++) {
        const store = await openPostgresStore({ url: PG_URL, schema, connectTimeoutMs: 3000 });
        const bus = await createRedisBus({ url: REDIS_URL, prefix, hostTtlSeconds: 3 });
        const hub = await createHub(
          { host: "127.0.0.1", port: 0, sqliteFile: ":memory:", ownerToken: OWNER_TOKEN, push: { vapidPrivateKeyPem, allowLoopbackHttp: true } },
          { store, bus, logger: pino({ level: "silent" }) },
        );
        const { url } = await hub.listen();
        hubs.push({
          hub,
          url,
          async close() {
            await hub.close();
            await bus.close();
            await store.close();
          },
        });
      }
      const [a, b] = hubs as [(typeof hubs)[0], (typeof hubs)[0]];
      const keyA = (await api(a.url, "GET", "/v1/push/key")).json.publicKey;
      expect((await api(b.url, "GET", "/v1/push/key")).json.publicKey).toBe(keyA);
      const phone = push.subscribe();
      expect((await api(b.url, "POST", "/v1/push/subscriptions", phone.json)).status).toBe(201);

      using host = await startTestHost(a.url, { features: { chat: true, headless: false } });
      const viewer = connectViewer({ ...host.link, hubUrl: b.url });
      await viewer.waitForStatus("live");
      viewer.client.setVisible(true);
      await quiet(400);
      let n = 0;
      const approval = (): ChatEvent => ({ type: "permission_request", n: ++n, at: Date.now(), id: `p${n}`, tool: "Bash", input: {}, options: ["allow_once", "deny"], alwaysLabel: "" });
      host.host.chat(approval());
      await quiet(800);
      expect(push.received).toHaveLength(0);

      viewer.client.setVisible(false);
      await quiet(400);
      host.host.chat(approval());
      await push.waitFor((all) => all.length === 1, "one notification from hub A");
      expect(push.received[0]!.vapid?.publicKey).toBe(keyA);
      expect(JSON.parse(push.received[0]!.text!)).toMatchObject({ session: host.sessionId, reason: "approval" });
      viewer.close();
    } finally {
      for (const h of hubs) await h.close();
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
  });
});
