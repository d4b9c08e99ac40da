// The Ed25519 key that signs access tokens: from config, or from dataDir where it is made at first
// start (dir 0700, file 0600, refused if others can read it). Also derives the CSRF HMAC key from it.
import { createPrivateKey, createPublicKey, generateKeyPairSync, hkdfSync, type KeyObject } from "node:crypto";
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { calculateJwkThumbprint, exportJWK } from "jose";

/** The file in dataDir holding the private key as PKCS#8 PEM. */
export const signingKeyFile = "jwt-signing-key.pem";

export interface SigningKeys {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** JWK thumbprint of the public key, sent as `kid`. */
  kid: string;
  /** 32 bytes for CSRF tokens, derived from the private key with HKDF. */
  csrfKey: Uint8Array;
}

export async function loadSigningKeys(opts: { dataDir?: string | undefined; privateKeyPem?: string | undefined }): Promise<SigningKeys> {
  const pem = opts.privateKeyPem ?? (opts.dataDir !== undefined ? await readOrCreateKeyFile(opts.dataDir) : undefined);
  if (pem === undefined) throw new Error("auth: set dataDir or jwtPrivateKeyPem");
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== "ed25519") throw new Error(`auth: the JWT signing key must be Ed25519, not ${privateKey.asymmetricKeyType ?? "unknown"}`);
  const publicKey = createPublicKey(privateKey);
  const der = privateKey.export({ format: "der", type: "pkcs8" });
  const csrfKey = new Uint8Array(hkdfSync("sha256", der, new Uint8Array(0), "porthole csrf key v1", 32));
  return { privateKey, publicKey, kid: await calculateJwkThumbprint(await exportJWK(publicKey)), csrfKey };
}

async function readOrCreateKeyFile(dataDir: string): Promise<string> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, signingKeyFile);
  try {
    await writeFile(file, generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }), { flag: "wx", mode: 0o600 });
  } catch (err) {
    // Made at an earlier start, or by another hub starting at the same moment: use that one.
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  if (process.platform !== "win32" && ((await stat(file)).mode & 0o077) !== 0) {
    throw new Error(`auth: ${file} is readable by other users; run: chmod 600 ${file}`);
  }
  return readFile(file, "utf8");
}
