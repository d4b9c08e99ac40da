// Bulk output: 200 MB printed in a PTY, sealed by the host, relayed and stored by the hub, opened by
// one viewer; throughput against the same PTY read directly (floor b) and a raw `ws` relay carrying
// the same bytes in the same message sizes (floor a). Then again with a second viewer whose socket
// is paused, watching the hub's RSS.
import type { BulkResult, HostSetup } from "../roles/hostRole.js";
import type { HubUsage } from "../roles/hubRole.js";
import type { PtyBulk } from "../roles/ptyFloorRole.js";
import type { BulkRead } from "../roles/viewerRole.js";
import { sampleRss, withChildren } from "../support/child.js";
import type { BenchContext } from "../support/context.js";
import { mb, mbps, ratio, type Row } from "../support/stats.js";

/** Bytes the program prints (the PTY adds a CR per line on top). */
export const BULK_BYTES = 200_000_000;
const LINE = "porthole bulk benchmark: the quick brown fox jumps over the lazy dog 0123456789";
const COMMAND = { command: "sh", args: ["-c", `yes '${LINE}' | head -c ${BULK_BYTES}`] };
/** Hub RSS limit while one viewer has stopped reading, in bytes. */
const HUB_RSS_LIMIT = 150e6;
/** Frame bytes around each chunk of output: 9-byte header, 1-byte payload kind, 16-byte tag. */
const FRAME_OVERHEAD = 26;

interface PortholeBulk {
  host: BulkResult;
  read: BulkRead;
  ms: number;
  hubPeakRss: number;
  hubStartRss: number;
  /** Largest V8 heap (total) and off-heap buffers the hub reported while running, in bytes. */
  hubPeakHeap: number;
  hubPeakBuffers: number;
  /** CPU time the hub, hosts and viewers processes used during the run, in ms. */
  cpuMs: number[];
}

async function portholeBulk(ctx: BenchContext, scenario: string, stall: boolean): Promise<PortholeBulk> {
  return withChildren(async (start) => {
    const hub = await start("hubRole");
    const { url } = await hub.call<{ url: string }>("start", ctx.hubConfig);
    const hosts = await start("hostRole");
    const setup = await hosts.call<HostSetup>("setup", { hubUrl: url, count: 1, echo: "none" });
    const viewers = await start("viewerRole");
    await viewers.call("connect", { links: setup.links, timeoutMs: 20_000 });
    if (stall) await viewers.call("addStalled", { link: setup.links[0], timeoutMs: 20_000 });
    await viewers.call("arm");
    const hubStartRss = hub.rssBytes();
    const rss = sampleRss(hub.pid);
    let hubPeakHeap = 0;
    let hubPeakBuffers = 0;
    const usage = setInterval(() => {
      hub.call<HubUsage>("usage").then((u) => {
        hubPeakHeap = Math.max(hubPeakHeap, u.heapTotal);
        hubPeakBuffers = Math.max(hubPeakBuffers, u.external + u.arrayBuffers);
      }, () => undefined);
    }, 200);
    const children = [hub, hosts, viewers];
    const cpu0 = children.map((c) => c.cpuMs());
    const t0 = performance.now();
    const [host, read] = await ctx.profiled(scenario, children, () =>
      Promise.all([hosts.call<BulkResult>("bulk", COMMAND, 90_000), viewers.call<BulkRead>("bulkDone", { timeoutMs: 55_000 }, 90_000)]),
    );
    const elapsed = performance.now() - t0;
    clearInterval(usage);
    const cpuMs = children.map((c, i) => c.cpuMs() - cpu0[i]!);
    return { host, read, ms: elapsed, hubPeakRss: rss.stop().peakBytes, hubStartRss, hubPeakHeap, hubPeakBuffers, cpuMs };
  });
}

/**
 * Runs a throughput measurement n times and keeps the fastest run, with every run's bytes/s. On a
 * shared machine noise only ever slows a run down, so the best run is nearest to what the stack can do.
 */
async function bestOf<T extends { ms: number }>(n: number, run: () => Promise<T>, bytes: (r: T) => number): Promise<T & { runs: number[] }> {
  const results: T[] = [];
  for (let i = 0; i < n; i++) results.push(await run());
  const rate = (r: T) => bytes(r) / (r.ms / 1000);
  const best = results.reduce((a, b) => (rate(b) > rate(a) ? b : a));
  return { ...best, runs: results.map(rate) };
}

async function ptyDirect(): Promise<PtyBulk> {
  return withChildren(async (start) => (await start("ptyFloorRole")).call<PtyBulk>("bulk", COMMAND, 60_000));
}

async function rawRelay(totalBytes: number, size: number): Promise<{ bytes: number; ms: number; relayCpuMs: number }> {
  return withChildren(async (start) => {
    const relay = await start("rawRelayRole");
    const { url } = await relay.call<{ url: string }>("start");
    const consumer = await start("rawPeerRole");
    await consumer.call("consumer", { url });
    const producer = await start("rawPeerRole");
    const cpu0 = relay.cpuMs();
    const t0 = performance.now();
    const [got] = await Promise.all([
      consumer.call<{ bytes: number }>("consume", { totalBytes, timeoutMs: 55_000 }, 60_000),
      producer.call("produce", { url, totalBytes, size }, 60_000),
    ]);
    return { bytes: got.bytes, ms: performance.now() - t0, relayCpuMs: relay.cpuMs() - cpu0 };
  });
}

