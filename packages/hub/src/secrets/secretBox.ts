// AES-256-GCM sealing of users' secrets under the master key (node:crypto). The additional data binds
// each ciphertext to its user and kind, so a row copied to another user fails to open.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { MasterKey } from "./masterKey.js";

/** Format byte at the start of every ciphertext: 1 = AES-256-GCM, 12-byte IV, 16-byte tag at the end. */
const formatV1 = 1;
const ivBytes = 12;
const tagBytes = 16;

/** What a secret is bound to: its owner and what it is. */
export interface SecretBinding {
  userId: string;
  kind: string;
}

/** A sealed secret as stored: the id of the master key that sealed it and format | iv | ciphertext | tag. */
export interface SealedSecret {
  keyId: string;
  ciphertext: Uint8Array;
}

function additionalData(b: SecretBinding): Buffer {
  return Buffer.from(`porthole secret v1\0${b.kind}\0${b.userId}`, "utf8");
}

export function sealSecret(key: MasterKey, plaintext: string, binding: SecretBinding): SealedSecret {
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv("aes-256-gcm", key.bytes, iv, { authTagLength: tagBytes });
  cipher.setAAD(additionalData(binding));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return { keyId: key.id, ciphertext: Buffer.concat([Buffer.from([formatV1]), iv, body, cipher.getAuthTag()]) };
}

/** Thrown when a secret cannot be opened: sealed under another master key, tampered with, or moved. */
export class SecretOpenError extends Error {
  override readonly name = "SecretOpenError";
}

/** Opens a sealed secret with the key among `keys` whose id it names. */
export function openSecret(keys: readonly MasterKey[], sealed: SealedSecret, binding: SecretBinding): string {
  const key = keys.find((k) => k.id === sealed.keyId);
  if (!key) throw new SecretOpenError(`sealed under master key ${sealed.keyId}, not under ${keys.map((k) => k.id).join(" or ")}: finish \`porthole secrets rotate\` or use the matching PORTHOLE_SECRET_KEY`);
  const data = Buffer.from(sealed.ciphertext);
  if (data.length < 1 + ivBytes + tagBytes || data[0] !== formatV1) throw new SecretOpenError("unknown ciphertext format");
  const decipher = createDecipheriv("aes-256-gcm", key.bytes, data.subarray(1, 1 + ivBytes), { authTagLength: tagBytes });
  decipher.setAAD(additionalData(binding));
  decipher.setAuthTag(data.subarray(data.length - tagBytes));
  try {
    return Buffer.concat([decipher.update(data.subarray(1 + ivBytes, data.length - tagBytes)), decipher.final()]).toString("utf8");
  } catch (err) {
    throw new SecretOpenError("the ciphertext failed authentication (tampered with, or bound to another user)", { cause: err });
  }
}
