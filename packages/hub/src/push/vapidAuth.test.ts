// VAPID (RFC 8292): the key made at first start (owner-only file, reused), or given in config, and
// the Authorization header checked the way a push service checks it, with jose.
import { generateKeyPairSync } from "node:crypto";
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importJWK, jwtVerify } from "jose";
import { afterEach, describe, expect, it } from "vitest";
import { VAPID_TOKEN_SECONDS, vapidAuthorization } from "./vapidAuth.js";
import { loadVapidKeys, vapidKeyFile } from "./vapidKeys.js";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "porthole-vapid-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Verifies a header as a push service would: the key from `k=`, the token from `t=`. */
async function verifyHeader(header: string, endpoint: string) {
  const match = /^vapid t=([^,]+), k=([A-Za-z0-9_-]+)$/.exec(header);
  if (!match) throw new Error(`malformed header: ${header}`);
  const point = Buffer.from(match[2]!, "base64url");
  expect(point.length).toBe(65);
  const key = await importJWK({ kty: "EC", crv: "P-256", x: point.subarray(1, 33).toString("base64url"), y: point.subarray(33).toString("base64url") }, "ES256");
  return jwtVerify(match[1]!, key, { audience: new URL(endpoint).origin, algorithms: ["ES256"] });
}

describe("VAPID keys and tokens", () => {
  it("makes the key at first start in an owner-only file and reuses it after", async () => {
    const dir = tempDir();
    const first = await loadVapidKeys({ dataDir: dir });
    expect(statSync(join(dir, vapidKeyFile)).mode & 0o777).toBe(0o600);
    const again = await loadVapidKeys({ dataDir: dir });
    expect(again.publicKey).toBe(first.publicKey);
    expect(Buffer.from(first.publicKey, "base64url")[0]).toBe(4);
  });

  it("refuses a key file others can read, and a key of the wrong type", async () => {
    const dir = tempDir();
    await loadVapidKeys({ dataDir: dir });
    chmodSync(join(dir, vapidKeyFile), 0o644);
    await expect(loadVapidKeys({ dataDir: dir })).rejects.toThrow(/readable by other users/);
    const ed = generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    await expect(loadVapidKeys({ privateKeyPem: ed })).rejects.toThrow(/P-256/);
  });

  it("takes a configured PEM instead of the file", async () => {
    const pem = generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    const dir = tempDir();
    const keys = await loadVapidKeys({ dataDir: dir, privateKeyPem: pem });
    expect(keys.publicKey).toHaveLength(87);
    expect(() => readFileSync(join(dir, vapidKeyFile))).toThrow();
  });

  it("signs an ES256 token for the push service's origin, valid at most 24 hours, with the contact", async () => {
    const keys = await loadVapidKeys({ dataDir: tempDir() });
    const endpoint = "https://push.example.net:8443/wpush/v2/abc?x=1";
    const now = Date.now();
    const header = await vapidAuthorization(endpoint, keys, "mailto:ops@example.com", now);
    const { payload, protectedHeader } = await verifyHeader(header, endpoint);
    expect(protectedHeader).toMatchObject({ alg: "ES256", typ: "JWT" });
    expect(payload.aud).toBe("https://push.example.net:8443");
    expect(payload.sub).toBe("mailto:ops@example.com");
    expect(payload.exp! - Math.floor(now / 1000)).toBe(VAPID_TOKEN_SECONDS);
    expect(VAPID_TOKEN_SECONDS).toBeLessThanOrEqual(24 * 3600);
    await expect(verifyHeader(header, "https://other.example.net/x")).rejects.toThrow(/aud/);
  });
});
