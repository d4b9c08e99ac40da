// Authenticated encryption for Porthole frames: ChaCha20-Poly1305 (@noble/ciphers) with a 64-bit
// counter as nonce. One key per direction; a counter is never reused under one key.
import { chacha20poly1305 } from "@noble/ciphers/chacha.js";
import { utf8, writeU64 } from "../bytes.js";
import { PortholeError } from "../errors.js";

export const KEY_BYTES = 32;

/** Associated data labels: a frame sealed for one purpose never opens as another. */
export const AadLabel = {
  output: utf8("porthole/v1/output"),
  input: utf8("porthole/v1/input"),
  direct: utf8("porthole/v1/direct"),
} as const;

function nonceFor(counter: number): Uint8Array {
  const nonce = new Uint8Array(12);
  writeU64(nonce, 4, counter);
  return nonce;
}

/** Encrypts plaintext under key with nonce = counter; returns ciphertext with its 16-byte tag. */
export function sealWithCounter(key: Uint8Array, counter: number, aad: Uint8Array, plaintext: Uint8Array): Uint8Array {
  return chacha20poly1305(key, nonceFor(counter), aad).encrypt(plaintext);
}

/** Decrypts; returns undefined when the tag does not verify (altered, wrong key or wrong counter). */
export function openWithCounter(
  key: Uint8Array,
  counter: number,
  aad: Uint8Array,
  ciphertext: Uint8Array,
): Uint8Array | undefined {
  if (ciphertext.length < 16) return undefined;
  try {
    return chacha20poly1305(key, nonceFor(counter), aad).decrypt(ciphertext);
  } catch {
    return undefined;
  }
}

/** The sending half of a one-way channel whose counter is implicit: 0, 1, 2, … */
export class SendChannel {
  private counter = 0;
  constructor(
    private readonly key: Uint8Array,
    private readonly aad: Uint8Array,
  ) {}

  seal(plaintext: Uint8Array): Uint8Array {
    return sealWithCounter(this.key, this.counter++, this.aad, plaintext);
  }
}

/**
 * The receiving half: each frame must be the next one. A replayed, reordered, dropped or altered
 * frame fails authentication and throws `crypto_failed`; the channel is then unusable.
 */
export class ReceiveChannel {
  private counter = 0;
  private broken = false;
  constructor(
    private readonly key: Uint8Array,
    private readonly aad: Uint8Array,
  ) {}

  open(ciphertext: Uint8Array): Uint8Array {
    if (this.broken) throw new PortholeError("crypto_failed", "channel closed after a failed frame");
    const plaintext = openWithCounter(this.key, this.counter, this.aad, ciphertext);
    if (!plaintext) {
      this.broken = true;
      throw new PortholeError(
        "crypto_failed",
        `frame ${this.counter} failed authentication: altered, replayed, reordered or dropped`,
      );
    }
    this.counter++;
    return plaintext;
  }
}

/** Why an output frame was refused. */
export type OutputRefusal = "replayed" | "gap" | "altered";

/**
 * Opens the session's output stream, whose counter is the frame's sequence number. Frames must
 * come in order from `nextSeq`; anything else is refused with its reason and changes nothing.
 */
export class OutputOpener {
  constructor(
    private readonly key: Uint8Array,
    public nextSeq: number,
  ) {}

  open(seq: number, ciphertext: Uint8Array): { ok: true; plaintext: Uint8Array } | { ok: false; reason: OutputRefusal } {
    if (seq < this.nextSeq) return { ok: false, reason: "replayed" };
    if (seq > this.nextSeq) return { ok: false, reason: "gap" };
    const plaintext = openWithCounter(this.key, seq, AadLabel.output, ciphertext);
    if (!plaintext) return { ok: false, reason: "altered" };
    this.nextSeq = seq + 1;
    return { ok: true, plaintext };
  }
}
