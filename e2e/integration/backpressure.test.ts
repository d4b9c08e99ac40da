// Floods and stalls: a viewer that stops reading slows no other viewer and does not grow the hub's
// memory; when it comes back after more than the replay buffer, it gets the current screen.
import { createHash, randomBytes } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { connectViewer } from "../support/nodeViewer.js";
import { startTestHost, startTestHub } from "../support/testHub.js";

const HIGH_WATER = 256 * 1024;

/** Memory in use after a full collection, so garbage left by earlier tests in this process does not count. */
function collectedMemory(): NodeJS.MemoryUsage {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
  return process.memoryUsage();
}

describe("back-pressure", () => {
  it("a stalled viewer costs the hub a bounded queue and slows no one; it resumes from a snapshot", async () => {
    await using hub = await startTestHub({ replayBytes: 2 * 1024 * 1024, viewerHighWaterBytes: HIGH_WATER });
    let paused = false;
    using host = await startTestHost(hub.url, { onBackpressure: (p) => (paused = p) });
    const reader = connectViewer(host.link, { keepText: false });
    await reader.waitForStatus("live");
    const staller = connectViewer(host.currentLink(), { keepText: true });
    await staller.waitForStatus("live");
    const stalledSocket = (staller.socket() as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    stalledSocket.pause(); // the phone stops reading, its socket stays open

    const produced = createHash("sha256");
    let producedBytes = 0;
    let maxQueued = 0;
    const before = collectedMemory();
    const total = 40 * 1024 * 1024;
    while (producedBytes < total) {
      while (paused) await new Promise((r) => setTimeout(r, 2)); // what the PTY does when the hub lags
      const chunk = new TextEncoder().encode(`${randomBytes(48 * 1024).toString("base64")}\r\n`);
      produced.update(chunk);
      producedBytes += chunk.length;
      host.host.output(chunk);
      maxQueued = Math.max(maxQueued, hub.hub.queuedBytes);
      await new Promise((r) => setImmediate(r));
    }
    await reader.waitUntil(() => reader.bytes() === producedBytes, "the reading viewer to get everything", 60_000);
    expect(reader.digest()).toBe(produced.digest("hex"));
    const after = collectedMemory();
    // The stalled viewer holds at most its high-water mark plus one stored frame in the hub.
    expect(maxQueued).toBeLessThan(2 * HIGH_WATER + 1024 * 1024);
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(30 * 1024 * 1024);

    host.host.output(new TextEncoder().encode("\r\nfinal-line-marker\r\n"));
    stalledSocket.resume();
    await staller.waitForText("final-line-marker", 30_000);
    expect(staller.resets.length).toBeGreaterThanOrEqual(1); // came back after the buffer: the screen, not a gap
    expect(staller.security).toEqual([]);
    reader.close();
    staller.close();
  }, 120_000);
});
