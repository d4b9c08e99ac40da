import { describe, expect, it } from "vitest";
import { FrameType, MAX_FRAME_BYTES, decodeFrame, encodeFrame, withFrameId } from "./frames.js";

describe("frame codec", () => {
  it("round-trips each frame type", () => {
    for (const type of [FrameType.output, FrameType.input, FrameType.direct]) {
      const payload = new Uint8Array([9, 8, 7]);
      const decoded = decodeFrame(encodeFrame(type, 123456789, payload));
      expect(decoded).toEqual({ type, id: 123456789, payload });
    }
  });

  it("refuses short, oversized, unknown and out-of-range frames with a reason", () => {
    expect(decodeFrame(new Uint8Array(3))).toMatch(/shorter/);
    expect(decodeFrame(new Uint8Array(MAX_FRAME_BYTES + 1))).toMatch(/over the/);
    const unknown = encodeFrame(FrameType.output, 1, new Uint8Array(0));
    unknown[0] = 99;
    expect(decodeFrame(unknown)).toMatch(/unknown frame type 99/);
    const huge = encodeFrame(FrameType.output, 1, new Uint8Array(0));
    huge.fill(0xff, 1, 9);
    expect(decodeFrame(huge)).toMatch(/out of range/);
  });

  it("restamps the id without touching the original", () => {
    const original = encodeFrame(FrameType.input, 0, new Uint8Array([1]));
    const stamped = withFrameId(original, 42);
    expect(decodeFrame(stamped)).toMatchObject({ id: 42 });
    expect(decodeFrame(original)).toMatchObject({ id: 0 });
  });
});
