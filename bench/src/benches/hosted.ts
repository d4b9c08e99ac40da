// Hosted sessions (issue 5): start-up time p50 / p95 of a sandboxed shell and of Claude Code
// (POST /v1/sessions until the hub answers with the pairing link), each beside the same command
// started bare in a PTY (until its first output) in the same run; then 100 concurrent hosted shells
// and the API's p99 latency against the same hub idle. The hub runs in its own process.
import { chmodSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as pty from "node-pty";
import { withChildren } from "../support/child.js";
import type { BenchContext } from "../support/context.js";
import { ms, ratio, summarize, type Row } from "../support/stats.js";

const STARTS = 12;
const USERS = 10;
const PER_USER = 10;
const API_REQUESTS = 2000;
const API_CONCURRENCY = 10;
const LOOSE = { limit: 1_000_000, windowSeconds: 60 };
const portholeBin = fileURLToPath(new URL("../../../packages/cli/bin/porthole.js", import.meta.url));
const claudeExe = realpathSync(fileURLToPath(new URL("../../../node_modules/.bin/claude", import.meta.url)));

/** p95 of samples (ms). */
function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))]!;
}

/** Time from spawning `argv` in a PTY to its first output, in ms. */
async function bareStart(argv: string[], env: Record<string, string>, cwd: string): Promise<number> {
  const started = performance.now();
  const term = pty.spawn(argv[0]!, argv.slice(1), { cols: 100, rows: 30, cwd, env });
  const first = await new Promise<number>((resolve) => term.onData(() => resolve(performance.now() - started)));
  term.kill("SIGKILL");
  await new Promise((r) => setTimeout(r, 50));
  return first;
}

