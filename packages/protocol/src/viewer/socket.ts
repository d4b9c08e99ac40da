// The smallest WebSocket surface the clients need, so one client runs on the browser's WebSocket
// and on the `ws` package in Node (tests, benchmarks) without importing either.

export interface SocketLike {
  binaryType: string;
  readonly readyState: number;
  /** Bytes queued but not yet sent (browser WebSocket and `ws` both have it). */
  readonly bufferedAmount: number;
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

/** Opens a socket to a URL. */
export type SocketFactory = (url: string) => SocketLike;

export const SOCKET_OPEN = 1;

/** Normalises a message event's data to text or bytes. */
export function messageData(data: unknown): string | Uint8Array | undefined {
  if (typeof data === "string") return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (Array.isArray(data)) {
    // `ws` delivers fragmented messages as Buffer[] when binaryType is "nodebuffer".
    const parts = data as Uint8Array[];
    const total = parts.reduce((n, p) => n + p.length, 0);
    const out = new Uint8Array(total);
    let offset = 0;
    for (const part of parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }
  return undefined;
}
