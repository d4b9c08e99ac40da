// RFC 8291 message encryption: the Appendix A known answer, a round trip with fresh keys, and
// messages that were altered or are too large.
import { createECDH, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MAX_PLAINTEXT_BYTES, decryptPushMessage, encryptPushMessage } from "./webPushCrypto.js";

const b64 = (text: string) => Buffer.from(text, "base64url");

/** RFC 8291 Appendix A. */
const rfc = {
  plaintext: "When I grow up, I want to be a watermelon",
  asPrivate: b64("yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw"),
  uaPublic: b64("BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4"),
  uaPrivate: b64("q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94"),
  auth: b64("BTBZMqHH6r4Tts7J_aSIgg"),
  salt: b64("DGv6ra1nlYgDCS1FRnbzlw"),
  body:
    "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN",
};

function browserSubscription() {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  return { keys: { p256dh: ecdh.getPublicKey(), auth: randomBytes(16) }, privateKey: ecdh.getPrivateKey() };
}

describe("RFC 8291 push message encryption", () => {
  it("reproduces the Appendix A message byte for byte", () => {
    const body = encryptPushMessage(Buffer.from(rfc.plaintext), { p256dh: rfc.uaPublic, auth: rfc.auth }, { sender: rfc.asPrivate, salt: rfc.salt });
    expect(Buffer.from(body).toString("base64url")).toBe(rfc.body);
  });

  it("decrypts the Appendix A message with the user agent's private key", () => {
    expect(Buffer.from(decryptPushMessage(b64(rfc.body), rfc.uaPrivate, rfc.auth)).toString()).toBe(rfc.plaintext);
  });

  it("round-trips with fresh keys, and each message differs (new salt and sender key)", () => {
    const ua = browserSubscription();
    const text = Buffer.from(JSON.stringify({ title: "Porthole", body: "a session needs you" }));
    const first = encryptPushMessage(text, ua.keys);
    const second = encryptPushMessage(text, ua.keys);
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(false);
    expect(Buffer.from(decryptPushMessage(first, ua.privateKey, ua.keys.auth)).equals(text)).toBe(true);
    expect(Buffer.from(first).includes(Buffer.from("session"))).toBe(false);
  });

  it("refuses an altered message, a wrong auth secret and another subscription's key", () => {
    const ua = browserSubscription();
    const message = Buffer.from(encryptPushMessage(Buffer.from("hello"), ua.keys));
    const altered = Buffer.from(message);
    altered[altered.length - 20]! ^= 1;
    expect(() => decryptPushMessage(altered, ua.privateKey, ua.keys.auth)).toThrow();
    expect(() => decryptPushMessage(message, ua.privateKey, randomBytes(16))).toThrow();
    expect(() => decryptPushMessage(message, browserSubscription().privateKey, ua.keys.auth)).toThrow();
  });

  it("refuses oversized plaintext and malformed subscription keys", () => {
    const ua = browserSubscription();
    expect(encryptPushMessage(new Uint8Array(MAX_PLAINTEXT_BYTES), ua.keys).length).toBeLessThanOrEqual(4096);
    expect(() => encryptPushMessage(new Uint8Array(MAX_PLAINTEXT_BYTES + 1), ua.keys)).toThrow(/at most/);
    expect(() => encryptPushMessage(Buffer.from("x"), { p256dh: ua.keys.p256dh.subarray(1), auth: ua.keys.auth })).toThrow(/p256dh/);
    expect(() => encryptPushMessage(Buffer.from("x"), { p256dh: ua.keys.p256dh, auth: randomBytes(12) })).toThrow(/auth/);
  });
});
