// Sockets that open the relay and never say who they are: the hub closes them once its 10 s
// first-message timeout passes (FIRST_MESSAGE_TIMEOUT_MS in packages/hub/src/relay/relayServer.ts).
// In its own file so vitest runs its real 10 s wait beside the other files, not after them.
import { describe, expect, it } from "vitest";
import { expectHubServing, openRaw, waitUntil } from "../support/hostileSockets.js";
import { startTestHub } from "../support/testHub.js";

/** The hub's first-message timeout, in ms; the hub does not let tests shorten it. */
const FIRST_MESSAGE_TIMEOUT_MS = 10_000;

describe("relay: silent sockets", () => {
  it("closes a socket that says nothing (even one that keeps sending WebSocket pings) with 1002 after the timeout", { timeout: FIRST_MESSAGE_TIMEOUT_MS + 10_000 }, async () => {
    await using hub = await startTestHub();
    const opened = Date.now();
    const silent = await openRaw(hub.url);
    const pinging = await openRaw(hub.url);
    const pinger = setInterval(() => pinging.ws.ping(), 500);
    try {
      const [closedSilent, closedPinging] = await Promise.all([silent.waitClose(FIRST_MESSAGE_TIMEOUT_MS + 3_000), pinging.waitClose(FIRST_MESSAGE_TIMEOUT_MS + 3_000)]);
      const elapsed = Date.now() - opened;
      expect(closedSilent).toEqual({ code: 1002, reason: "no join or attach message" });
      expect(closedPinging).toEqual({ code: 1002, reason: "no join or attach message" });
      expect(elapsed).toBeGreaterThanOrEqual(FIRST_MESSAGE_TIMEOUT_MS - 500);
      expect(silent.texts).toEqual([]);
      await waitUntil(() => hub.hub.connections === 0, "the hub to drop both sockets");
    } finally {
      clearInterval(pinger);
    }
    await expectHubServing(hub.url);
  });
});
