// Binary frames and floods against the relay: oversized, truncated, unknown and misdirected frames,
// output that skips a sequence number, message floods, and isolation between two sessions.
// Keep in step with packages/hub/src/relay/{hostConnection,viewerConnection}.ts and protocol/frames.ts.
import { encodeFrame, FrameType, MAX_FRAME_BYTES } from "@porthole/protocol";
import { describe, expect, it } from "vitest";
import { admittedViewer, errorsOf, expectHubServing, FAKE_KEY, openRaw, rawHost, rawViewer, WAIT_MS, type RawSocket } from "../support/hostileSockets.js";
import { api, startTestHub, joinMessage } from "../support/testHub.js";

const utf8 = (s: string) => new TextEncoder().encode(s);

/** Pings and waits for the pong: everything the hub sent this socket before is in by then. */
async function roundTrip(socket: RawSocket): Promise<void> {
  const pongs = socket.texts.filter((m) => m?.t === "pong").length;
  socket.send({ t: "ping" });
  await socket.waitFor(() => socket.texts.filter((m) => m?.t === "pong").length > pongs, "pong");
}

/** A frame header (type, id as 8 bytes) with a payload, for shapes encodeFrame refuses to make. */
function rawFrame(type: number, idBytes: number[], payload = utf8("x")): Uint8Array {
  return new Uint8Array([type, ...idBytes, ...payload]);
}

async function storedBytes(url: string, sessionId: string): Promise<number> {
  const read = await api(url, "GET", `/v1/sessions/${sessionId}`);
  expect(read.status).toBe(200);
  return read.json.session.storedBytes;
}

describe("relay: frame size", () => {
  it("closes with 1009 on a message over 1 MiB from anyone, and stores nothing of it", async () => {
    await using hub = await startTestHub();
    const host = await rawHost(hub.url);
    const anonymous = await openRaw(hub.url);
    anonymous.send(new Uint8Array(MAX_FRAME_BYTES + 1));
    expect((await anonymous.waitClose()).code).toBe(1009);
    const talker = await openRaw(hub.url);
    talker.send(JSON.stringify({ ...joinMessage(host.sessionId), pad: "x".repeat(MAX_FRAME_BYTES) }));
    expect((await talker.waitClose()).code).toBe(1009);
    const viewer = await admittedViewer(hub.url, host);
    viewer.send(encodeFrame(FrameType.input, 0, new Uint8Array(MAX_FRAME_BYTES)));
    expect((await viewer.waitClose()).code).toBe(1009);
    expect(host.binaries).toEqual([]);
    // Exactly 1 MiB is allowed (and stored); one byte more closes the host, storing nothing more.
    host.output(1, new Uint8Array(MAX_FRAME_BYTES - 9));
    await host.message("ack");
    host.output(2, new Uint8Array(MAX_FRAME_BYTES - 8));
    expect((await host.waitClose()).code).toBe(1009);
    expect(await storedBytes(hub.url, host.sessionId)).toBe(MAX_FRAME_BYTES);
    expect((await hub.hub.store.getSession(host.sessionId))?.lastSeq).toBe(1);
    await expectHubServing(hub.url);
  });
});

