// Pairing and resumption between a viewer (browser) and the host (CLI), through a relay that must
// learn nothing. X25519 + HKDF-SHA256 over the transcript; see docs/security.md for the reasoning.
import { x25519 } from "@noble/curves/ed25519.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { randomBytes } from "@noble/hashes/utils.js";
import { concatBytes, equalBytes, utf8 } from "../bytes.js";
import { PortholeError } from "../errors.js";
import { AadLabel, KEY_BYTES, ReceiveChannel, SendChannel } from "./channel.js";

export interface KeyPair {
  secretKey: Uint8Array;
  publicKey: Uint8Array;
}

/** "pair": first contact, proven by the pairing secret. "resume": a device the host remembers. */
export type HelloMode = "pair" | "resume";

/** What the viewer sends first. All keys are 32-byte X25519 public keys. */
export interface Hello {
  mode: HelloMode;
  device: Uint8Array;
  ephemeral: Uint8Array;
  mac: Uint8Array;
}

/** What the host answers. */
export interface Welcome {
  ephemeral: Uint8Array;
  confirm: Uint8Array;
}

/** The pairwise channels of one viewer connection, one key per direction. */
export interface PairwiseKeys {
  /** host → viewer */
  hostToViewer: Uint8Array;
  /** viewer → host */
  viewerToHost: Uint8Array;
}

export const PAIRING_SECRET_BYTES = 32;

export function generateKeyPair(): KeyPair {
  const secretKey = x25519.utils.randomSecretKey();
  return { secretKey, publicKey: x25519.getPublicKey(secretKey) };
}

export function generatePairingSecret(): Uint8Array {
  return randomBytes(PAIRING_SECRET_BYTES);
}

/**
 * The token a viewer shows the hub to join a session, derived from the host's public key (which
 * only link holders know). The hub keeps only its SHA-256 (`joinVerifier`), so knowing a session id
 * alone lets no one join, and the hub learns nothing about the host key.
 */
export function joinToken(hostPublicKey: Uint8Array): Uint8Array {
  return hkdf(sha256, hostPublicKey, undefined, utf8("porthole/v1/join-token"), KEY_BYTES);
}

