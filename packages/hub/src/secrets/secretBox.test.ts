// Sealing users' secrets: a known-answer vector of the stored format, round trips, binding to the
// user, tampering, the master key's sources (config, key file made 0600 at first start, refused when loose).
import { mkdtempSync, rmSync, statSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadMasterKey, masterKeyFileName, parseMasterKey } from "./masterKey.js";
import { openSecret, sealSecret, SecretOpenError } from "./secretBox.js";

const dir = mkdtempSync(join(tmpdir(), "porthole-secrets-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const key = parseMasterKey("07".repeat(32), "test");
const binding = { userId: "user-1", kind: "anthropic_api_key" };

describe("secret box", () => {
  it("opens a known-answer vector (key 07.., IV 09.., AAD bound to user-1)", () => {
    expect(key.id).toBe("1ab848eabfbdc356");
    const ciphertext = Buffer.from("0109090909090909090909090954eea9f5d084ec15c511bf158d8fda7fe9ce7134702215fcb99a076aa189f6", "hex");
    expect(openSecret([key], { keyId: key.id, ciphertext }, binding)).toBe("sk-ant-test-key");
  });

  it("round-trips with a fresh IV each time, and never holds the plaintext bytes", () => {
    const a = sealSecret(key, "sk-ant-api03-secret", binding);
    const b = sealSecret(key, "sk-ant-api03-secret", binding);
    expect(Buffer.from(a.ciphertext).equals(Buffer.from(b.ciphertext))).toBe(false);
    expect(Buffer.from(a.ciphertext).includes("sk-ant")).toBe(false);
    expect(a.keyId).toBe(key.id);
    expect(openSecret([key], a, binding)).toBe("sk-ant-api03-secret");
  });

  it("refuses a ciphertext moved to another user, tampered with, or sealed under another key", () => {
    const sealed = sealSecret(key, "sk-ant-api03-secret", binding);
    expect(() => openSecret([key], sealed, { ...binding, userId: "user-2" })).toThrow(SecretOpenError);
    const flipped = Buffer.from(sealed.ciphertext);
    flipped[20] = flipped[20]! ^ 1;
    expect(() => openSecret([key], { ...sealed, ciphertext: flipped }, binding)).toThrow(/failed authentication/);
    const other = parseMasterKey(Buffer.alloc(32, 1).toString("base64"), "test");
    expect(() => openSecret([other], sealed, binding)).toThrow(/sealed under master key 1ab848eabfbdc356/);
    expect(openSecret([other, key], sealed, binding)).toBe("sk-ant-api03-secret");
  });
});

describe("master key", () => {
  it("reads hex, base64 and base64url, and refuses anything else without echoing it", () => {
    const b64 = Buffer.alloc(32, 7).toString("base64");
    expect(parseMasterKey(b64, "x").id).toBe(key.id);
    expect(parseMasterKey(Buffer.alloc(32, 7).toString("base64url"), "x").id).toBe(key.id);
    for (const bad of ["", "short", "07".repeat(31), Buffer.alloc(31).toString("base64"), "zz".repeat(32)]) {
      expect(() => parseMasterKey(bad, "PORTHOLE_SECRET_KEY")).toThrow(/PORTHOLE_SECRET_KEY must be 32 bytes/);
    }
    try {
      parseMasterKey("not-a-key-but-secret-text", "x");
    } catch (err) {
      expect((err as Error).message).not.toContain("not-a-key-but-secret-text");
    }
  });

  it("makes dataDir/secret-key at first start with mode 0600 and reuses it", async () => {
    const dataDir = join(dir, "data");
    const first = await loadMasterKey({ dataDir });
    expect(statSync(join(dataDir, masterKeyFileName)).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect((await loadMasterKey({ dataDir }))?.id).toBe(first?.id);
    expect(await loadMasterKey({})).toBeUndefined();
  });

  it("prefers PORTHOLE_SECRET_KEY over a key file, and refuses a key file others can read", async () => {
    const file = join(dir, "loose-key");
    writeFileSync(file, Buffer.alloc(32, 3).toString("base64"), { mode: 0o600 });
    expect((await loadMasterKey({ secretKey: "07".repeat(32), keyFile: file }))?.id).toBe(key.id);
    expect((await loadMasterKey({ keyFile: file }))?.source).toBe(file);
    chmodSync(file, 0o644);
    await expect(loadMasterKey({ keyFile: file })).rejects.toThrow(/readable by other users; run: chmod 600/);
  });
});
