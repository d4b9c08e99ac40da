import { describe, expect, it } from "vitest";
import { pino } from "pino";
import { createHub } from "../createHub.js";

describe("GET /metrics", () => {
  it("reports counts in Prometheus text format, and never a session id", async () => {
    const hub = await createHub({ host: "127.0.0.1", port: 0, sqliteFile: ":memory:", ownerToken: "metrics-owner-token-0123456789" }, { logger: pino({ level: "silent" }) });
    const { url } = await hub.listen();
    try {
      // Counts start with the hub; request latencies with the first scrape (prom-client loads then).
      expect((await fetch(`${url}/metrics`)).status).toBe(200);
      const created = await fetch(`${url}/v1/sessions`, {
        method: "POST",
        headers: { authorization: "Bearer metrics-owner-token-0123456789", "content-type": "application/json" },
        body: JSON.stringify({ command: "bash", cols: 80, rows: 24, joinVerifier: "a".repeat(64) }),
      });
      const { session } = (await created.json()) as { session: { id: string } };
      const response = await fetch(`${url}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/text\/plain/);
      const text = await response.text();
      expect(text).toMatch(/^porthole_sessions_created_total 1$/m);
      expect(text).toMatch(/^porthole_relay_connections 0$/m);
      expect(text).toMatch(/porthole_http_request_duration_seconds_count\{method="POST",route="\/v1\/sessions",status="201"\} 1/);
      expect(text).toMatch(/porthole_process_resident_memory_bytes/);
      expect(text).not.toContain(session.id);
    } finally {
      await hub.close();
    }
  });
});
