// A relay in the middle that a test controls: it forwards a viewer's socket to the real hub and
// lets the test rewrite, drop, repeat or reorder messages in either direction.
import type { AddressInfo } from "node:net";
import { WebSocket, WebSocketServer, type RawData } from "ws";

export type Direction = "toHub" | "toViewer";
export interface Message {
  data: string | Uint8Array;
  binary: boolean;
}
/** Returns the messages to forward instead of this one (empty: drop it). */
export type Tamper = (message: Message, direction: Direction) => Message[];

export interface TamperingRelay extends AsyncDisposable {
  url: string;
}

const toBytes = (data: RawData): Uint8Array => (Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? new Uint8Array(data) : data);

export async function startTamperingRelay(hubUrl: string, tamper: Tamper): Promise<TamperingRelay> {
  const wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  await new Promise<void>((resolve) => wss.once("listening", () => resolve()));
  const upstreamUrl = `${hubUrl.replace(/^http/, "ws")}/v1/relay`;
  wss.on("connection", (viewer) => {
    const hub = new WebSocket(upstreamUrl);
    const queue: Message[] = [];
    const forward = (to: WebSocket, direction: Direction, message: Message) => {
      for (const out of tamper(message, direction)) to.send(out.data, { binary: out.binary });
    };
    hub.on("open", () => {
      for (const m of queue.splice(0)) forward(hub, "toHub", m);
    });
    viewer.on("message", (data, binary) => {
      const message = { data: binary ? toBytes(data) : toBytes(data).toString(), binary };
      if (hub.readyState === WebSocket.OPEN) forward(hub, "toHub", message);
      else queue.push(message);
    });
    hub.on("message", (data, binary) => forward(viewer, "toViewer", { data: binary ? toBytes(data) : toBytes(data).toString(), binary }));
    hub.on("close", (code, reason) => viewer.close(code >= 4000 || code === 1000 ? code : 1000, reason.toString()));
    viewer.on("close", () => hub.close());
    hub.on("error", () => viewer.terminate());
    viewer.on("error", () => hub.terminate());
  });
  const { port } = wss.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async [Symbol.asyncDispose]() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
