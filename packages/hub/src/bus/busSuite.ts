// One suite for every bus engine (in-process and Redis): ordering, bytes intact, unsubscribe,
// host presence, and listeners that throw. Each engine's test file calls busSuite with a factory.
import { describe, expect, it } from "vitest";
import type { Bus, SessionEvent } from "./bus.js";

const until = async (predicate: () => boolean, what: string, ms = 3000) => {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

export function busSuite(name: string, open: () => Promise<Bus>): void {
  describe(`bus: ${name}`, () => {
    it("delivers a session's events in order, bytes intact, to every subscriber of that session only", async () => {
      const a = await open();
      const b = await open();
      try {
        const got1: SessionEvent[] = [];
        const got2: SessionEvent[] = [];
        const other: SessionEvent[] = [];
        await a.subscribe("s1", (e) => got1.push(e));
        await b.subscribe("s1", (e) => got2.push(e));
        await b.subscribe("s2", (e) => other.push(e));
        // A Buffer, as `ws` delivers frames: its toJSON must not leak into the encoding.
        const frame = Buffer.from(Uint8Array.from({ length: 300 }, (_, i) => (i * 7) & 255));
        for (let seq = 1; seq <= 50; seq++) await a.publish("s1", { t: "output", seq, frame });
        await a.publish("s1", { t: "toViewer", viewer: 0, message: { t: "ended" } });
        await until(() => got1.length === 51 && got2.length === 51, "51 events on both");
        for (const got of [got1, got2]) {
          expect(got.slice(0, 50).map((e) => (e.t === "output" ? e.seq : -1))).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
          const first = got[0]!;
          expect(first.t === "output" && first.frame instanceof Uint8Array && Array.from(first.frame)).toEqual(Array.from(frame));
        }
        expect(other).toEqual([]);
      } finally {
        await a.close();
        await b.close();
      }
    });

    it("stops delivering after unsubscribe, and a throwing listener stops no one", async () => {
      const bus = await open();
      try {
        const kept: SessionEvent[] = [];
        const dropped: SessionEvent[] = [];
        await bus.subscribe("s3", () => {
          throw new Error("listener bug");
        });
        await bus.subscribe("s3", (e) => kept.push(e));
        const unsubscribe = await bus.subscribe("s3", (e) => dropped.push(e));
        unsubscribe();
        await bus.publish("s3", { t: "admit", viewer: 7 });
        await until(() => kept.length === 1, "the event");
        expect(dropped).toEqual([]);
      } finally {
        await bus.close();
      }
    });

    it("records one host per session; only that host can release it", async () => {
      const a = await open();
      const b = await open();
      try {
        expect(await a.getHost("s4")).toBeNull();
        await a.setHost("s4", "conn-1");
        expect(await b.getHost("s4")).toBe("conn-1");
        await b.setHost("s4", "conn-2"); // a new host connection took over, on another hub
        expect(await a.releaseHost("s4", "conn-1")).toBe(false);
        expect(await a.getHost("s4")).toBe("conn-2");
        expect(await b.releaseHost("s4", "conn-2")).toBe(true);
        expect(await a.getHost("s4")).toBeNull();
      } finally {
        await a.close();
        await b.close();
      }
    });
  });
}
