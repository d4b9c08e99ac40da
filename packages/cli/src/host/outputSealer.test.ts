import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AadLabel, FrameType, OutputOpener, decodeFrame, encodeFrame, sealWithCounter } from "@porthole/protocol";
import { sealOutputFrame } from "./outputSealer.js";

describe("the host's output sealer", () => {
  it("makes byte-for-byte the frames the protocol's sealer makes, and viewers open them", () => {
    const key = new Uint8Array(randomBytes(32));
    for (const [seq, size] of [[1, 0], [2, 1], [3, 4096], [2 ** 40, 70_000]] as const) {
      const body = new Uint8Array(randomBytes(size));
      const plaintext = new Uint8Array([1, ...body]);
      const expected = encodeFrame(FrameType.output, seq, sealWithCounter(key, seq, AadLabel.output, plaintext));
      const frame = sealOutputFrame(key, seq, 1, body);
      expect(Buffer.from(frame).equals(Buffer.from(expected))).toBe(true);
      const decoded = decodeFrame(frame);
      if (typeof decoded === "string") throw new Error(decoded);
      expect(new OutputOpener(key, seq).open(seq, decoded.payload)).toEqual({ ok: true, plaintext });
    }
  });
});