export async function hostedBench(ctx: BenchContext): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), "porthole-bench-hosted-"));
  chmodSync(dir, 0o711); // sandbox uids (the hub as root) pass through to the workspaces
  const fakeApi = "http://127.0.0.1:9"; // Claude Code's start-up needs no model call
  try {
    return await withChildren(async (start) => {
      const hub = await start("hubRole");
      const { url } = await hub.call<{ url: string }>("start", {
        ...ctx.hubConfig,
        auth: { dataDir: dir, registration: "open", rateLimits: { login: LOOSE, register: LOOSE, refresh: LOOSE, perIp: LOOSE, perUser: LOOSE } },
        hosted: {
          cliEntry: portholeBin,
          workspacesDir: join(dir, "workspaces"),
          runnersDir: join(dir, "runners"),
          maxPerUser: PER_USER,
          maxPerHub: USERS * PER_USER + 5,
          // 2 shared cores start 100 Node runners: give each longer than the default 20 s.
          startTimeoutSeconds: 180,
          env: { ANTHROPIC_BASE_URL: fakeApi, ANTHROPIC_API_KEY: "sk-ant-bench-0123456789abcdefghij" },
          agents: {
            shell: { command: ["/bin/bash", "-i"] },
            claude: { command: [claudeExe], network: true, kind: "claude", memoryMb: 1024, readOnlyPaths: [dirname(dirname(claudeExe))] },
          },
        },
      });
      const post = (path: string, body: unknown, token?: string) =>
        fetch(`${url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
      const tokens: string[] = [];
      for (let i = 0; i < USERS; i++) {
        const response = await post("/v1/auth/register", { email: `hosted-${i}@example.com`, password: `hosted bench passphrase ${i}` });
        if (!response.ok) throw new Error(`register failed: ${response.status} ${await response.text()}`);
        tokens.push(((await response.json()) as { accessToken: string }).accessToken);
      }
      const startHosted = async (agent: string, token: string, project: string): Promise<{ id: string; ms: number }> => {
        const t = performance.now();
        const response = await post("/v1/sessions", { agent, project }, token);
        const body = (await response.json()) as { session?: { id: string }; error?: { message: string } };
        if (response.status !== 201 || !body.session) throw new Error(`hosted ${agent} did not start: ${response.status} ${body.error?.message ?? ""}`);
        return { id: body.session.id, ms: performance.now() - t };
      };
      const remove = (id: string, token: string) => fetch(`${url}/v1/sessions/${id}`, { method: "DELETE", headers: { authorization: `Bearer ${token}` } });

      const rows: Row[] = [];
      const bareEnv = { PATH: "/usr/bin:/bin", HOME: dir, TERM: "xterm-256color", LANG: "C.UTF-8", ANTHROPIC_BASE_URL: fakeApi, ANTHROPIC_API_KEY: "sk-ant-bench-0123456789abcdefghij", DISABLE_TELEMETRY: "1", CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1" };
      for (const [agent, argv] of [["shell", ["/bin/bash", "-i"]], ["claude", [claudeExe]]] as const) {
        ctx.progress(`hosted: ${STARTS} starts of ${agent}, hosted and bare`);
        const hosted: number[] = [];
        const bare: number[] = [];
        for (let i = 0; i < STARTS; i++) {
          const started = await startHosted(agent, tokens[0]!, `startup-${agent}`);
          hosted.push(started.ms);
          await remove(started.id, tokens[0]!);
          bare.push(await bareStart([...argv], bareEnv, dir));
        }
        const h = summarize(hosted.slice(2)); // the first starts warm the page cache
        const b = summarize(bare.slice(2));
        rows.push({ bench: "hosted", figure: `start ${agent} p50 (API -> link)`, value: ms(h.p50), floor: ms(b.p50), ratio: ratio(h.p50 / b.p50), target: "-", met: undefined, note: `floor: ${agent} started bare in a PTY, to its first output` });
        rows.push({ bench: "hosted", figure: `start ${agent} p95`, value: ms(p95(hosted.slice(2))), floor: ms(p95(bare.slice(2))), ratio: ratio(p95(hosted.slice(2)) / p95(bare.slice(2))), target: "-", met: undefined });
      }

      const apiLatency = async (): Promise<number[]> => {
        const latencies: number[] = [];
        let next = 0;
        await Promise.all(
          Array.from({ length: API_CONCURRENCY }, async () => {
            while (next < API_REQUESTS) {
              const i = next++;
              const t = performance.now();
              const response = await fetch(`${url}/v1/sessions`, { headers: { authorization: `Bearer ${tokens[i % USERS]!}` } });
              await response.arrayBuffer();
              latencies.push(performance.now() - t);
            }
          }),
        );
        return latencies;
      };
      ctx.progress("hosted: API latency on the idle hub");
      await apiLatency();
      const idle = summarize(await apiLatency());
      ctx.progress(`hosted: starting ${USERS * PER_USER} hosted shells`);
      const t = performance.now();
      const running: Array<{ id: string; token: string }> = [];
      try {
        // Five at a time, so start-up does not starve the machine.
        for (let round = 0; round < PER_USER; round++) {
          for (const half of [tokens.slice(0, USERS / 2), tokens.slice(USERS / 2)]) {
            const batch = await Promise.all(half.map(async (token) => ({ id: (await startHosted("shell", token, `many-${round}`)).id, token })));
            running.push(...batch);
          }
        }
        const allStarted = (performance.now() - t) / 1000;
        const loaded = summarize(await apiLatency());
        rows.push({ bench: "hosted", figure: `API p99 with ${running.length} hosted shells`, value: ms(loaded.p99), floor: ms(idle.p99), ratio: ratio(loaded.p99 / idle.p99), target: "-", met: undefined, note: `GET /v1/sessions, ${API_CONCURRENCY} in flight; floor: the same hub idle; ${running.length} started in ${allStarted.toFixed(1)} s` });
        rows.push({ bench: "hosted", figure: `API p50 with ${running.length} hosted shells`, value: ms(loaded.p50), floor: ms(idle.p50), ratio: ratio(loaded.p50 / idle.p50), target: "-", met: undefined });
      } catch (error) {
        rows.push({ bench: "hosted", figure: `(failed after ${running.length} hosted shells)`, value: "-", floor: "-", ratio: "-", target: "-", met: false, note: (error as Error).message });
      }
      ctx.progress("hosted: ending them");
      await Promise.all(running.map((r) => remove(r.id, r.token)));
      return rows;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