/** SHA-256 of the join token, hex: what the host registers with the hub. */
export function joinVerifier(hostPublicKey: Uint8Array): string {
  return [...sha256(joinToken(hostPublicKey))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** X25519 that refuses low-order points and all-zero outputs. */
export function dh(secretKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
  let shared: Uint8Array;
  try {
    shared = x25519.getSharedSecret(secretKey, publicKey);
  } catch {
    throw new PortholeError("pairing_failed", "refused a low-order or malformed public key");
  }
  if (shared.every((b) => b === 0)) throw new PortholeError("pairing_failed", "refused an all-zero shared secret");
  return shared;
}

function macMessage(mode: HelloMode, sessionId: string, host: Uint8Array, device: Uint8Array, eph: Uint8Array) {
  return concatBytes(utf8(`porthole/v1/${mode}-mac\n${sessionId}\n`), host, device, eph);
}

function resumeMacKey(deviceOrHostSecret: Uint8Array, otherPublic: Uint8Array): Uint8Array {
  return hkdf(sha256, dh(deviceOrHostSecret, otherPublic), undefined, utf8("porthole/v1/resume-mac-key"), KEY_BYTES);
}

function transcriptHash(mode: HelloMode, sessionId: string, host: Uint8Array, hello: Hello, hostEph: Uint8Array) {
  return sha256(concatBytes(utf8(`porthole/v1/${mode}\n${sessionId}\n`), host, hello.device, hello.ephemeral, hostEph));
}

function deriveKeys(ikm: Uint8Array, transcript: Uint8Array) {
  const okm = hkdf(sha256, ikm, transcript, utf8("porthole/v1/session-keys"), 3 * KEY_BYTES);
  return {
    hostToViewer: okm.slice(0, KEY_BYTES),
    viewerToHost: okm.slice(KEY_BYTES, 2 * KEY_BYTES),
    confirmKey: okm.slice(2 * KEY_BYTES),
  };
}

function confirmTag(confirmKey: Uint8Array, transcript: Uint8Array): Uint8Array {
  return hmac(sha256, confirmKey, concatBytes(utf8("porthole/v1/welcome"), transcript));
}

/** Viewer state between sending Hello and receiving Welcome. */
export interface ViewerHandshake {
  hello: Hello;
  finish(welcome: Welcome): PairwiseKeys;
}

/**
 * Viewer side. `pairingSecret` is required for "pair"; "resume" proves the device key instead.
 * `finish` throws `pairing_failed` when the host's confirmation does not verify, which is what a
 * relay that swapped any key causes.
 */
export function startViewerHandshake(args: {
  mode: HelloMode;
  sessionId: string;
  hostPublicKey: Uint8Array;
  device: KeyPair;
  pairingSecret?: Uint8Array;
}): ViewerHandshake {
  const { mode, sessionId, hostPublicKey, device } = args;
  const eph = generateKeyPair();
  const message = macMessage(mode, sessionId, hostPublicKey, device.publicKey, eph.publicKey);
  let macKey: Uint8Array;
  if (mode === "pair") {
    if (!args.pairingSecret) throw new PortholeError("pairing_failed", "pairing needs the pairing secret");
    macKey = args.pairingSecret;
  } else {
    macKey = resumeMacKey(device.secretKey, hostPublicKey);
  }
  const hello: Hello = { mode, device: device.publicKey, ephemeral: eph.publicKey, mac: hmac(sha256, macKey, message) };
  return {
    hello,
    finish(welcome) {
      const transcript = transcriptHash(mode, sessionId, hostPublicKey, hello, welcome.ephemeral);
      const ikm = concatBytes(
        dh(eph.secretKey, welcome.ephemeral),
        dh(eph.secretKey, hostPublicKey),
        dh(device.secretKey, welcome.ephemeral),
        mode === "pair" ? macKey : new Uint8Array(0),
      );
      const keys = deriveKeys(ikm, transcript);
      if (!equalBytes(confirmTag(keys.confirmKey, transcript), welcome.confirm)) {
        throw new PortholeError("pairing_failed", "the host's confirmation did not verify: keys were swapped in transit");
      }
      return { hostToViewer: keys.hostToViewer, viewerToHost: keys.viewerToHost };
    },
  };
}

/**
 * Host side. Verifies the Hello (pairing secret for "pair", a remembered device for "resume") and
 * answers with a Welcome. Throws `pairing_failed` when the Hello does not verify.
 */
export function acceptHello(args: {
  sessionId: string;
  host: KeyPair;
  hello: Hello;
  pairingSecret: Uint8Array | undefined;
  isKnownDevice: (devicePublicKey: Uint8Array) => boolean;
}): { welcome: Welcome; keys: PairwiseKeys } {
  const { sessionId, host, hello } = args;
  const message = macMessage(hello.mode, sessionId, host.publicKey, hello.device, hello.ephemeral);
  let psk: Uint8Array = new Uint8Array(0);
  if (hello.mode === "pair") {
    if (!args.pairingSecret) throw new PortholeError("pairing_failed", "this pairing link was already used");
    if (!equalBytes(hmac(sha256, args.pairingSecret, message), hello.mac)) {
      throw new PortholeError("pairing_failed", "the pairing proof did not verify: wrong secret or keys swapped in transit");
    }
    psk = args.pairingSecret;
  } else {
    if (!args.isKnownDevice(hello.device)) throw new PortholeError("pairing_failed", "this device is not paired with the session");
    const expected = hmac(sha256, resumeMacKey(host.secretKey, hello.device), message);
    if (!equalBytes(expected, hello.mac)) {
      throw new PortholeError("pairing_failed", "the device proof did not verify: keys swapped in transit");
    }
  }
  const eph = generateKeyPair();
  const transcript = transcriptHash(hello.mode, sessionId, host.publicKey, hello, eph.publicKey);
  const ikm = concatBytes(
    dh(eph.secretKey, hello.ephemeral),
    dh(host.secretKey, hello.ephemeral),
    dh(eph.secretKey, hello.device),
    psk,
  );
  const keys = deriveKeys(ikm, transcript);
  return {
    welcome: { ephemeral: eph.publicKey, confirm: confirmTag(keys.confirmKey, transcript) },
    keys: { hostToViewer: keys.hostToViewer, viewerToHost: keys.viewerToHost },
  };
}

/** The host's two pairwise channels for one viewer. */
export function hostChannels(keys: PairwiseKeys) {
  return {
    toViewer: new SendChannel(keys.hostToViewer, AadLabel.direct),
    fromViewer: new ReceiveChannel(keys.viewerToHost, AadLabel.input),
  };
}

/** The viewer's two pairwise channels. */
export function viewerChannels(keys: PairwiseKeys) {
  return {
    toHost: new SendChannel(keys.viewerToHost, AadLabel.input),
    fromHost: new ReceiveChannel(keys.hostToViewer, AadLabel.direct),
  };
}
