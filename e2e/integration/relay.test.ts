// The relay end to end in one process: a real hub (SQLite file), the CLI's HostSession, and
// viewers speaking the real protocol over WebSockets.
import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { connectViewer } from "../support/nodeViewer.js";
import { startTestHost, startTestHub } from "../support/testHub.js";

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("relay: pairing, output, input", () => {
  it("pairs a viewer, shows output in order and delivers its keystrokes to the host", async () => {
    await using hub = await startTestHub();
    const inputs: string[] = [];
    using host = await startTestHost(hub.url, { onInput: (d) => inputs.push(Buffer.from(d).toString()) });
    host.host.output(utf8("before the viewer came\r\n"));
    const viewer = connectViewer(host.link);
    await viewer.waitForStatus("live");
    await viewer.waitForText("before the viewer came");
    host.host.output(utf8("live line\r\n"));
    await viewer.waitForText("live line");
    viewer.client.sendInput("typed on the phone\r");
    await viewer.waitUntil(() => inputs.join("").includes("typed on the phone\r"), "input at the host");
    viewer.close();
  });

  it("shows the agent's exit code and ends the session", async () => {
    await using hub = await startTestHub();
    using host = await startTestHost(hub.url);
    const viewer = connectViewer(host.link);
    await viewer.waitForStatus("live");
    host.host.output(utf8("last words\r\n"));
    expect(await host.host.end({ code: 3, signal: null })).toBe(true);
    await viewer.waitForStatus("ended");
    expect(viewer.exit).toEqual({ code: 3, signal: null });
    expect(viewer.text()).toContain("last words");
    viewer.close();
  });

  it("several viewers see the same bytes; the single-use link pairs each device once", async () => {
    await using hub = await startTestHub();
    using host = await startTestHost(hub.url);
    const first = connectViewer(host.link);
    await first.waitForStatus("live");
    // The link `first` used is spent: a second device with the same link is refused.
    const late = connectViewer(host.link);
    await late.waitForStatus("failed");
    expect(late.statuses.at(-1)?.detail).toMatch(/already used/);
    const second = connectViewer(host.currentLink());
    await second.waitForStatus("live");
    for (let i = 0; i < 200; i++) host.host.output(utf8(`line ${i}\r\n`));
    await first.waitForText("line 199");
    await second.waitForText("line 199");
    expect(first.digest()).toBe(second.digest());
    for (const v of [first, second, late]) v.close();
  });

  it("reopens a remembered device's session without the pairing secret", async () => {
    await using hub = await startTestHub();
    using host = await startTestHost(hub.url);
    const phone = connectViewer(host.link);
    await phone.waitForStatus("live");
    phone.close();
    const { pairingSecret: _spent, ...linkWithoutSecret } = host.link;
    const again = connectViewer(linkWithoutSecret, { devices: phone.devices });
    await again.waitForStatus("live");
    host.host.output(utf8("welcome back\r\n"));
    await again.waitForText("welcome back");
    again.close();
  });

  it("gets exactly what it missed after repeated network drops: no gap, no duplicate", async () => {
    await using hub = await startTestHub();
    using host = await startTestHost(hub.url);
    const viewer = connectViewer(host.link, { keepText: false });
    await viewer.waitForStatus("live");
    const produced = createHash("sha256");
    let producedBytes = 0;
    const produce = (round: number, lines: number) => {
      for (let i = 0; i < lines; i++) {
        const chunk = utf8(`round ${round} line ${i} ${"x".repeat(i * 7)}\r\n`);
        produced.update(chunk);
        producedBytes += chunk.length;
        host.host.output(chunk);
      }
    };
    let drops = 0;
    for (let round = 0; round < 20; round++) {
      produce(round, 50);
      if (round % 3 !== 0) continue;
      viewer.socket()?.terminate(); // the phone's network goes away…
      drops++;
      produce(round, 20); // …while the agent keeps printing
      await viewer.waitUntil(() => viewer.statuses.filter((s) => s.status === "reconnecting").length === drops, "the drop to be noticed");
      await viewer.waitForStatus("live");
    }
    await viewer.waitUntil(() => viewer.bytes() === producedBytes, "every byte", 20_000);
    expect(viewer.digest()).toBe(produced.digest("hex"));
    expect(viewer.resets).toHaveLength(0);
    expect(viewer.security).toEqual([]);
    expect(viewer.statuses.filter((s) => s.status === "reconnecting")).toHaveLength(drops);
    viewer.close();
  });

  it("notices a connection that died while the phone slept, and resumes when shown again", async () => {
    await using hub = await startTestHub();
    using host = await startTestHost(hub.url);
    const viewer = connectViewer(host.link);
    await viewer.waitForStatus("live");
    const dead = viewer.socket() as unknown as { _socket: { pause(): void } };
    dead._socket.pause(); // looks open, hears nothing
    host.host.output(utf8("while asleep\r\n"));
    viewer.client.reconnectNow(200);
    await viewer.waitUntil(() => viewer.statuses.some((s) => s.status === "reconnecting"), "a reconnect");
    await viewer.waitForText("while asleep");
    expect(viewer.client.status).toBe("live");
    viewer.close();
  });

  it("refuses a link with the wrong host key like an unknown session, and audits it without the token", async () => {
    await using hub = await startTestHub();
    using host = await startTestHost(hub.url);
    const forged = connectViewer({ ...host.link, hostPublicKey: new Uint8Array(32).fill(9) });
    await forged.waitForStatus("failed");
    const events = await hub.hub.store.accounts.listAudit({ limit: 10, type: "relay.join_refused" });
    expect(events).toHaveLength(1);
    expect(events[0]!.detail).toEqual({ session: host.sessionId });
    forged.close();
  });
});
