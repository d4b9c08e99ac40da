// Opening a session from a notification: the key comes from this browser's paired sessions, only
// for the same hub, and a link that has its key is left alone.
import { describe, expect, it } from "vitest";
import { rememberSession, type StorageLike } from "../pairedSessions.js";
import { pairedLinkFor } from "./pairedLink.js";

function memoryStorage(): StorageLike {
  const items = new Map<string, string>();
  return { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v), removeItem: (k) => void items.delete(k) };
}

const sessionId = "AbCdEfGhIjKlMnOpQrStUv";

describe("pairedLinkFor", () => {
  it("adds the host key of a paired session on the same hub", () => {
    const storage = memoryStorage();
    rememberSession(storage, { sessionId, hubUrl: "https://hub.example.com", hostKey: "HOSTKEY" }, 1);
    expect(pairedLinkFor(`https://hub.example.com/s/${sessionId}`, storage)).toBe(`https://hub.example.com/s/${sessionId}#k=HOSTKEY`);
  });

  it("leaves links with a key, other hubs, unknown sessions and other pages alone", () => {
    const storage = memoryStorage();
    rememberSession(storage, { sessionId, hubUrl: "https://hub.example.com", hostKey: "HOSTKEY" }, 1);
    expect(pairedLinkFor(`https://hub.example.com/s/${sessionId}#k=OTHER`, storage)).toBeUndefined();
    expect(pairedLinkFor(`https://evil.example.com/s/${sessionId}`, storage)).toBeUndefined();
    expect(pairedLinkFor("https://hub.example.com/s/ZZZZZZZZZZZZZZZZZZZZZZ", storage)).toBeUndefined();
    expect(pairedLinkFor("https://hub.example.com/account", storage)).toBeUndefined();
  });
});
