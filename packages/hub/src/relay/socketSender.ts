// Sends on a `ws` socket while counting the bytes not yet handed to the OS, so a connection can
// stop sending to a slow peer instead of buffering without bound.
import type { WebSocket } from "ws";
import { PortholeError, type ErrorCode } from "@porthole/protocol";

export class SocketSender {
  /** Bytes passed to send() whose write has not completed yet. */
  inflight = 0;
  private drainWaiters: (() => void)[] = [];

  constructor(
    readonly ws: WebSocket,
    private readonly lowWaterBytes: number,
  ) {}

  get open(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  json(message: object): void {
    if (this.open) this.ws.send(JSON.stringify(message));
  }

  bytes(frame: Uint8Array): void {
    if (!this.open) return;
    const size = frame.length;
    this.inflight += size;
    this.ws.send(frame, { binary: true }, () => {
      this.inflight -= size;
      if (this.inflight <= this.lowWaterBytes) this.releaseWaiters();
    });
  }

  /** Resolves once the unsent bytes fall to the low-water mark (or the socket closes). */
  drained(): Promise<void> {
    if (this.inflight <= this.lowWaterBytes || !this.open) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /** Sends an error message (the connection stays open). */
  error(code: ErrorCode, message: string): void {
    this.json({ t: "error", code, message });
  }

  /** Closes with the close code mapped from an error code. */
  close(error: PortholeError): void {
    this.releaseWaiters();
    if (this.ws.readyState === this.ws.CLOSED || this.ws.readyState === this.ws.CLOSING) return;
    this.ws.close(error.wsCloseCode, closeReason(error.message));
  }

  releaseWaiters(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

/** A close reason must fit in 123 bytes of UTF-8 (RFC 6455 §5.5): cut on a character boundary. */
export function closeReason(message: string): string {
  const encoder = new TextEncoder();
  if (encoder.encode(message).length <= 123) return message;
  let out = "";
  let bytes = 0;
  for (const char of message) {
    const size = encoder.encode(char).length;
    if (bytes + size > 120) break;
    out += char;
    bytes += size;
  }
  return `${out}…`; // "…" is 3 bytes: at most 123 in all
}
