import { createCipheriv, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AadLabel, OutputOpener, ReceiveChannel, SendChannel, openWithCounter, sealWithCounter } from "./channel.js";

const key = new Uint8Array(randomBytes(32));

describe("AEAD against an independent implementation", () => {
  it("matches Node's ChaCha20-Poly1305 with nonce = 4 zero bytes || u64 counter", () => {
    const plaintext = new Uint8Array(randomBytes(1000));
    const counter = 2 ** 40 + 5;
    const nonce = Buffer.alloc(12);
    nonce.writeBigUInt64BE(BigInt(counter), 4);
    const cipher = createCipheriv("chacha20-poly1305", key, nonce, { authTagLength: 16 });
    cipher.setAAD(AadLabel.output, { plaintextLength: plaintext.length });
    const expected = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    expect(Buffer.from(sealWithCounter(key, counter, AadLabel.output, plaintext))).toEqual(expected);
    expect(openWithCounter(key, counter, AadLabel.output, new Uint8Array(expected))).toEqual(plaintext);
  });
});

describe("pairwise channel", () => {
  it("delivers frames in order", () => {
    const send = new SendChannel(key, AadLabel.input);
    const receive = new ReceiveChannel(key, AadLabel.input);
    for (let i = 0; i < 5; i++) expect(receive.open(send.seal(new Uint8Array([i])))).toEqual(new Uint8Array([i]));
  });

  it.each([
    ["replayed", (frames: Uint8Array[]) => [frames[0]!, frames[0]!]],
    ["reordered", (frames: Uint8Array[]) => [frames[1]!, frames[0]!]],
    ["dropped", (frames: Uint8Array[]) => [frames[1]!]],
    ["truncated", (frames: Uint8Array[]) => [frames[0]!.subarray(0, frames[0]!.length - 1)]],
    ["altered", (frames: Uint8Array[]) => [Uint8Array.from(frames[0]!, (b, i) => (i === 0 ? b ^ 1 : b))]],
  ])("refuses a %s frame and stays closed", (_name, tamper) => {
    const send = new SendChannel(key, AadLabel.input);
    const frames = [send.seal(new Uint8Array([1])), send.seal(new Uint8Array([2]))];
    const receive = new ReceiveChannel(key, AadLabel.input);
    const delivered = tamper(frames);
    const results: string[] = [];
    for (const frame of delivered) {
      try {
        receive.open(frame);
        results.push("ok");
      } catch (error) {
        results.push((error as { code: string }).code);
      }
    }
    expect(results.at(-1)).toBe("crypto_failed");
    expect(() => receive.open(frames[1]!)).toThrow(/channel closed|failed authentication/);
  });

  it("refuses a frame sealed for another purpose", () => {
    const sealed = new SendChannel(key, AadLabel.direct).seal(new Uint8Array([1]));
    expect(() => new ReceiveChannel(key, AadLabel.input).open(sealed)).toThrow(/failed authentication/);
  });
});

describe("output stream", () => {
  it("opens frames in sequence and names what is wrong with the rest", () => {
    const seal = (seq: number, byte: number) => sealWithCounter(key, seq, AadLabel.output, new Uint8Array([byte]));
    const opener = new OutputOpener(key, 1);
    expect(opener.open(1, seal(1, 10))).toEqual({ ok: true, plaintext: new Uint8Array([10]) });
    expect(opener.open(1, seal(1, 10))).toEqual({ ok: false, reason: "replayed" });
    expect(opener.open(3, seal(3, 30))).toEqual({ ok: false, reason: "gap" });
    expect(opener.open(2, seal(3, 30))).toEqual({ ok: false, reason: "altered" });
    expect(opener.open(2, seal(2, 20).subarray(0, 5))).toEqual({ ok: false, reason: "altered" });
    expect(opener.nextSeq).toBe(2);
    expect(opener.open(2, seal(2, 20))).toEqual({ ok: true, plaintext: new Uint8Array([20]) });
  });
});
