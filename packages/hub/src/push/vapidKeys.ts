// The hub's VAPID key (RFC 8292): a P-256 key pair that signs every push request, from config or
// from dataDir where it is made at first start (dir 0700, file 0600, refused if others can read it).
// Same pattern as auth/jwtKeys.ts; browsers bind each subscription to the public key.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** The file in dataDir holding the private key as PKCS#8 PEM. */
export const vapidKeyFile = "vapid-key.pem";

export interface VapidKeys {
  privateKey: KeyObject;
  /** The public key as an uncompressed P-256 point (65 bytes), base64url: `k=` of the header and the browser's applicationServerKey. */
  publicKey: string;
}

export async function loadVapidKeys(opts: { dataDir?: string | undefined; privateKeyPem?: string | undefined }): Promise<VapidKeys> {
  const pem = opts.privateKeyPem ?? (opts.dataDir !== undefined ? await readOrCreateKeyFile(opts.dataDir) : undefined);
  if (pem === undefined) throw new Error("push: set dataDir or vapidPrivateKeyPem");
  const privateKey = createPrivateKey(pem);
  const curve = privateKey.asymmetricKeyDetails?.namedCurve;
  if (privateKey.asymmetricKeyType !== "ec" || curve !== "prime256v1") {
    throw new Error(`push: the VAPID key must be an EC P-256 key, not ${privateKey.asymmetricKeyType ?? "unknown"} ${curve ?? ""}`.trim());
  }
  const jwk = createPublicKey(privateKey).export({ format: "jwk" });
  const point = Buffer.concat([Buffer.of(4), Buffer.from(jwk.x!, "base64url"), Buffer.from(jwk.y!, "base64url")]);
  return { privateKey, publicKey: point.toString("base64url") };
}

async function readOrCreateKeyFile(dataDir: string): Promise<string> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, vapidKeyFile);
  try {
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    await writeFile(file, privateKey.export({ format: "pem", type: "pkcs8" }), { flag: "wx", mode: 0o600 });
  } catch (err) {
    // Made at an earlier start, or by another hub starting at the same moment: use that one.
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  if (process.platform !== "win32" && ((await stat(file)).mode & 0o077) !== 0) {
    throw new Error(`push: ${file} is readable by other users; run: chmod 600 ${file}`);
  }
  return readFile(file, "utf8");
}
