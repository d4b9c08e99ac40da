import { describe, expect, it } from "vitest";
import { SETTLE_MS, cancel, emptyQueue, enqueue, markSent, nextToSend } from "./messageQueue.js";

const free = (now: number, lastTurnStartN = 0) => ({ busy: false, lastTurnStartN, now });
const busy = (now: number, lastTurnStartN = 0) => ({ busy: true, lastTurnStartN, now });

describe("chat message queue", () => {
  it("sends at once when the agent is free, and holds messages while it is busy", () => {
    const q = enqueue(emptyQueue, "first");
    expect(nextToSend(q, free(0))?.text).toBe("first");
    expect(nextToSend(q, busy(0))).toBeUndefined();
  });

  it("sends one at a time, in order: the next waits until the agent started on the last and is free again", () => {
    let q = enqueue(enqueue(emptyQueue, "one"), "two");
    const one = nextToSend(q, free(1000, 0))!;
    q = markSent(q, one.id, 1000, 7);
    expect(q.waiting.map((m) => m.text)).toEqual(["two"]);
    // Still idle (the turn has not started yet): "two" waits rather than racing "one".
    expect(nextToSend(q, free(1100, 0))).toBeUndefined();
    // Working on "one".
    expect(nextToSend(q, busy(1500, 8))).toBeUndefined();
    // Done: "two" goes.
    expect(nextToSend(q, free(3000, 8))?.text).toBe("two");
  });

  it("does not wait forever for a message that started no turn", () => {
    let q = enqueue(enqueue(emptyQueue, "/help"), "next");
    q = markSent(q, nextToSend(q, free(0))!.id, 0, 3);
    expect(nextToSend(q, free(SETTLE_MS - 1))).toBeUndefined();
    expect(nextToSend(q, free(SETTLE_MS))?.text).toBe("next");
  });

  it("lets the person take a waiting message back", () => {
    let q = enqueue(enqueue(emptyQueue, "keep"), "drop");
    q = cancel(q, q.waiting[1]!.id);
    expect(q.waiting.map((m) => m.text)).toEqual(["keep"]);
    expect(enqueue(q, "later").waiting.map((m) => m.id)).toEqual([1, 3]);
  });
});
