// The hub `porthole run` starts inside itself when no hub is configured: SQLite under
// ~/.porthole, in-process bus, listening on the LAN so a phone on the same network can connect.
// Only this CLI holds its owner token, so it accepts sessions from no one else.
import { randomBytes } from "node:crypto";
import { networkInterfaces } from "node:os";
import { createHub, type Hub } from "@porthole/hub";
import type { Logger } from "pino";

export interface EmbeddedHub {
  hub: Hub;
  /** Base URL this CLI uses (loopback). */
  localUrl: string;
  /** Base URL for links: the LAN address, or the configured public URL. */
  publicUrl: string;
  ownerToken: string;
}

/** The machine's first non-internal IPv4 address, if any. */
export function lanAddress(): string | undefined {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) if (a.family === "IPv4" && !a.internal) return a.address;
  }
  return undefined;
}

export async function startEmbeddedHub(opts: {
  listenHost: string;
  port: number;
  sqliteFile: string;
  webRoot: string;
  publicUrl: string | undefined;
  logger: Logger;
}): Promise<EmbeddedHub> {
  const ownerToken = randomBytes(32).toString("base64url");
  // Several `porthole run` at once each start a hub: try the next ports, then any free one.
  const candidates = opts.port === 0 ? [0] : [...Array.from({ length: 10 }, (_, i) => opts.port + i), 0];
  let lastError: unknown;
  for (const port of candidates) {
    const hub = await createHub(
      { host: opts.listenHost, port, sqliteFile: opts.sqliteFile, ownerToken, webRoot: opts.webRoot, logLevel: "info" },
      { logger: opts.logger },
    );
    try {
      const { port: bound } = await hub.listen();
      const lan = opts.listenHost === "0.0.0.0" ? lanAddress() : undefined;
      const host = lan ?? (opts.listenHost === "0.0.0.0" ? "127.0.0.1" : opts.listenHost);
      return {
        hub,
        localUrl: `http://127.0.0.1:${bound}`,
        publicUrl: opts.publicUrl ?? `http://${host}:${bound}`,
        ownerToken,
      };
    } catch (error) {
      lastError = error;
      await hub.close();
      if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") break;
    }
  }
  throw new Error(`could not start the embedded hub: ${(lastError as Error)?.message ?? lastError}`);
}
