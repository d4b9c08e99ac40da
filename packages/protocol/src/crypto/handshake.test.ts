import { createPrivateKey, createPublicKey, diffieHellman, hkdfSync } from "node:crypto";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { describe, expect, it } from "vitest";
import { AadLabel, ReceiveChannel, SendChannel } from "./channel.js";
import { acceptHello, dh, generateKeyPair, generatePairingSecret, startViewerHandshake, type Hello, type KeyPair } from "./handshake.js";

const hex = (s: string) => new Uint8Array(Buffer.from(s, "hex"));
const sessionId = "sess_abcdefghijklmnop";

describe("primitives: known-answer vectors", () => {
  it("X25519 matches RFC 7748 §6.1", () => {
    const alice = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    const bobPublic = hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    expect(Buffer.from(dh(alice, bobPublic)).toString("hex")).toBe("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
  });

  it("X25519 agrees with Node's implementation", () => {
    const a = generateKeyPair();
    const b = generateKeyPair();
    const pkcs8 = (secret: Uint8Array) => createPrivateKey({ key: Buffer.concat([Buffer.from("302e020100300506032b656e04220420", "hex"), secret]), format: "der", type: "pkcs8" });
    const spki = (pub: Uint8Array) => createPublicKey({ key: Buffer.concat([Buffer.from("302a300506032b656e032100", "hex"), pub]), format: "der", type: "spki" });
    expect(Buffer.from(dh(a.secretKey, b.publicKey))).toEqual(diffieHellman({ privateKey: pkcs8(a.secretKey), publicKey: spki(b.publicKey) }));
  });

  it("HKDF-SHA256 matches RFC 5869 test case 1 and Node", () => {
    const ikm = hex("0b".repeat(22));
    const salt = hex("000102030405060708090a0b0c");
    const info = hex("f0f1f2f3f4f5f6f7f8f9");
    const okm = hkdf(sha256, ikm, salt, info, 42);
    expect(Buffer.from(okm).toString("hex")).toBe("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    expect(Buffer.from(okm)).toEqual(Buffer.from(hkdfSync("sha256", ikm, salt, info, 42)));
  });

  it("refuses low-order public keys (all-zero shared secret)", () => {
    const me = generateKeyPair();
    expect(() => dh(me.secretKey, new Uint8Array(32))).toThrow(/low-order|all-zero/);
    expect(() => dh(me.secretKey, Uint8Array.from([1, ...new Array(31).fill(0)]))).toThrow(/low-order|all-zero/);
  });
});

function setup() {
  return { host: generateKeyPair(), device: generateKeyPair(), secret: generatePairingSecret() };
}

function pairedChannels(viewerKeys: ReturnType<ReturnType<typeof startViewerHandshake>["finish"]>, hostKeys: typeof viewerKeys) {
  const viewerSend = new SendChannel(viewerKeys.viewerToHost, AadLabel.input);
  const hostReceive = new ReceiveChannel(hostKeys.viewerToHost, AadLabel.input);
  const hostSend = new SendChannel(hostKeys.hostToViewer, AadLabel.direct);
  const viewerReceive = new ReceiveChannel(viewerKeys.hostToViewer, AadLabel.direct);
  return { viewerSend, hostReceive, hostSend, viewerReceive };
}

describe("pairing", () => {
  it("gives both ends the same keys, one per direction", () => {
    const { host, device, secret } = setup();
    const viewer = startViewerHandshake({ mode: "pair", sessionId, hostPublicKey: host.publicKey, device, pairingSecret: secret });
    const accepted = acceptHello({ sessionId, host, hello: viewer.hello, pairingSecret: secret, isKnownDevice: () => false });
    const viewerKeys = viewer.finish(accepted.welcome);
    expect(viewerKeys).toEqual(accepted.keys);
    expect(viewerKeys.hostToViewer).not.toEqual(viewerKeys.viewerToHost);
    const c = pairedChannels(viewerKeys, accepted.keys);
    expect(c.hostReceive.open(c.viewerSend.seal(new Uint8Array([42])))).toEqual(new Uint8Array([42]));
    expect(c.viewerReceive.open(c.hostSend.seal(new Uint8Array([7])))).toEqual(new Uint8Array([7]));
  });

  it("fails on the host with a wrong pairing secret", () => {
    const { host, device, secret } = setup();
    const viewer = startViewerHandshake({ mode: "pair", sessionId, hostPublicKey: host.publicKey, device, pairingSecret: generatePairingSecret() });
    expect(() => acceptHello({ sessionId, host, hello: viewer.hello, pairingSecret: secret, isKnownDevice: () => true })).toThrow(/pairing proof did not verify/);
  });

  it("fails on the host once the single-use secret is spent", () => {
    const { host, device, secret } = setup();
    const viewer = startViewerHandshake({ mode: "pair", sessionId, hostPublicKey: host.publicKey, device, pairingSecret: secret });
    expect(() => acceptHello({ sessionId, host, hello: viewer.hello, pairingSecret: undefined, isKnownDevice: () => true })).toThrow(/already used/);
  });

  it("fails when the hello is replayed into another session", () => {
    const { host, device, secret } = setup();
    const viewer = startViewerHandshake({ mode: "pair", sessionId, hostPublicKey: host.publicKey, device, pairingSecret: secret });
    expect(() => acceptHello({ sessionId: "sess_other_session_id", host, hello: viewer.hello, pairingSecret: secret, isKnownDevice: () => false })).toThrow(/pairing/);
  });
});

describe("a relay that swaps keys", () => {
  const relay: KeyPair = generateKeyPair();

  it.each(["device", "ephemeral"] as const)("cannot replace the viewer's %s key: the host refuses", (field) => {
    const { host, device, secret } = setup();
    const viewer = startViewerHandshake({ mode: "pair", sessionId, hostPublicKey: host.publicKey, device, pairingSecret: secret });
    const forged: Hello = { ...viewer.hello, [field]: relay.publicKey };
    expect(() => acceptHello({ sessionId, host, hello: forged, pairingSecret: secret, isKnownDevice: () => false })).toThrow(/did not verify/);
  });

  it("cannot replace the host's ephemeral key: the viewer refuses", () => {
    const { host, device, secret } = setup();
    const viewer = startViewerHandshake({ mode: "pair", sessionId, hostPublicKey: host.publicKey, device, pairingSecret: secret });
    const accepted = acceptHello({ sessionId, host, hello: viewer.hello, pairingSecret: secret, isKnownDevice: () => false });
    expect(() => viewer.finish({ ...accepted.welcome, ephemeral: relay.publicKey })).toThrow(/keys were swapped/);
    expect(() => viewer.finish({ ...accepted.welcome, confirm: new Uint8Array(32) })).toThrow(/keys were swapped/);
  });

  it("cannot pose as the host without its secret key, even knowing the pairing secret", () => {
    const { host, device, secret } = setup();
    const viewer = startViewerHandshake({ mode: "pair", sessionId, hostPublicKey: host.publicKey, device, pairingSecret: secret });
    const impostor = acceptHello({ sessionId, host: { secretKey: relay.secretKey, publicKey: host.publicKey }, hello: viewer.hello, pairingSecret: secret, isKnownDevice: () => false });
    expect(() => viewer.finish(impostor.welcome)).toThrow(/keys were swapped/);
  });
});

describe("resuming a remembered device", () => {
  it("works without the pairing secret for a device the host knows", () => {
    const { host, device } = setup();
    const viewer = startViewerHandshake({ mode: "resume", sessionId, hostPublicKey: host.publicKey, device });
    const accepted = acceptHello({ sessionId, host, hello: viewer.hello, pairingSecret: undefined, isKnownDevice: (k) => Buffer.from(k).equals(Buffer.from(device.publicKey)) });
    expect(viewer.finish(accepted.welcome)).toEqual(accepted.keys);
  });

  it("is refused for an unknown device and for a known key without its secret", () => {
    const { host, device } = setup();
    const stranger = generateKeyPair();
    const viewer = startViewerHandshake({ mode: "resume", sessionId, hostPublicKey: host.publicKey, device: stranger });
    expect(() => acceptHello({ sessionId, host, hello: viewer.hello, pairingSecret: undefined, isKnownDevice: () => false })).toThrow(/not paired/);
    const thief = startViewerHandshake({ mode: "resume", sessionId, hostPublicKey: host.publicKey, device: { publicKey: device.publicKey, secretKey: stranger.secretKey } });
    expect(() => acceptHello({ sessionId, host, hello: thief.hello, pairingSecret: undefined, isKnownDevice: () => true })).toThrow(/did not verify/);
  });
});
