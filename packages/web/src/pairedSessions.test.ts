// The paired-session list: defensive reads, bounded size, and links that reopen without a secret.
import { describe, expect, it } from "vitest";
import {
  MAX_SESSIONS,
  SESSIONS_KEY,
  defaultSessionName,
  listPairedSessions,
  rememberSession,
  reopenUrl,
  type StorageLike,
} from "./pairedSessions.js";

function memoryStorage(initial: Record<string, string> = {}): StorageLike {
  const data = new Map(Object.entries(initial));
  return {
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

describe("pairedSessions", () => {
  it("reads corrupt storage as an empty list and skips malformed entries", () => {
    expect(listPairedSessions(memoryStorage({ [SESSIONS_KEY]: "{oops" }))).toEqual([]);
    expect(listPairedSessions(memoryStorage({ [SESSIONS_KEY]: '{"a":1}' }))).toEqual([]);
    const good = { sessionId: "s", hubUrl: "http://h", hostKey: "k", name: "n", pairedAt: 1, lastOpenedAt: 1 };
    const mixed = JSON.stringify([good, { sessionId: 3 }, null]);
    expect(listPairedSessions(memoryStorage({ [SESSIONS_KEY]: mixed }))).toEqual([good]);
  });

  it("keeps at most MAX_SESSIONS, dropping the least recently opened", () => {
    const storage = memoryStorage();
    for (let i = 0; i < MAX_SESSIONS + 5; i++) {
      rememberSession(storage, { sessionId: `s${i}`, hubUrl: "http://h", hostKey: "k" }, i);
    }
    const list = listPairedSessions(storage);
    expect(list).toHaveLength(MAX_SESSIONS);
    expect(list[0]?.sessionId).toBe(`s${MAX_SESSIONS + 4}`);
    expect(list.some((s) => s.sessionId === "s0")).toBe(false);
  });

  it("restarts the pairing date when the desk's key changes", () => {
    const storage = memoryStorage();
    rememberSession(storage, { sessionId: "s", hubUrl: "http://h", hostKey: "old" }, 1);
    rememberSession(storage, { sessionId: "s", hubUrl: "http://h", hostKey: "new" }, 9);
    expect(listPairedSessions(storage)).toEqual([expect.objectContaining({ hostKey: "new", pairedAt: 9 })]);
  });

  it("builds a reopen link with the host key and no pairing secret", () => {
    const session = {
      sessionId: "abcdefghijklmnopqrstuv",
      hubUrl: "https://hub.example.com/",
      hostKey: "KEY",
      name: "",
      pairedAt: 0,
      lastOpenedAt: 0,
    };
    expect(reopenUrl(session)).toBe("https://hub.example.com/s/abcdefghijklmnopqrstuv#k=KEY");
  });

  it("names a session after its hub and id", () => {
    expect(defaultSessionName("http://192.168.1.20:8420", "abcdefghijkl")).toBe("192.168.1.20:8420 · abcdefgh");
  });
});
