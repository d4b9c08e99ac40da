// A viewer in Node for integration tests and benchmarks: the protocol's ViewerClient on the `ws`
// package, recording what it shows so tests can assert on it.
import { createHash } from "node:crypto";
import { ViewerClient, memoryDeviceStore, type ChatEvent, type ChatPage, type DeviceStore, type PairingLink, type SessionFeatures, type SocketLike, type ViewerStatus } from "@porthole/protocol";
import WebSocket from "ws";

export interface NodeViewer {
  client: ViewerClient;
  devices: DeviceStore;
  /** Output bytes shown so far (since the last reset). */
  text(): string;
  /** SHA-256 of every output byte shown, across reconnects (hex). */
  digest(): string;
  /** Bytes shown in total. */
  bytes(): number;
  resets: { data: string; cols: number; rows: number }[];
  /** Every size the desk terminal was reported to have. */
  sizes: { cols: number; rows: number }[];
  statuses: { status: ViewerStatus; detail: string }[];
  security: string[];
  exit: { code: number | null; signal: number | null } | undefined;
  /** The chat as shown: events in order, replaced whole by a snapshot's chat. */
  chat: ChatEvent[];
  /** How many times a snapshot replaced the chat. */
  chatResets: number;
  /** Older chat pages received (each also put before the chat shown). */
  chatPages: ChatPage[];
  /** The chat commands the host refused, with why. */
  chatRefusals: { command: string; reason: string }[];
  features: SessionFeatures | undefined;
  /** The underlying socket, to simulate a network drop or a stalled reader. */
  socket(): WebSocket | undefined;
  waitForText(pattern: string | RegExp, timeoutMs?: number): Promise<void>;
  waitForStatus(status: ViewerStatus, timeoutMs?: number): Promise<void>;
  waitUntil(predicate: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  close(): void;
}

export function connectViewer(link: PairingLink, opts: { devices?: DeviceStore; keepText?: boolean; origin?: string; latestFirst?: boolean } = {}): NodeViewer {
  const devices = opts.devices ?? memoryDeviceStore();
  const hash = createHash("sha256");
  let text = "";
  let total = 0;
  let socket: WebSocket | undefined;
  const viewer: Omit<NodeViewer, "client"> & { client?: ViewerClient } = {
    devices,
    resets: [],
    sizes: [],
    statuses: [],
    security: [],
    exit: undefined,
    chat: [],
    chatResets: 0,
    chatPages: [],
    chatRefusals: [],
    features: undefined,
    text: () => text,
    digest: () => hash.copy().digest("hex"),
    bytes: () => total,
    socket: () => socket,
    async waitUntil(predicate, what, timeoutMs = 10_000) {
      const start = Date.now();
      while (!predicate()) {
        if (Date.now() - start > timeoutMs) {
          const history = viewer.statuses.map((s) => `${s.status} (${s.detail})`).join(" → ");
          throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; statuses: ${history}; security: ${viewer.security.join("; ")}; screen tail: ${JSON.stringify(text.slice(-300))}`);
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    waitForText(pattern, timeoutMs) {
      const test = () => (typeof pattern === "string" ? text.includes(pattern) : pattern.test(text));
      return viewer.waitUntil(test, `text ${String(pattern)}`, timeoutMs);
    },
    waitForStatus(status, timeoutMs) {
      return viewer.waitUntil(() => viewer.client?.status === status, `status ${status}`, timeoutMs);
    },
    close: () => viewer.client?.close(),
  };
  const keepText = opts.keepText ?? true;
  viewer.client = new ViewerClient({
    link,
    devices,
    minBackoffMs: 50,
    ...(opts.latestFirst !== undefined ? { latestFirst: opts.latestFirst } : {}),
    maxBackoffMs: 500,
    openSocket: (url) => {
      socket = new WebSocket(url, opts.origin ? { origin: opts.origin } : {});
      return socket as unknown as SocketLike;
    },
    onData: (data) => {
      hash.update(data);
      total += data.length;
      if (keepText) text += Buffer.from(data).toString("utf8");
    },
    onResize: (size) => viewer.sizes.push(size),
    onReset: (screen) => {
      viewer.resets.push(screen);
      text = screen.data;
    },
    onStatus: (status, detail) => viewer.statuses.push({ status, detail }),
    onExit: (exit) => {
      viewer.exit = exit;
    },
    onSecurity: (message) => viewer.security.push(message),
    onFeatures: (features) => {
      viewer.features = features;
    },
    onChat: (event) => viewer.chat.push(event),
    onChatReset: (events) => {
      viewer.chat = [...events];
      viewer.chatResets++;
    },
    onChatRefused: (refusal) => viewer.chatRefusals.push(refusal),
    onChatPage: (page) => {
      viewer.chatPages.push(page);
      const first = viewer.chat[0]?.n ?? Infinity;
      viewer.chat = [...page.events.filter((e) => e.n < first), ...viewer.chat];
    },
  });
  viewer.client.start();
  return viewer as NodeViewer;
}