describe("relay: malformed and misdirected frames", () => {
  it("answers each bad frame from an admitted viewer with a protocol error and forwards nothing", async () => {
    await using hub = await startTestHub();
    const host = await rawHost(hub.url);
    const viewer = await admittedViewer(hub.url, host);
    const bad = [
      new Uint8Array(0),
      new Uint8Array([FrameType.input]),
      new Uint8Array([FrameType.input, 0, 0, 0, 0, 0, 0, 0]),
      rawFrame(0, [0, 0, 0, 0, 0, 0, 0, 0]),
      rawFrame(4, [0, 0, 0, 0, 0, 0, 0, 0]),
      rawFrame(255, [0, 0, 0, 0, 0, 0, 0, 0]),
      rawFrame(FrameType.input, [255, 255, 255, 255, 255, 255, 255, 255]),
      encodeFrame(FrameType.output, 1, utf8("fake output")),
      encodeFrame(FrameType.direct, viewer.id, utf8("fake direct")),
    ];
    for (const frame of bad) viewer.send(frame);
    await roundTrip(viewer);
    expect(errorsOf(viewer).map((e) => e.code)).toEqual(bad.map(() => "protocol_error"));
    expect(host.binaries).toEqual([]);
    expect(await storedBytes(hub.url, host.sessionId)).toBe(0);
    // A good input frame still goes through, stamped with the sender's id whatever id it claimed.
    viewer.send(encodeFrame(FrameType.input, 12345, utf8("keys")));
    await host.waitFor(() => host.binaries.length === 1, "the input frame at the host");
    expect(Buffer.from(host.binaries[0]!)).toEqual(Buffer.from(encodeFrame(FrameType.input, viewer.id, utf8("keys"))));
    await expectHubServing(hub.url);
  });

  it("answers each bad or misdirected frame from a host with a protocol error and stores nothing", async () => {
    await using hub = await startTestHub();
    const host = await rawHost(hub.url);
    const viewer = await admittedViewer(hub.url, host);
    viewer.send({ t: "sync", from: 0 });
    const bad = [
      new Uint8Array(0),
      new Uint8Array([FrameType.output, 0, 0, 0, 0, 0, 0, 0]),
      rawFrame(0, [0, 0, 0, 0, 0, 0, 0, 1]),
      rawFrame(9, [0, 0, 0, 0, 0, 0, 0, 1]),
      rawFrame(FrameType.output, [255, 255, 255, 255, 255, 255, 255, 255]),
      encodeFrame(FrameType.input, viewer.id, utf8("input from the host")),
    ];
    for (const frame of bad) host.send(frame);
    await roundTrip(host);
    expect(errorsOf(host).map((e) => e.code)).toEqual(bad.map(() => "protocol_error"));
    await roundTrip(viewer);
    expect(viewer.binaries).toEqual([]);
    expect(await storedBytes(hub.url, host.sessionId)).toBe(0);
    expect((await hub.hub.store.getSession(host.sessionId))?.lastSeq).toBe(0);
    await expectHubServing(hub.url);
  });

  it("refuses an output frame that skips a sequence number and stores nothing of it", async () => {
    await using hub = await startTestHub();
    const host = await rawHost(hub.url);
    host.output(1, "one");
    await host.message("ack");
    const before = await storedBytes(hub.url, host.sessionId);
    host.output(3, "three, skipping two");
    host.output(1_000_000, "far ahead");
    await roundTrip(host);
    expect(errorsOf(host)).toEqual([
      { t: "error", code: "protocol_error", message: expect.stringMatching(/skips ahead/) },
      { t: "error", code: "protocol_error", message: expect.stringMatching(/skips ahead/) },
    ]);
    // A resend of a stored seq with other bytes does not overwrite what was stored.
    host.output(1, "one, rewritten");
    host.output(0, "zero");
    await roundTrip(host);
    expect(await storedBytes(hub.url, host.sessionId)).toBe(before);
    const frames = await hub.hub.store.readFrames(host.sessionId, 0, 1 << 20);
    expect(frames.map((f) => [f.seq, Buffer.from(f.data.subarray(9)).toString()])).toEqual([[1, "one"]]);
    // The host is still in step: the next frame in order is stored.
    host.output(2, "two");
    await host.waitFor(() => host.texts.some((m) => m?.t === "ack" && m.seq === 2), "ack 2");
    expect((await hub.hub.store.getSession(host.sessionId))?.lastSeq).toBe(2);
    await expectHubServing(hub.url);
  });
});