/** CPU milliseconds per MB (10^6 bytes) of output. */
const perMb = (cpuMs: number | undefined, bytes: number) => `${(((cpuMs ?? NaN) * 1e6) / bytes).toFixed(1)} ms`;

/** The host's connection drops and the hub's complaints during a run, in a few words. */
function hostTrouble(host: BulkResult): string {
  const said = Object.entries(host.warnings).map(([message, n]) => `${n}x "${message}"`);
  return `host connection dropped ${host.drops}x${said.length > 0 ? `, host logged ${said.join(", ")}` : ", no warnings"}`;
}

export async function bulkBench(ctx: BenchContext): Promise<Row[]> {
  ctx.progress("bulk: PTY read directly (floor b), best of 3");
  const pty = await bestOf(3, ptyDirect, (r) => r.bytes);
  const ptyRate = pty.bytes / (pty.ms / 1000);
  ctx.progress("bulk: Porthole, one viewer, best of 2");
  const one = await bestOf(2, () => portholeBulk(ctx, "bulk", false), (r) => r.read.bytes);
  const oneRate = one.read.bytes / (one.ms / 1000);
  const frameBytes = Math.round(one.read.bytes / Math.max(1, one.read.frames)) + FRAME_OVERHEAD;
  ctx.progress(`bulk: raw ws relay (floor a), ${frameBytes}-byte messages, best of 2`);
  const relay = await bestOf(2, () => rawRelay(one.read.bytes + one.read.frames * FRAME_OVERHEAD, frameBytes), (r) => r.bytes);
  const relayRate = relay.bytes / (relay.ms / 1000);
  ctx.progress("bulk: Porthole, one viewer reading and one stalled");
  const two = await portholeBulk(ctx, "bulk-stalled", true);
  const twoRate = two.read.bytes / (two.ms / 1000);
  const complete = (r: PortholeBulk) => r.read.bytes === r.host.bytes && r.host.stored;
  return [
    {
      bench: "bulk 200 MB",
      figure: "throughput, 1 viewer (E2E encrypted)",
      value: mbps(oneRate),
      floor: mbps(ptyRate),
      ratio: ratio(oneRate / ptyRate),
      target: ">= 0.7x",
      met: oneRate / ptyRate >= 0.7 && complete(one),
      note:
        `floor b = node-pty reading \`yes | head -c ${BULK_BYTES}\` directly: ${mb(pty.bytes)} in ${(pty.ms / 1000).toFixed(2)} s, ${pty.chunks} reads (best of ${pty.runs.map(mbps).join(", ")}); ` +
        `Porthole: viewer got ${mb(one.read.bytes)} of ${mb(one.host.bytes)} in ${(one.ms / 1000).toFixed(2)} s (best of ${one.runs.map(mbps).join(", ")}), ${one.read.frames} frames, PTY paused ${one.host.pauses}x by the ack window; ` +
        `CPU per MB: hub ${perMb(one.cpuMs[0], one.read.bytes)}, host ${perMb(one.cpuMs[1], one.read.bytes)}, viewer ${perMb(one.cpuMs[2], one.read.bytes)}; ` +
        `hub RSS ${mb(one.hubStartRss)} before, ${mb(one.hubPeakRss)} peak; ${hostTrouble(one.host)}`,
    },
    {
      bench: "bulk 200 MB",
      figure: "raw ws relay, same bytes (floor a)",
      value: mbps(relayRate),
      floor: mbps(ptyRate),
      ratio: ratio(relayRate / ptyRate),
      target: "-",
      met: undefined,
      note: `${mb(relay.bytes)} in ${frameBytes}-byte messages (Porthole's mean frame) producer -> relay -> consumer in ${(relay.ms / 1000).toFixed(2)} s (best of ${relay.runs.map(mbps).join(", ")}), relay CPU per MB ${perMb(relay.relayCpuMs, relay.bytes)}; Porthole reaches ${ratio(oneRate / relayRate)} of it`,
    },
    {
      bench: "bulk 200 MB",
      figure: "hub peak RSS, 1 viewer stalled",
      value: mb(two.hubPeakRss),
      floor: mb(two.hubStartRss),
      ratio: "",
      target: "< 150 MB",
      met: two.hubPeakRss < HUB_RSS_LIMIT,
      note:
        `floor = hub RSS before the run; the stalled viewer paused its socket once live, so it read ${mb(two.read.stalledBytes)} of this run's output; ` +
        `hub peak V8 heap ${mb(two.hubPeakHeap)}, off-heap buffers ${mb(two.hubPeakBuffers)}`,
    },
    {
      bench: "bulk 200 MB",
      figure: "throughput of the reader beside it",
      value: mbps(twoRate),
      floor: mbps(ptyRate),
      ratio: ratio(twoRate / ptyRate),
      target: "-",
      met: undefined,
      note: `reader got ${mb(two.read.bytes)} of ${mb(two.host.bytes)}${complete(two) ? "" : " (INCOMPLETE)"}; ${ratio(twoRate / oneRate)} of the one-viewer run; ${hostTrouble(two.host)}`,
    },
  ];
}
