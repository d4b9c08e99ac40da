// Binary WebSocket frames: [type: u8][id: u64 big-endian][payload]. The payload is ciphertext the
// hub cannot read. Keep in step with docs/protocol.md and the hub's relay.
import { readU64, writeU64 } from "./bytes.js";

/** Frame types, one byte on the wire. */
export const FrameType = {
  /** host → hub → every viewer: session output; id = sequence number (1, 2, 3, …). */
  output: 1,
  /** viewer → hub → host: input; id = viewer id (0 from the viewer; the hub fills it in). */
  input: 2,
  /** host → hub → one viewer: a message for that viewer only; id = viewer id. */
  direct: 3,
} as const;
export type FrameType = (typeof FrameType)[keyof typeof FrameType];

export const FRAME_HEADER_BYTES = 9;
/** Largest frame a peer may send, header included, in bytes. The hub refuses larger ones. */
export const MAX_FRAME_BYTES = 1024 * 1024;
/** Largest plaintext the host puts in one output frame, in bytes. */
export const MAX_CHUNK_BYTES = 256 * 1024;

export interface Frame {
  type: FrameType;
  id: number;
  payload: Uint8Array;
}

/** Encodes a frame into a fresh byte array. */
export function encodeFrame(type: FrameType, id: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(FRAME_HEADER_BYTES + payload.length);
  out[0] = type;
  writeU64(out, 1, id);
  out.set(payload, FRAME_HEADER_BYTES);
  return out;
}

/** Decodes a frame without copying its payload; returns an error string for anything malformed. */
export function decodeFrame(bytes: Uint8Array): Frame | string {
  if (bytes.length < FRAME_HEADER_BYTES) return `frame shorter than its ${FRAME_HEADER_BYTES}-byte header`;
  if (bytes.length > MAX_FRAME_BYTES) return `frame of ${bytes.length} bytes is over the ${MAX_FRAME_BYTES}-byte limit`;
  const type = bytes[0];
  if (type !== FrameType.output && type !== FrameType.input && type !== FrameType.direct) {
    return `unknown frame type ${String(type)}`;
  }
  const id = readU64(bytes, 1);
  if (id === undefined) return "frame id out of range";
  return { type, id, payload: bytes.subarray(FRAME_HEADER_BYTES) };
}

/** Returns a copy of a frame with another id (the hub stamps viewer ids this way). */
export function withFrameId(bytes: Uint8Array, id: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  out.set(bytes);
  writeU64(out, 1, id);
  return out;
}
