import { describe, expect, it } from "vitest";
import { formatPairingUrl, parsePairingUrl, relayUrl } from "./pairingUrl.js";

const key = new Uint8Array(32).fill(7);
const secret = new Uint8Array(32).fill(9);

describe("pairing URL", () => {
  it("keeps every secret in the fragment and round-trips", () => {
    const url = formatPairingUrl({ hubUrl: "http://10.0.0.5:8420/", sessionId: "abcdefghijklmnopqrstuv", hostPublicKey: key, pairingSecret: secret });
    const parsed = new URL(url);
    expect(parsed.pathname).toBe("/s/abcdefghijklmnopqrstuv");
    expect(parsed.search).toBe("");
    expect(parsePairingUrl(url)).toEqual({ hubUrl: "http://10.0.0.5:8420", sessionId: "abcdefghijklmnopqrstuv", hostPublicKey: key, pairingSecret: secret });
  });

  it("keeps a hub's path prefix", () => {
    const url = formatPairingUrl({ hubUrl: "https://example.test/porthole", sessionId: "abcdefghijklmnopqrstuv", hostPublicKey: key });
    expect(parsePairingUrl(url)).toMatchObject({ hubUrl: "https://example.test/porthole" });
    expect(relayUrl("https://example.test/porthole")).toBe("wss://example.test/porthole/v1/relay");
  });

  it("refuses malformed links", () => {
    expect(parsePairingUrl("nope")).toBe("not a URL");
    expect(parsePairingUrl("http://h/x/abcdefghijklmnopqrstuv#k=")).toBe("not a session link");
    expect(parsePairingUrl("http://h/s/abcdefghijklmnopqrstuv#k=short")).toMatch(/host key/);
    expect(parsePairingUrl(`http://h/s/abcdefghijklmnopqrstuv#k=${"A".repeat(43)}&p=AA`)).toMatch(/secret/);
  });
});
