// The hosted part of the shared Store suite (see storeSuite.ts): a hosted session's agent and
// workspace are kept, listed while the session is open, and go with the session when it is deleted.
import { randomBytes } from "node:crypto";
import { expect, it } from "vitest";
import type { NewSession, SessionRecord, Store } from "./store.js";

/** Registers the hosted tests; `store()` is the open store, `newSession()` a fresh session to create. */
export function hostedSuite(store: () => Store, newSession: () => NewSession): void {
  const hostedOf = (s: SessionRecord, over: { createdAt?: number } = {}) => ({
    sessionId: s.id,
    agent: "claude",
    project: "demo",
    workspace: `${s.ownerId}/projects/demo`,
    createdAt: over.createdAt ?? s.createdAt,
  });

  it("keeps a hosted session's agent and workspace, and refuses a second record for it", async () => {
    const s = await store().createSession(newSession());
    const record = hostedOf(s);
    await store().hosted.putHostedSession(record);
    expect(await store().hosted.getHostedSession(s.id)).toEqual(record);
    expect(await store().hosted.getHostedSession(randomBytes(16).toString("base64url"))).toBeUndefined();
    await expect(store().hosted.putHostedSession({ ...record, agent: "shell" })).rejects.toThrow();
    expect(await store().hosted.getHostedSession(s.id)).toEqual(record);
  });

  it("lists open hosted sessions oldest first; ended and deleted ones drop out", async () => {
    const open: string[] = [];
    for (let i = 0; i < 3; i++) {
      const s = await store().createSession(newSession());
      await store().hosted.putHostedSession(hostedOf(s, { createdAt: 10_000 + i }));
      open.push(s.id);
    }
    const plain = await store().createSession(newSession());
    const ids = async () => (await store().hosted.listOpenHostedSessions()).map((r) => r.sessionId).filter((id) => [...open, plain.id].includes(id));
    expect(await ids()).toEqual(open);
    await store().endSession(open[0]!, 0, 20_000);
    expect(await ids()).toEqual(open.slice(1));
    // The record stays for an ended session (its files are still reachable) ...
    expect(await store().hosted.getHostedSession(open[0]!)).toMatchObject({ sessionId: open[0] });
    // ... and goes with a deleted one.
    expect(await store().deleteSession(open[1]!)).toBe(true);
    expect(await store().hosted.getHostedSession(open[1]!)).toBeUndefined();
    expect(await ids()).toEqual([open[2]]);
  });
}
