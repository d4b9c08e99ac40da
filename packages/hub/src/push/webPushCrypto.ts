// Message encryption for Web Push (RFC 8291) in the aes128gcm content coding (RFC 8188), one
// record, with node:crypto: ECDH P-256, HKDF-SHA-256, AES-128-GCM. The decrypting half is what a
// browser does; the hub uses it only in tests and the fake push service.
import { createCipheriv, createDecipheriv, createECDH, hkdfSync, randomBytes } from "node:crypto";

/** A subscription's keys as the browser gives them: its P-256 public key (65 bytes) and auth secret (16 bytes). */
export interface PushKeys {
  p256dh: Uint8Array;
  auth: Uint8Array;
}

/** Record size written in the header, in bytes: the whole message is one record no larger. */
export const RECORD_SIZE = 4096;
/** Largest plaintext that fits one record (RFC 8291 section 4: push services accept at least 4096 bytes of body). */
export const MAX_PLAINTEXT_BYTES = RECORD_SIZE - 86 - 16 - 1;

const keyInfoLabel = Buffer.from("WebPush: info\0");
const cekInfo = Buffer.from("Content-Encoding: aes128gcm\0");
const nonceInfo = Buffer.from("Content-Encoding: nonce\0");

function hkdf(salt: Uint8Array, ikm: Uint8Array, info: Uint8Array, length: number): Buffer {
  return Buffer.from(hkdfSync("sha256", ikm, salt, info, length));
}

/** The content-encryption key and nonce for one message (RFC 8291 section 3.4, RFC 8188 section 2.2). */
function deriveKeys(ecdhSecret: Uint8Array, auth: Uint8Array, uaPublic: Uint8Array, asPublic: Uint8Array, salt: Uint8Array) {
  const ikm = hkdf(auth, ecdhSecret, Buffer.concat([keyInfoLabel, uaPublic, asPublic]), 32);
  return { cek: hkdf(salt, ikm, cekInfo, 16), nonce: hkdf(salt, ikm, nonceInfo, 12) };
}

/**
 * Encrypts one push message to a subscription. `sender` (a P-256 private key, 32 bytes) and `salt`
 * (16 bytes) are fixed only by known-answer tests; otherwise both are fresh for every message.
 * Throws on a plaintext over MAX_PLAINTEXT_BYTES or a malformed subscription key.
 */
export function encryptPushMessage(plaintext: Uint8Array, keys: PushKeys, fixed: { sender?: Uint8Array; salt?: Uint8Array } = {}): Uint8Array {
  if (plaintext.length > MAX_PLAINTEXT_BYTES) throw new RangeError(`a push message holds at most ${MAX_PLAINTEXT_BYTES} bytes`);
  if (keys.p256dh.length !== 65 || keys.p256dh[0] !== 4) throw new RangeError("p256dh must be an uncompressed P-256 point (65 bytes)");
  if (keys.auth.length !== 16) throw new RangeError("auth must be 16 bytes");
  const ecdh = createECDH("prime256v1");
  if (fixed.sender) ecdh.setPrivateKey(fixed.sender);
  else ecdh.generateKeys();
  const asPublic = ecdh.getPublicKey();
  const salt = fixed.salt ?? randomBytes(16);
  const { cek, nonce } = deriveKeys(ecdh.computeSecret(keys.p256dh), keys.auth, keys.p256dh, asPublic, salt);
  const cipher = createCipheriv("aes-128-gcm", cek, nonce);
  // One record, so it is the last: the delimiter 0x02 and no padding.
  const body = Buffer.concat([cipher.update(plaintext), cipher.update(Buffer.of(2)), cipher.final(), cipher.getAuthTag()]);
  const header = Buffer.alloc(21);
  Buffer.from(salt).copy(header, 0);
  header.writeUInt32BE(RECORD_SIZE, 16);
  header[20] = asPublic.length;
  return Buffer.concat([header, asPublic, body]);
}

/**
 * What a browser does with a push message: decrypts it with the subscription's private key
 * (32 bytes) and auth secret. Throws on anything malformed or altered. Tests and the fake push
 * service use it; the hub itself never decrypts.
 */
export function decryptPushMessage(message: Uint8Array, privateKey: Uint8Array, auth: Uint8Array): Uint8Array {
  const bytes = Buffer.from(message);
  if (bytes.length < 21) throw new Error("aes128gcm: too short for a header");
  const salt = bytes.subarray(0, 16);
  const recordSize = bytes.readUInt32BE(16);
  const idLength = bytes[20]!;
  if (idLength !== 65) throw new Error("aes128gcm: the key id must be a 65-byte P-256 public key");
  const asPublic = bytes.subarray(21, 21 + idLength);
  const record = bytes.subarray(21 + idLength);
  if (record.length < 17 || record.length > recordSize) throw new Error("aes128gcm: expected exactly one record");
  const ecdh = createECDH("prime256v1");
  ecdh.setPrivateKey(privateKey);
  const { cek, nonce } = deriveKeys(ecdh.computeSecret(asPublic), auth, ecdh.getPublicKey(), asPublic, salt);
  const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (end < 0 || padded[end] !== 2) throw new Error("aes128gcm: the last record's delimiter is missing");
  return padded.subarray(0, end);
}
