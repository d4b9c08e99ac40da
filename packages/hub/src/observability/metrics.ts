// Prometheus metrics for operators (GET /metrics), in a registry of the hub's own so several hubs
// can live in one process. Counts and sizes only: never ids, tokens or payloads. The hot paths bump
// plain counters; prom-client (~10 MB of memory) loads at the first scrape, so a hub nobody scrapes,
// like the embedded one, never pays for it. Request latencies are recorded from that scrape on.
import type { FastifyInstance } from "fastify";
import type { Histogram, Registry } from "prom-client";

/** A monotonically increasing count. */
export interface Count {
  inc(by?: number): void;
  readonly value: number;
}

function count(): Count {
  let value = 0;
  return {
    inc(by = 1) {
      value += by;
    },
    get value() {
      return value;
    },
  };
}

export interface HubMetrics {
  framesStored: Count;
  frameBytesStored: Count;
  sessionsCreated: Count;
  /** Gauges read at scrape time. */
  sources: { connections: () => number; queuedBytes: () => number };
}

export function createMetrics(sources: HubMetrics["sources"]): HubMetrics {
  return { framesStored: count(), frameBytesStored: count(), sessionsCreated: count(), sources };
}

/** Builds the prom-client registry over the plain counters (at the first scrape). */
async function buildRegistry(metrics: HubMetrics): Promise<{ registry: Registry; requests: Histogram }> {
  const { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } = await import("prom-client");
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "porthole_" });
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({ name, help, registers: [registry], collect() { this.set(read()); } });
  const counter = (name: string, help: string, source: Count) =>
    new Counter({ name, help, registers: [registry], collect() { this.reset(); this.inc(source.value); } });
  gauge("porthole_relay_connections", "Open relay WebSocket connections.", metrics.sources.connections);
  gauge("porthole_relay_queued_bytes", "Bytes queued to relay sockets, not yet written out.", metrics.sources.queuedBytes);
  counter("porthole_frames_stored_total", "Output frames stored.", metrics.framesStored);
  counter("porthole_frame_bytes_stored_total", "Bytes of output frames stored.", metrics.frameBytesStored);
  counter("porthole_sessions_created_total", "Sessions registered.", metrics.sessionsCreated);
  const requests = new Histogram({
    name: "porthole_http_request_duration_seconds",
    help: "HTTP request latency by route pattern and status, since the first scrape.",
    labelNames: ["method", "route", "status"],
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [registry],
  });
  return { registry, requests };
}

/** GET /metrics, and a request latency histogram by route and status. */
export function registerMetricsRoutes(app: FastifyInstance, metrics: HubMetrics): void {
  let built: Promise<{ registry: Registry; requests: Histogram }> | undefined;
  let requests: Histogram | undefined;
  app.addHook("onResponse", async (request, reply) => {
    const route = request.routeOptions.url ?? "unmatched";
    requests?.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  app.get("/metrics", async (_request, reply) => {
    built ??= buildRegistry(metrics);
    const { registry, requests: histogram } = await built;
    requests = histogram;
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
