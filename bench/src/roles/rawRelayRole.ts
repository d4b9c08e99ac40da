// Benchmark floor, process 1 of 3: a bare `ws` relay on 127.0.0.1. No framing, no crypto, no store:
// a message from a channel's host goes to its viewers, a viewer's message goes to its host. It
// pauses a sender whose receiver has over 1 MiB queued, so a fast producer cannot exhaust memory.
import type { AddressInfo } from "node:net";
import type { Socket } from "node:net";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import { serve } from "../support/serve.js";

/** Bytes queued to a receiver before its sender is paused. */
const HIGH_WATER_BYTES = 1024 * 1024;

interface Channel {
  host?: WebSocket;
  viewers: Set<WebSocket>;
}

const channels = new Map<string, Channel>();
const paused = new WeakSet<WebSocket>();
let wss: WebSocketServer | undefined;

const tcp = (ws: WebSocket) => (ws as unknown as { _socket: Socket })._socket;

function forward(from: WebSocket, to: WebSocket | undefined, data: RawData, isBinary: boolean): void {
  if (!to || to.readyState !== to.OPEN) return;
  to.send(data, { binary: isBinary });
  if (to.bufferedAmount > HIGH_WATER_BYTES && !paused.has(from)) {
    paused.add(from);
    tcp(from).pause();
    tcp(to).once("drain", () => {
      paused.delete(from);
      tcp(from).resume();
    });
  }
}

serve(
  {
    async start(): Promise<{ url: string }> {
      wss = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate: false, maxPayload: 1024 * 1024 });
      await new Promise<void>((resolve) => wss!.once("listening", () => resolve()));
      wss.on("connection", (ws, req) => {
        const params = new URL(req.url ?? "/", "http://relay").searchParams;
        const id = params.get("ch") ?? "";
        let channel = channels.get(id);
        if (!channel) channels.set(id, (channel = { viewers: new Set() }));
        const ch = channel;
        if (params.get("role") === "host") {
          ch.host = ws;
          ws.on("message", (data, isBinary) => {
            for (const viewer of ch.viewers) forward(ws, viewer, data, isBinary);
          });
        } else {
          ch.viewers.add(ws);
          ws.on("message", (data, isBinary) => forward(ws, ch.host, data, isBinary));
          ws.on("close", () => ch.viewers.delete(ws));
        }
        ws.on("error", () => undefined);
      });
      return { url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}` };
    },
  },
  async () => {
    for (const ws of wss?.clients ?? []) ws.terminate();
    await new Promise<void>((resolve) => (wss ? wss.close(() => resolve()) : resolve()));
  },
);
