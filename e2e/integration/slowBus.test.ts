// A bus that answers slowly, as Redis does across a network, must not change what anyone sees: the
// order of a connection's first messages and everything sent while the hub sets it up.
import { describe, expect, it } from "vitest";
import { createHub, createInProcessBus, openSqliteStore, type Bus } from "@porthole/hub";
import { pino } from "pino";
import { connectViewer } from "../support/nodeViewer.js";
import { OWNER_TOKEN, startTestHost } from "../support/testHub.js";

const utf8 = (s: string) => new TextEncoder().encode(s);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The in-process bus with a delay before every command (mock latency standing in for a remote Redis). */
function slowBus(inner: Bus, ms: { publish: number; getHost: number }): Bus {
  return {
    engine: inner.engine,
    publish: async (id, event) => {
      await pause(ms.publish);
      return inner.publish(id, event);
    },
    subscribe: (id, listener) => inner.subscribe(id, listener),
    setHost: (id, connection) => inner.setHost(id, connection),
    releaseHost: (id, connection) => inner.releaseHost(id, connection),
    getHost: async (id) => {
      await pause(ms.getHost);
      return inner.getHost(id);
    },
    close: () => inner.close(),
  };
}

describe("a hub on a slow bus (mock latency)", () => {
  it("pairs a viewer that joins while the host attaches with one hello, and keeps output sent right after attaching", async () => {
    const store = await openSqliteStore({ file: ":memory:" });
    const bus = slowBus(createInProcessBus(), { publish: 25, getHost: 150 });
    const hub = await createHub({ host: "127.0.0.1", port: 0, sqliteFile: ":memory:", ownerToken: OWNER_TOKEN }, { store, bus, logger: pino({ level: "silent" }) });
    const { url } = await hub.listen();
    try {
      using host = await startTestHost(url);
      // Sent as soon as the hub says `attached`, while it may still be announcing the host.
      host.host.output(utf8("stored before anyone came\r\n"));
      const viewer = connectViewer(host.link);
      await viewer.waitForStatus("live");
      await viewer.waitForText("stored before anyone came");
      expect(viewer.statuses.filter((s) => s.detail === "pairing")).toHaveLength(1);
      expect(viewer.security).toEqual([]);
      viewer.close();
    } finally {
      await hub.close();
      await store.close();
    }
  }, 20_000);
});
