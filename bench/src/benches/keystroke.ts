// Keystroke round trip: a viewer types one byte, the host writes it to a PTY running `cat`, the echo
// comes back to that viewer. p50 and p99 with 1, 100 and 1,000 sessions all typing at once, against
// the floor: a raw `ws` relay round trip plus the PTY's own echo time, measured at the same load.
// Hub, hosts and viewers are three processes, as in real use.
import { randomBytes } from "node:crypto";
import { AadLabel, FrameType, PayloadKind, SendChannel, encodeFrame, encodePayload, utf8 } from "@porthole/protocol";
import type { HostSetup } from "../roles/hostRole.js";
import { withChildren, type Child } from "../support/child.js";
import type { BenchContext } from "../support/context.js";
import type { KeystrokeOptions } from "../support/keystrokeLoop.js";
import { ms, ratio, type LatencySummary, type Row } from "../support/stats.js";

export const KEYSTROKE_OPTIONS: KeystrokeOptions = { warmupMs: 2000, measureMs: 8000, minGapMs: 100, maxGapMs: 200, graceMs: 3000 };

/** Size of a one-keystroke input frame on the wire (header, sealed payload, tag), in bytes. */
function keystrokeFrameBytes(): number {
  const sealed = new SendChannel(randomBytes(32), AadLabel.input).seal(encodePayload({ kind: PayloadKind.data, data: utf8("k") }));
  return encodeFrame(FrameType.input, 0, sealed).length;
}

/** CPU time each process spent per keystroke while fn ran, in µs. */
async function cpuPerKeystroke<T extends LatencySummary>(children: Child[], fn: () => Promise<T>): Promise<T & { cpuUs: number[] }> {
  const before = children.map((c) => c.cpuMs());
  const result = await fn();
  const sent = Math.max(1, result.n + result.lost);
  return { ...result, cpuUs: children.map((c, i) => ((c.cpuMs() - before[i]!) * 1000) / sent) };
}

/** Raw relay round trip; withPty: the echo goes through a PTY running `cat` on the echoing side. */
async function relayFloor(count: number, options: KeystrokeOptions, withPty = false): Promise<LatencySummary & { cpuUs: number[] }> {
  return withChildren(async (start) => {
    const size = keystrokeFrameBytes();
    const relay = await start("rawRelayRole");
    const { url } = await relay.call<{ url: string }>("start");
    const echo = await start("rawPeerRole", { nofile: 3 * count + 1000 });
    await echo.call("echoers", { url, count, withPty, size }, 60_000);
    const typist = await start("rawPeerRole");
    const args = { ...options, url, count, size };
    return cpuPerKeystroke([relay, echo, typist], () => typist.call<LatencySummary>("keystrokes", args, 90_000));
  });
}

async function ptyFloor(count: number, options: KeystrokeOptions): Promise<LatencySummary & { spawnMs: number }> {
  return withChildren(async (start) => {
    const ptys = await start("ptyFloorRole");
    return ptys.call<LatencySummary & { spawnMs: number }>("echo", { ...options, count }, 90_000);
  });
}

interface PortholeRun extends LatencySummary {
  setup: HostSetup["echo"];
  ptyError?: string;
  /** CPU per keystroke of the hub, hosts and viewers processes, in µs (over warm-up and window). */
  cpuUs: number[];
  setupMs: number;
}

async function portholeRun(ctx: BenchContext, count: number, options: KeystrokeOptions): Promise<PortholeRun> {
  return withChildren(async (start) => {
    const started = performance.now();
    const hub = await start("hubRole", { nofile: 4 * count + 1000 });
    const { url } = await hub.call<{ url: string }>("start", ctx.hubConfig);
    const hosts = await start("hostRole", { nofile: 4 * count + 1000 });
    const setup = await hosts.call<HostSetup>("setup", { hubUrl: url, count, echo: "pty" }, 90_000);
    const viewers = await start("viewerRole", { nofile: 2 * count + 1000 });
    await viewers.call("connect", { links: setup.links, timeoutMs: 60_000 }, 90_000);
    const setupMs = performance.now() - started;
    const children = [hub, hosts, viewers];
    const summary = await ctx.profiled(`keystroke-${count}`, children, () =>
      cpuPerKeystroke(children, () => viewers.call<LatencySummary>("keystrokes", options, 90_000)),
    );
    return { ...summary, setup: setup.echo, ...(setup.ptyError ? { ptyError: setup.ptyError } : {}), setupMs };
  });
}

const us = (v: number | undefined) => `${(v ?? NaN).toFixed(0)} µs`;

export async function keystrokeBench(ctx: BenchContext, counts: number[], options = KEYSTROKE_OPTIONS): Promise<Row[]> {
  const rows: Row[] = [];
  for (const count of counts) {
    const bench = `keystroke x${count}`;
    // One session types ~7 keys a second: time it longer so its p99 rests on more than a few samples.
    const opts = count === 1 ? { ...options, measureMs: Math.max(options.measureMs, 20_000) } : options;
    ctx.progress(`${bench}: raw ws relay floor`);
    const relay = await relayFloor(count, opts);
    ctx.progress(`${bench}: PTY echo floor`);
    const pty = await ptyFloor(count, opts);
    ctx.progress(`${bench}: raw ws relay with the PTY echo in one run (for comparison)`);
    const both = await relayFloor(count, opts, true);
    ctx.progress(`${bench}: Porthole (hub, hosts, viewers)`);
    const run = await portholeRun(ctx, count, opts);
    const floor50 = relay.p50 + pty.p50;
    const floor99 = relay.p99 + pty.p99;
    const echo = run.setup.js > 0 ? `${run.setup.pty} PTY + ${run.setup.js} JS echo (${run.ptyError ?? "PTYs ran out"})` : `${run.setup.pty} PTYs running cat`;
    rows.push({ bench, figure: "round trip p50", value: ms(run.p50), floor: ms(floor50), ratio: ratio(run.p50 / floor50), target: "-", met: undefined });
    rows.push({
      bench,
      figure: "round trip p99",
      value: ms(run.p99),
      floor: ms(floor99),
      ratio: ratio(run.p99 / floor99),
      target: "<= 2x",
      met: run.p99 <= 2 * floor99 && run.lost === 0,
      note:
        `floor = raw ws relay p50/p99 ${ms(relay.p50)}/${ms(relay.p99)} + PTY echo p50/p99 ${ms(pty.p50)}/${ms(pty.p99)} (same load, ${count} channels); ` +
        `the raw relay with the PTY echo behind it in one run: p50/p99 ${ms(both.p50)}/${ms(both.p99)}; ` +
        `Porthole: ${run.n} keystrokes timed, max ${ms(run.max)}, ${run.lost} still unanswered 3 s after the window (floors: ${relay.lost}, ${pty.lost}); ${echo}; ` +
        `CPU per keystroke: hub ${us(run.cpuUs[0])}, hosts ${us(run.cpuUs[1])}, viewers ${us(run.cpuUs[2])} ` +
        `(raw relay ${us(relay.cpuUs[0])}, its echo and typing peers ${us(relay.cpuUs[1])}, ${us(relay.cpuUs[2])}); setup ${(run.setupMs / 1000).toFixed(1)} s`,
    });
  }
  return rows;
}
