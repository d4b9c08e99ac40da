// Access-token verification refuses every forgery and misuse the issue names: alg none, HS256 keyed
// with the public key, wrong aud / iss / typ, expired, another key, and a refresh token.
import { createHmac, generateKeyPairSync } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SignJWT } from "jose";
import { afterAll, describe, expect, it } from "vitest";
import { createAccessTokens } from "./accessTokens.js";
import { loadSigningKeys, signingKeyFile } from "./jwtKeys.js";
import { newRefreshToken } from "./tokenFormats.js";

const dir = mkdtempSync(join(tmpdir(), "porthole-jwt-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const b64 = (v: unknown) => Buffer.from(typeof v === "string" ? v : JSON.stringify(v)).toString("base64url");

describe("access tokens", async () => {
  const keys = await loadSigningKeys({ dataDir: join(dir, "data") });
  let now = 1_800_000_000_000;
  const tokens = createAccessTokens({ keys, issuer: "https://hub.test", audience: "porthole-api", ttlSeconds: 900, clock: () => now });
  const claims = { userId: "u1", familyId: "f1", tokenVersion: 3 };
  const payload = (over: Record<string, unknown> = {}) => ({ iss: "https://hub.test", aud: "porthole-api", sub: "u1", sid: "f1", ver: 3, iat: now / 1000, exp: now / 1000 + 900, ...over });

  it("signs EdDSA at+jwt tokens that verify to their claims, for ttl seconds", async () => {
    const { token, expiresAt } = await tokens.sign(claims);
    expect(JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString())).toMatchObject({ alg: "EdDSA", typ: "at+jwt", kid: keys.kid });
    expect(expiresAt).toBe(now + 900_000);
    expect(await tokens.verify(token)).toEqual(claims);
  });

  it("refuses an expired token", async () => {
    const { token } = await tokens.sign(claims);
    now += 901_000 + 5_000;
    expect(await tokens.verify(token)).toBeUndefined();
    now -= 906_000;
  });

  it("refuses alg none", async () => {
    const unsigned = `${b64({ alg: "none", typ: "at+jwt" })}.${b64(payload())}.`;
    expect(await tokens.verify(unsigned)).toBeUndefined();
  });

  it("refuses HS256 signed with the public key as the secret", async () => {
    const spki = keys.publicKey.export({ format: "pem", type: "spki" });
    for (const secret of [spki, keys.publicKey.export({ format: "der", type: "spki" })]) {
      const head = `${b64({ alg: "HS256", typ: "at+jwt" })}.${b64(payload())}`;
      const forged = `${head}.${createHmac("sha256", secret).update(head).digest("base64url")}`;
      expect(await tokens.verify(forged)).toBeUndefined();
    }
  });

  it("refuses a wrong aud, a wrong iss, a wrong typ, and another key", async () => {
    const sign = (over: Record<string, unknown>, typ = "at+jwt", key = keys.privateKey) =>
      new SignJWT(payload(over)).setProtectedHeader({ alg: "EdDSA", typ }).sign(key);
    expect(await tokens.verify(await sign({}))).toEqual(claims);
    expect(await tokens.verify(await sign({ aud: "someone-else" }))).toBeUndefined();
    expect(await tokens.verify(await sign({ iss: "https://evil.test" }))).toBeUndefined();
    expect(await tokens.verify(await sign({}, "JWT"))).toBeUndefined();
    expect(await tokens.verify(await sign({ ver: "3" }))).toBeUndefined();
    expect(await tokens.verify(await sign({}, "at+jwt", generateKeyPairSync("ed25519").privateKey))).toBeUndefined();
  });

  it("refuses a refresh token used as an access token", async () => {
    expect(await tokens.verify(newRefreshToken("f".repeat(22)))).toBeUndefined();
  });
});

describe("signing key file", () => {
  it("is made at first start with mode 0600 in a 0700 directory, and kept", async () => {
    const data = join(dir, "fresh");
    const first = await loadSigningKeys({ dataDir: data });
    expect(statSync(join(data, signingKeyFile)).mode & 0o777).toBe(0o600);
    expect(statSync(data).mode & 0o777).toBe(0o700);
    expect((await loadSigningKeys({ dataDir: data })).kid).toBe(first.kid);
  });

  it("refuses a key file others can read, and a key that is not Ed25519", async () => {
    const data = join(dir, "loose");
    await loadSigningKeys({ dataDir: data });
    chmodSync(join(data, signingKeyFile), 0o644);
    await expect(loadSigningKeys({ dataDir: data })).rejects.toThrow(/chmod 600/);
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    await expect(loadSigningKeys({ privateKeyPem: rsa })).rejects.toThrow(/Ed25519/);
  });

  it("accepts a configured PEM key", async () => {
    const pem = generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    expect((await loadSigningKeys({ privateKeyPem: pem })).kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
