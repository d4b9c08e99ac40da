// Benchmark process: browser-side viewers (the protocol's ViewerClient on the `ws` package). Pairs
// with each session's link, then either times keystroke round trips or reads a bulk stream; one
// viewer may stall (its socket paused) to show the hub does not buffer for it.
import { ViewerClient, memoryDeviceStore, parsePairingUrl, type DeviceStore, type PairingLink, type SocketLike } from "@porthole/protocol";
import WebSocket from "ws";
import { KeystrokeLoop, type KeystrokeOptions } from "../support/keystrokeLoop.js";
import { mapLimit, serve, waitFor } from "../support/serve.js";
import type { LatencySummary } from "../support/stats.js";

interface Viewer {
  client: ViewerClient;
  devices: DeviceStore;
  socket?: WebSocket;
  /** Output bytes and frames since the last reset of the counters. */
  bytes: number;
  frames: number;
  exited: boolean;
  onData?: (bytes: number) => void;
}

const viewers: Viewer[] = [];

function connect(link: PairingLink, devices: DeviceStore): Viewer {
  const viewer = { devices, bytes: 0, frames: 0, exited: false } as Omit<Viewer, "client"> as Viewer;
  viewer.client = new ViewerClient({
    link,
    devices,
    minBackoffMs: 100,
    maxBackoffMs: 2000,
    openSocket: (url) => {
      viewer.socket = new WebSocket(url);
      return viewer.socket as unknown as SocketLike;
    },
    onData: (data) => {
      viewer.bytes += data.length;
      viewer.frames++;
      viewer.onData?.(data.length);
    },
    onExit: () => {
      viewer.exited = true;
    },
  });
  viewer.client.start();
  return viewer;
}

function parse(url: string): PairingLink {
  const link = parsePairingUrl(url);
  if (typeof link === "string") throw new Error(`bad link ${url}: ${link}`);
  return link;
}

export interface BulkRead {
  /** Output bytes the reading viewer decrypted and showed. */
  bytes: number;
  frames: number;
  /** Output bytes the stalled viewer got before (and while) its socket was paused. */
  stalledBytes: number;
}

serve(
  {
    /** Pairs one viewer per link (20 handshakes at once); resolves when all are live. */
    async connect(args: { links: string[]; timeoutMs: number }): Promise<number> {
      const started = Date.now();
      await mapLimit(args.links, 20, async (url) => {
        const viewer = connect(parse(url), memoryDeviceStore());
        viewers.push(viewer);
        await waitFor(() => viewer.client.status === "live", `viewer live (status ${viewer.client.status})`, args.timeoutMs);
      });
      return Date.now() - started;
    },

    /** One keystroke every few 100 ms on every viewer; times each echo. */
    async keystrokes(options: KeystrokeOptions): Promise<LatencySummary> {
      const loop = new KeystrokeLoop(viewers.length, (i) => viewers[i]!.client.sendInput("k"));
      viewers.forEach((v, i) => {
        v.onData = (bytes) => loop.echoed(i, bytes);
      });
      return loop.run(options);
    },

    /**
     * Adds a second viewer on the first session, resuming with the first viewer's device (no new
     * pairing), and pauses its socket once live: it stops reading, as a phone in a tunnel would.
     */
    async addStalled(args: { link: string; timeoutMs: number }): Promise<void> {
      const first = viewers[0];
      if (!first) throw new Error("connect a viewer first");
      const { pairingSecret: _unused, ...link } = parse(args.link);
      const stalled = connect(link, first.devices);
      viewers.push(stalled);
      await waitFor(() => stalled.client.status === "live", "stalled viewer live", args.timeoutMs);
      const raw = stalled.socket as unknown as { _socket?: { pause(): void } };
      if (!raw._socket) throw new Error("no underlying socket to pause");
      raw._socket.pause();
    },

    /** Resets the byte counters before a bulk run. */
    arm(): void {
      for (const v of viewers) {
        v.bytes = 0;
        v.frames = 0;
        v.exited = false;
      }
    },

    /** Resolves when the first viewer saw the agent exit (or after timeoutMs, with what it got). */
    async bulkDone(args: { timeoutMs: number }): Promise<BulkRead> {
      const reader = viewers[0]!;
      const deadline = Date.now() + args.timeoutMs;
      while (!reader.exited && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      return { bytes: reader.bytes, frames: reader.frames, stalledBytes: viewers[1]?.bytes ?? 0 };
    },
  },
  () => {
    for (const v of viewers) v.client.close();
  },
);
