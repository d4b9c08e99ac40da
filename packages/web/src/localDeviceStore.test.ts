// The localStorage DeviceStore against a small in-memory Storage (a stand-in for the browser's).
import { generateKeyPair } from "@porthole/protocol";
import { describe, expect, it } from "vitest";
import { DEVICE_KEY, localDeviceStore } from "./localDeviceStore.js";
import { SESSIONS_KEY, listPairedSessions, type StorageLike } from "./pairedSessions.js";

function memoryStorage(): StorageLike & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, String(value)),
    removeItem: (key) => void data.delete(key),
  };
}

const HUB = "https://hub.example.com";

describe("localDeviceStore", () => {
  it("keeps the device key pair across store instances", () => {
    const storage = memoryStorage();
    const device = generateKeyPair();
    localDeviceStore({ storage, hubUrl: HUB }).saveDevice(device);
    const loaded = localDeviceStore({ storage, hubUrl: HUB }).loadDevice();
    expect(loaded?.secretKey).toEqual(device.secretKey);
    expect(loaded?.publicKey).toEqual(device.publicKey);
  });

  it("has no device when nothing or garbage is stored", () => {
    const storage = memoryStorage();
    expect(localDeviceStore({ storage, hubUrl: HUB }).loadDevice()).toBeUndefined();
    storage.setItem(DEVICE_KEY, "{not json");
    expect(localDeviceStore({ storage, hubUrl: HUB }).loadDevice()).toBeUndefined();
    storage.setItem(DEVICE_KEY, JSON.stringify({ secretKey: "AAAA", publicKey: "AAAA" }));
    expect(localDeviceStore({ storage, hubUrl: HUB }).loadDevice()).toBeUndefined();
  });

  it("is paired only with the same session and host key", () => {
    const storage = memoryStorage();
    let paired = 0;
    const store = localDeviceStore({ storage, hubUrl: HUB, now: () => 1000, onPaired: () => paired++ });
    expect(store.isPaired("session-a", "key-1")).toBe(false);
    store.markPaired("session-a", "key-1");
    expect(paired).toBe(1);
    expect(store.isPaired("session-a", "key-1")).toBe(true);
    expect(store.isPaired("session-a", "key-2")).toBe(false);
    expect(store.isPaired("session-b", "key-1")).toBe(false);
  });

  it("records paired sessions for the home page, newest first", () => {
    const storage = memoryStorage();
    let clock = 1000;
    const store = localDeviceStore({ storage, hubUrl: HUB, now: () => clock });
    store.markPaired("session-a", "key-1");
    clock = 2000;
    store.markPaired("session-b", "key-2");
    clock = 3000;
    store.markPaired("session-a", "key-1");
    const list = listPairedSessions(storage);
    expect(list.map((s) => s.sessionId)).toEqual(["session-a", "session-b"]);
    expect(list[0]).toMatchObject({ hubUrl: HUB, hostKey: "key-1", pairedAt: 1000, lastOpenedAt: 3000 });
  });

  it("forgets a session", () => {
    const storage = memoryStorage();
    const store = localDeviceStore({ storage, hubUrl: HUB });
    store.markPaired("session-a", "key-1");
    store.forget("session-a");
    expect(store.isPaired("session-a", "key-1")).toBe(false);
    expect(JSON.parse(storage.data.get(SESSIONS_KEY) ?? "")).toEqual([]);
  });
});
