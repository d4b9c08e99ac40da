// Benchmark process: many idle viewers, or the hosts that let them in. A viewer is a `ws` socket
// that joins a session, says hello and, once the host has answered, syncs: the hub then holds it
// as an admitted, live viewer. The hosts admit every hello without doing the key exchange (the
// hub cannot tell), so 10,000 viewers cost no crypto. Keep in step with protocol's messages.ts.
import { randomBytes } from "node:crypto";
import { fromBase64Url, toBase64Url } from "@porthole/protocol";
import WebSocket from "ws";
import { joinMessage } from "../support/joinCompat.js";
import { mapLimit, serve } from "../support/serve.js";

const sockets: WebSocket[] = [];
/** Error messages the hub sent (e.g. a sync refused because the viewer was not admitted). */
let errors = 0;

/** A session to join: its id, its host's public key (base64url; the join token derives from it). */
export interface IdleTarget {
  id: string;
  hostKey: string;
  hostToken: string;
}

const key32 = () => toBase64Url(randomBytes(32));

/** Opens a socket, sends `first`, and resolves with the socket once `until` sees a message it wants. */
function open(relayUrl: string, first: string, until: (ws: WebSocket, message: { t?: string; viewer?: number }) => boolean): Promise<boolean> {
  return new Promise((resolve) => {
    const ws = new WebSocket(relayUrl, { perMessageDeflate: false });
    sockets.push(ws);
    const timer = setTimeout(() => resolve(false), 30_000);
    ws.on("open", () => ws.send(first));
    ws.on("message", (data, isBinary) => {
      if (isBinary) return;
      const message = JSON.parse(String(data)) as { t?: string };
      if (message.t === "error") errors++;
      if (!until(ws, message)) return;
      clearTimeout(timer);
      resolve(true);
    });
    ws.on("error", () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

/** A host that admits and answers every viewer's hello, so the hub treats the viewer as paired. */
function host(relayUrl: string, target: IdleTarget): Promise<boolean> {
  return open(relayUrl, JSON.stringify({ t: "attach", session: target.id, token: target.hostToken }), (ws, message) => {
    if (message.t === "hello" && message.viewer) {
      ws.send(JSON.stringify({ t: "admit", viewer: message.viewer }));
      ws.send(JSON.stringify({ t: "welcome", viewer: message.viewer, ephemeral: key32(), confirm: key32() }));
    }
    return message.t === "attached";
  });
}

/** A viewer: join, hello, and on the host's welcome (sent after its admit) sync from the start. */
function viewer(relayUrl: string, target: IdleTarget): Promise<boolean> {
  return open(relayUrl, joinMessage(target.id, fromBase64Url(target.hostKey)!), (ws, message) => {
    if (message.t === "joined") ws.send(JSON.stringify({ t: "hello", mode: "pair", device: key32(), ephemeral: key32(), mac: key32() }));
    if (message.t !== "welcome") return false;
    ws.send(JSON.stringify({ t: "sync", from: 1 }));
    return true;
  });
}

serve(
  {
    /** Attaches one admitting host per session; resolves once all are attached. */
    async hosts(args: { relayUrl: string; sessions: IdleTarget[] }): Promise<number> {
      const ok = await mapLimit(args.sessions, 50, (target) => host(args.relayUrl, target));
      return ok.filter(Boolean).length;
    },

    /** Opens `count` viewers spread over `sessions` (round robin), `concurrency` at once. */
    async open(args: { relayUrl: string; sessions: IdleTarget[]; count: number; offset: number; concurrency: number }): Promise<{ joined: number; failed: number; ms: number }> {
      const started = performance.now();
      const results = await mapLimit(Array.from({ length: args.count }, (_, i) => i), args.concurrency, (i) =>
        viewer(args.relayUrl, args.sessions[(args.offset + i) % args.sessions.length]!),
      );
      const joined = results.filter(Boolean).length;
      return { joined, failed: results.length - joined, ms: performance.now() - started };
    },

    /** Sockets still open now, and the error messages the hub has sent so far. */
    status(): { open: number; errors: number } {
      return { open: sockets.filter((ws) => ws.readyState === ws.OPEN).length, errors };
    },
  },
  () => {
    for (const ws of sockets) ws.terminate();
  },
);
