// A hub (in this process, SQLite in a temp dir, serving the built web app), one chat session's
// HostSession on it, and Node viewers: what the chat benchmarks measure through.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { HostSession } from "@porthole/cli";
import { createHub, type Hub } from "@porthole/hub";
import { ViewerClient, formatPairingUrl, generateKeyPair, memoryDeviceStore, parsePairingUrl, type ChatEvent, type ViewerEvents } from "@porthole/protocol";
import { pino } from "pino";
import WebSocket from "ws";
import { OWNER_TOKEN, registerSessions } from "./hubApi.js";

/** The built web app (`npm run build -w @porthole/web`). */
export const webDist = fileURLToPath(new URL("../../../packages/web/dist/", import.meta.url));

export interface ChatBenchHub {
  url: string;
  /** A new chat session on the hub; `headless` makes Chat the view the web app opens on. */
  session(headless: boolean): Promise<ChatBenchSession>;
  close(): Promise<void>;
}

export interface ChatBenchSession {
  host: HostSession;
  /** The pairing link as it stands now (the secret changes after each pairing). */
  link(): string;
  /** A Node viewer on a fresh device, started. */
  viewer(events: ViewerEvents, latestFirst?: boolean): ViewerClient;
}

export async function startChatBenchHub(hubConfig: Record<string, unknown> = {}): Promise<ChatBenchHub> {
  const dir = mkdtempSync(join(tmpdir(), "porthole-bench-chat-"));
  const hub: Hub = await createHub(
    { host: "127.0.0.1", port: 0, sqliteFile: join(dir, "hub.db"), ownerToken: OWNER_TOKEN, webRoot: webDist, ...hubConfig },
    { logger: pino({ level: "silent" }) },
  );
  const { url } = await hub.listen();
  const hosts: HostSession[] = [];
  return {
    url,
    async session(headless) {
      const hostKey = generateKeyPair();
      const [created] = await registerSessions(url, [hostKey.publicKey]);
      if (!created) throw new Error("could not register a session");
      const host = new HostSession({
        hubUrl: url,
        sessionId: created.id,
        hostToken: created.hostToken,
        hostKey,
        cols: 80,
        rows: 24,
        openSocket: (u) => new WebSocket(u) as never,
        log: pino({ level: "silent" }),
        features: { chat: true, headless },
      });
      hosts.push(host);
      host.start();
      const link = () => formatPairingUrl({ hubUrl: url, sessionId: created.id, hostPublicKey: hostKey.publicKey, ...(host.pairingSecret ? { pairingSecret: host.pairingSecret } : {}) });
      return {
        host,
        link,
        viewer(events, latestFirst = false) {
          const parsed = parsePairingUrl(link());
          if (typeof parsed === "string") throw new Error(parsed);
          const client = new ViewerClient({ link: parsed, devices: memoryDeviceStore(), openSocket: (u) => new WebSocket(u) as never, latestFirst, ...events });
          client.start();
          return client;
        },
      };
    },
    async close() {
      for (const host of hosts) host.close();
      await hub.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A mix of what a long Claude session says: messages (some markdown and code), tool calls, results. */
export function benchChatEvent(n: number): ChatEvent {
  const at = 1_700_000_000_000 + n * 1000;
  switch (n % 4) {
    case 0:
      return { type: "user_message", n, at, text: `question number ${n}: what does \`parse()\` do here?` };
    case 1:
      return { type: "assistant_message", n, at, text: `answer number ${n}: it **parses** the line.\n\n\`\`\`ts\nconst x = parse(line); // ${n}\n\`\`\`` };
    case 2:
      return { type: "tool_call", n, at, id: `toolu_${n}`, name: "Read", input: { file_path: `/work/src/file-${n}.ts` } };
    default:
      return { type: "tool_result", n, at, id: `toolu_${n - 1}`, output: `export function f${n}() {\n  return ${n};\n}\n`, isError: false };
  }
}

/** Resolves once every frame the host sent is stored by the hub. */
export async function stored(host: HostSession): Promise<void> {
  if (!(await host.flushed(60_000))) throw new Error("the hub did not store the chat in time");
}
