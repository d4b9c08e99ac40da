// 10,000 idle viewers on one hub: memory per connection (hub RSS after minus before, over 10,000,
// each reading after a full GC) and the hub's CPU over 10 s of idleness. Viewers are admitted and
// live (joined, hello, admitted by their session's host, synced) but skip the key exchange; 25 per
// session over 400 sessions, from 4 client processes. The hosts attach before the first reading.
import { generateKeyPair, toBase64Url } from "@porthole/protocol";
import type { HubUsage } from "../roles/hubRole.js";
import type { IdleTarget } from "../roles/idleViewersRole.js";
import { withChildren } from "../support/child.js";
import type { BenchContext } from "../support/context.js";
import { registerSessions } from "../support/hubApi.js";
import { kb, mb, type Row } from "../support/stats.js";

const VIEWERS = 10_000;
const CLIENT_PROCESSES = 4;
/** Under the hub's default limit of 32 admitted viewers per session. */
const VIEWERS_PER_SESSION = 25;
const IDLE_MS = 10_000;
/** Target memory per idle viewer, in bytes. */
const TARGET_BYTES = 20_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function idleBench(ctx: BenchContext): Promise<Row[]> {
  return withChildren(async (start) => {
    const hub = await start("hubRole", { exposeGc: true, nofile: VIEWERS + 2000 });
    const { url } = await hub.call<{ url: string }>("start", ctx.hubConfig);
    ctx.progress(`idle: registering ${VIEWERS / VIEWERS_PER_SESSION} sessions`);
    const keys = Array.from({ length: VIEWERS / VIEWERS_PER_SESSION }, () => generateKeyPair().publicKey);
    const sessions: IdleTarget[] = (await registerSessions(url, keys)).map((s, i) => ({ id: s.id, hostToken: s.hostToken, hostKey: toBase64Url(keys[i]!) }));
    const relayUrl = `${url.replace(/^http/, "ws")}/v1/relay`;
    const hosts = await start("idleViewersRole", { nofile: sessions.length + 1000 });
    const attached = await hosts.call<number>("hosts", { relayUrl, sessions }, 60_000);
    if (attached !== sessions.length) throw new Error(`only ${attached} of ${sessions.length} hosts attached`);
    await hub.call("gc");
    await sleep(1000);
    const before = await hub.call<HubUsage>("usage");
    const rssBefore = hub.rssBytes();

    ctx.progress(`idle: opening ${VIEWERS} viewers from ${CLIENT_PROCESSES} processes`);
    const per = VIEWERS / CLIENT_PROCESSES;
    const clients = await Promise.all(Array.from({ length: CLIENT_PROCESSES }, () => start("idleViewersRole", { nofile: per + 1000 })));
    const opened = await Promise.all(
      clients.map((c, i) => c.call<{ joined: number; failed: number; ms: number }>("open", { relayUrl, sessions, count: per, offset: i * per, concurrency: 100 }, 60_000)),
    );
    const joined = opened.reduce((n, o) => n + o.joined, 0);
    const openMs = Math.max(...opened.map((o) => o.ms));
    const joinedAt = performance.now();
    await hub.call("gc");
    await sleep(1000);
    const after = await hub.call<HubUsage>("usage");
    const rssAfter = hub.rssBytes();

    ctx.progress(`idle: ${joined} joined; measuring hub CPU over ${IDLE_MS / 1000} s of idleness`);
    const [cpu0, cpu1] = await ctx.profiled("idle", [hub], async () => {
      const first = await hub.call<HubUsage>("usage");
      await sleep(IDLE_MS);
      return [first, await hub.call<HubUsage>("usage")] as const;
    });
    const statuses = await Promise.all(clients.map((c) => c.call<{ open: number; errors: number }>("status")));
    const stillOpen = statuses.reduce((n, s) => n + s.open, 0);
    const hubErrors = statuses.reduce((n, s) => n + s.errors, 0);
    const cpuMs = (cpu1.cpuUser + cpu1.cpuSystem - cpu0.cpuUser - cpu0.cpuSystem) / 1000;

    const perViewer = (rssAfter - rssBefore) / joined;
    const heapPer = (after.heapUsed - before.heapUsed) / joined;
    const externalPer = (after.external - before.external) / joined;
    return [
      {
        bench: `idle x${VIEWERS}`,
        figure: "hub memory per idle viewer",
        value: kb(perViewer),
        floor: mb(rssBefore),
        ratio: "",
        target: "<= 20 KB",
        met: perViewer <= TARGET_BYTES && joined === VIEWERS && stillOpen === VIEWERS && hubErrors === 0,
        note:
          `floor = hub RSS before the viewers, with the ${sessions.length} hosts attached (after GC); after: ${mb(rssAfter)} with ${after.connections} relay connections; ` +
          `per viewer: JS heap ${kb(heapPer)}, external ${kb(externalPer)}, rest is sockets and native buffers; ` +
          `${joined}/${VIEWERS} admitted and synced (failed ${opened.reduce((n, o) => n + o.failed, 0)}) in ${(openMs / 1000).toFixed(1)} s; the hosts admit them without the key exchange; ${hubErrors} error messages from the hub`,
      },
      {
        bench: `idle x${VIEWERS}`,
        figure: `hub CPU over ${IDLE_MS / 1000} s idle`,
        value: `${((cpuMs / IDLE_MS) * 100).toFixed(2)}% of a core`,
        floor: "",
        ratio: "",
        target: "-",
        met: undefined,
        note:
          `${cpuMs.toFixed(0)} ms of CPU in ${IDLE_MS / 1000} s; ${stillOpen} viewers still open at the end, ` +
          `${((performance.now() - joinedAt + openMs) / 1000).toFixed(1)} s after the first joined (the hub pings every connection every 30 s; these clients send nothing)`,
      },
    ];
  });
}
