// Benchmark floor, processes 2 and 3 of 3: plain `ws` clients of the raw relay (rawRelayRole.ts).
// As hosts they echo every message back (directly, or through a PTY running `cat`) or produce a
// bulk stream; as viewers they time keystroke echoes or count a bulk stream. Message sizes are
// given by the caller to match Porthole's frames.
import { randomBytes } from "node:crypto";
import type { Socket } from "node:net";
import { tmpdir } from "node:os";
import * as pty from "node-pty";
import WebSocket from "ws";
import { ECHO_SCRIPT } from "../support/echoScript.js";
import { KeystrokeLoop, type KeystrokeOptions } from "../support/keystrokeLoop.js";
import { mapLimit, serve, waitFor } from "../support/serve.js";
import type { LatencySummary } from "../support/stats.js";

/** Bytes a producer lets queue before waiting for its socket to drain. */
const HIGH_WATER_BYTES = 1024 * 1024;

const sockets: WebSocket[] = [];
const onExitHooks: (() => void)[] = [];
let onMessage: (index: number, data: Buffer) => void = () => undefined;

async function open(url: string, channel: string, role: "host" | "viewer"): Promise<WebSocket> {
  const ws = new WebSocket(`${url}/?ch=${channel}&role=${role}`, { perMessageDeflate: false });
  const index = sockets.push(ws) - 1;
  ws.on("message", (data) => onMessage(index, data as Buffer));
  ws.on("error", () => undefined);
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  return ws;
}

/** Open sockets, 50 at a time. */
const openMany = (url: string, count: number, role: "host" | "viewer") =>
  mapLimit(Array.from({ length: count }, (_, i) => i), 50, (i) => open(url, String(i), role));

serve(
  {
    /**
     * `count` hosts that send every message straight back, or (withPty) write one byte per message
     * to their own PTY running `cat` and send each echoed byte back as one `size`-byte message.
     */
    async echoers(args: { url: string; count: number; withPty?: boolean; size?: number }): Promise<void> {
      if (!args.withPty) {
        onMessage = (i, data) => sockets[i]!.send(data, { binary: true });
        await openMany(args.url, args.count, "host");
        return;
      }
      const base = sockets.length;
      const ready: boolean[] = [];
      const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: tmpdir(), TERM: "xterm-256color" };
      const terms = Array.from({ length: args.count }, (_, i) => {
        const term = pty.spawn("sh", ["-c", ECHO_SCRIPT], { cols: 80, rows: 24, cwd: tmpdir(), env, encoding: null } as pty.IPtyForkOptions);
        ready.push(false);
        term.onData((chunk) => {
          const bytes = chunk as unknown as Uint8Array;
          if (ready[i]) return sockets[base + i]?.send(Buffer.alloc(bytes.length * (args.size ?? 1)), { binary: true });
          if (bytes.includes(0x52)) ready[i] = true; // "R": stty is done
        });
        return term;
      });
      onExitHooks.push(() => terms.forEach((t) => t.kill("SIGKILL")));
      onMessage = (i) => terms[i - base]?.write("k");
      await openMany(args.url, args.count, "host");
      await waitFor(() => ready.every(Boolean), "every echo PTY ready", 30_000);
    },

    /** `count` viewers; each keystroke is a `size`-byte message. */
    async keystrokes(args: KeystrokeOptions & { url: string; count: number; size: number }): Promise<LatencySummary> {
      await openMany(args.url, args.count, "viewer");
      // Let the relay register every viewer before traffic starts.
      await new Promise((r) => setTimeout(r, 200));
      const message = randomBytes(args.size);
      const loop = new KeystrokeLoop(args.count, (i) => sockets[i]!.send(message, { binary: true }));
      onMessage = (i, data) => loop.echoed(i, Math.max(1, Math.round(data.length / args.size)));
      return loop.run(args);
    },

    /** Connects a bulk consumer on channel "bulk". */
    async consumer(args: { url: string }): Promise<void> {
      await open(args.url, "bulk", "viewer");
    },

    /** Resolves once `totalBytes` arrived (or after timeoutMs) with what arrived. */
    async consume(args: { totalBytes: number; timeoutMs: number }): Promise<{ bytes: number; messages: number }> {
      let bytes = 0;
      let messages = 0;
      onMessage = (_i, data) => {
        bytes += data.length;
        messages++;
      };
      await waitFor(() => bytes >= args.totalBytes, "bulk bytes", args.timeoutMs).catch(() => undefined);
      return { bytes, messages };
    },

    /** Sends `totalBytes` in `size`-byte messages as fast as the relay takes them. */
    async produce(args: { url: string; totalBytes: number; size: number }): Promise<void> {
      const ws = await open(args.url, "bulk", "host");
      const tcp = (ws as unknown as { _socket: Socket })._socket;
      const message = randomBytes(args.size);
      for (let sent = 0; sent < args.totalBytes; ) {
        const size = Math.min(args.size, args.totalBytes - sent);
        ws.send(message.subarray(0, size), { binary: true });
        sent += size;
        if (ws.bufferedAmount > HIGH_WATER_BYTES) await new Promise((r) => tcp.once("drain", r));
      }
    },
  },
  () => {
    for (const ws of sockets) ws.terminate();
    for (const hook of onExitHooks) hook();
  },
);