describe("relay: floods", () => {
  it("cuts off a flood of 10,000 garbage messages quickly and stays responsive", async () => {
    await using hub = await startTestHub();
    const host = await rawHost(hub.url);
    const started = Date.now();
    const text = await rawViewer(hub.url, host.sessionId);
    const binary = await openRaw(hub.url);
    const anonymous = await openRaw(hub.url);
    for (let i = 0; i < 10_000; i++) {
      text.send(`garbage ${i}`);
      binary.send(new Uint8Array([i & 0xff, 1, 2]));
      anonymous.send(i % 2 ? "{" : JSON.stringify({ t: "nope", i }));
    }
    expect((await text.waitClose()).code).toBe(1002);
    expect((await binary.waitClose()).code).toBe(1002);
    expect((await anonymous.waitClose()).code).toBe(1002);
    for (const socket of [text, binary, anonymous]) expect(errorsOf(socket).length).toBeLessThanOrEqual(21);
    const asked = Date.now();
    const health = await fetch(`${hub.url}/health`, { signal: AbortSignal.timeout(WAIT_MS) });
    expect(health.status).toBe(200);
    expect(Date.now() - asked, "ms for /health to answer after the flood").toBeLessThan(2000);
    expect(Date.now() - started).toBeLessThan(WAIT_MS);
    expect(host.texts.filter((m) => m?.t === "hello")).toEqual([]);
    await expectHubServing(hub.url);
  });
});

describe("relay: isolation between sessions", () => {
  it("a viewer of session A never receives anything of session B, whatever A's host sends", async () => {
    await using hub = await startTestHub();
    const hostA = await rawHost(hub.url);
    const hostB = await rawHost(hub.url);
    const viewerA = await admittedViewer(hub.url, hostA);
    const viewerB = await admittedViewer(hub.url, hostB);
    const pendingB = await rawViewer(hub.url, hostB.sessionId);
    viewerA.send({ t: "sync", from: 0 });
    viewerB.send({ t: "sync", from: 0 });
    // Host A aims at B's viewers by id: admit, welcome, reject and direct frames must not cross.
    hostA.send({ t: "admit", viewer: pendingB.id });
    hostA.send({ t: "welcome", viewer: viewerB.id, ephemeral: FAKE_KEY, confirm: FAKE_KEY });
    hostA.send({ t: "reject", viewer: viewerB.id, reason: "from the wrong host" });
    hostA.send(encodeFrame(FrameType.direct, viewerB.id, utf8("A's direct frame")));
    hostA.send(encodeFrame(FrameType.direct, pendingB.id, utf8("A's direct frame")));
    await roundTrip(hostA);
    pendingB.send({ t: "sync", from: 0 });
    const sentA: Buffer[] = [];
    const sentB: Buffer[] = [];
    for (let seq = 1; seq <= 20; seq++) {
      sentA.push(Buffer.from(encodeFrame(FrameType.output, seq, utf8(`A-${seq}`))));
      sentB.push(Buffer.from(encodeFrame(FrameType.output, seq, utf8(`B-${seq}`))));
      hostA.send(sentA.at(-1)!);
      hostB.send(sentB.at(-1)!);
    }
    await viewerA.waitFor(() => viewerA.binaries.length >= 20, "A's 20 frames at A's viewer");
    await viewerB.waitFor(() => viewerB.binaries.length >= 20, "B's 20 frames at B's viewer");
    for (const socket of [viewerA, viewerB, pendingB]) await roundTrip(socket);
    expect(viewerA.binaries).toEqual(sentA);
    expect(viewerB.binaries).toEqual(sentB);
    expect(viewerB.closed).toBeUndefined();
    expect(viewerB.texts.filter((m) => m?.t === "welcome" || m?.t === "reject")).toEqual([{ t: "welcome", ephemeral: FAKE_KEY, confirm: FAKE_KEY }]);
    expect(pendingB.binaries).toEqual([]);
    expect(errorsOf(pendingB)).toEqual([{ t: "error", code: "forbidden", message: expect.any(String) }]);
    await expectHubServing(hub.url);
  });
});
