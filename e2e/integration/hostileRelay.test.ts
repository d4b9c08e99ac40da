// The relay's front door against a hostile client: the Origin check, the first message, host
// tokens, what an unadmitted viewer may do, a host's reject, and the per-connection limits (hellos,
// bad messages). Who may join a session, and how many, is in hostileRelayJoin.test.ts.
// Keep in step with packages/hub/src/relay/{relayServer,viewerConnection}.ts and protocol/messages.ts.
import { encodeFrame, FrameType, generateKeyPair } from "@porthole/protocol";
import { describe, expect, it } from "vitest";
import { connectViewer } from "../support/nodeViewer.js";
import { admittedViewer, errorsOf, expectHubServing, FAKE_KEY, openRaw, rawHost, rawViewer } from "../support/hostileSockets.js";
import { api, createSession, joinMessage, startTestHost, startTestHub } from "../support/testHub.js";

const UNKNOWN_SESSION = "NoSuchSession0123456789";
const utf8 = (s: string) => new TextEncoder().encode(s);

/** A viewer pings and waits for the pong: everything the hub sent it before is in by then. */
async function roundTrip(socket: Awaited<ReturnType<typeof openRaw>>): Promise<void> {
  const pongs = socket.texts.filter((m) => m?.t === "pong").length;
  socket.send({ t: "ping" });
  await socket.waitFor(() => socket.texts.filter((m) => m?.t === "pong").length > pongs, "pong");
}

describe("relay upgrade: Origin", () => {
  it("refuses a foreign Origin with 403 and accepts the hub's own, an allowed and an absent Origin", async () => {
    await using hub = await startTestHub({ allowedOrigins: ["https://porthole.example"] });
    const { host, port } = new URL(hub.url);
    const foreign = ["https://evil.example", "null", `http://127.0.0.1:${Number(port) + 1}`, `http://${host}.evil.example`, `http://${host}@evil.example`, "file://", `ftp://${host}`, "https://porthole.example.evil.example", "chrome-extension://abc"];
    for (const origin of foreign) {
      const refused = await openRaw(hub.url, { origin }).then(
        () => undefined,
        (error: { status?: number }) => error.status,
      );
      expect(refused, origin).toBe(403);
    }
    expect(hub.hub.connections).toBe(0);
    for (const origin of [hub.url, "https://porthole.example", undefined]) {
      const socket = await openRaw(hub.url, origin ? { origin } : {});
      socket.send(joinMessage(UNKNOWN_SESSION));
      expect((await socket.waitClose()).code, String(origin)).toBe(4404);
    }
    await expectHubServing(hub.url);
  });
});

describe("relay: the first message", () => {
  it("closes with 1002 on a first message that is not JSON, has an unknown t, or misses or adds fields", async () => {
    await using hub = await startTestHub();
    using host = await startTestHost(hub.url);
    const session = host.sessionId;
    const firsts = [
      "", "hello", "{", "null", "[]", '"join"', "42", JSON.stringify({ t: "nope" }), JSON.stringify({ session }), JSON.stringify({ t: "join" }),
      JSON.stringify({ t: "join", session: 42 }), JSON.stringify({ t: "join", session: "../../etc/passwd" }), JSON.stringify({ t: "join", session: "A".repeat(65) }),
      JSON.stringify({ ...joinMessage(session), extra: 1 }), JSON.stringify({ ...joinMessage(session), token: undefined }), `{"t":"join","session":"${session}","token":"${joinMessage(session).token}","__proto__":{"x":1}}`,
      JSON.stringify({ t: "attach", session }), JSON.stringify({ t: "attach", session, token: "short" }), JSON.stringify({ t: "attach", session, token: "x".repeat(16), admin: true }),
      JSON.stringify({ t: "ping" }), JSON.stringify({ t: "sync", from: 0 }), JSON.stringify({ t: "hello", mode: "pair", device: FAKE_KEY, ephemeral: FAKE_KEY, mac: FAKE_KEY }),
      JSON.stringify({ t: "admit", viewer: 1 }), JSON.stringify({ t: "end" }), "x".repeat(100_000),
    ];
    for (const first of firsts) {
      const socket = await openRaw(hub.url);
      socket.send(first);
      const closed = await socket.waitClose();
      expect(closed.code, first.slice(0, 80)).toBe(1002);
      expect(socket.texts.filter((m) => m?.t === "joined" || m?.t === "attached"), first.slice(0, 80)).toEqual([]);
    }
    expect((await api(hub.url, "GET", `/v1/sessions/${session}`)).json.session.hostOnline).toBe(true);
    await expectHubServing(hub.url);
  });

  it("answers a binary first message with a protocol error; the socket may then still join", async () => {
    await using hub = await startTestHub();
    const host = await rawHost(hub.url);
    const socket = await openRaw(hub.url);
    socket.send(encodeFrame(FrameType.input, 0, utf8("before join")));
    await socket.message("error");
    expect(errorsOf(socket)).toEqual([{ t: "error", code: "protocol_error", message: expect.stringMatching(/join or attach/) }]);
    socket.send(joinMessage(host.sessionId));
    await socket.message("joined");
    expect(host.binaries).toEqual([]);
    await expectHubServing(hub.url);
  });

  it("closes an attach with a wrong host token with 4404; the real host stays attached and output flows", async () => {
    await using hub = await startTestHub();
    using host = await startTestHost(hub.url);
    const viewer = connectViewer(host.link);
    await viewer.waitForStatus("live");
    const statusesBefore = viewer.statuses.length;
    const other = await createSession(hub.url, generateKeyPair().publicKey, { command: "other" });
    const tokens = ["wrong-host-token-0123456789", other.json.hostToken as string, "A".repeat(43), "x".repeat(200)];
    for (const token of tokens) {
      const intruder = await openRaw(hub.url);
      intruder.send({ t: "attach", session: host.sessionId, token });
      expect((await intruder.waitClose()).code, token.slice(0, 20)).toBe(4404);
      expect(intruder.texts).toEqual([]);
    }
    // The right token for another session does not open this one either, nor vice versa.
    const cross = await openRaw(hub.url);
    cross.send({ t: "attach", session: other.json.session.id, token: "wrong-host-token-0123456789" });
    expect((await cross.waitClose()).code).toBe(4404);
    expect((await api(hub.url, "GET", `/v1/sessions/${host.sessionId}`)).json.session.hostOnline).toBe(true);
    host.host.output(utf8("host still in charge\r\n"));
    await viewer.waitForText("host still in charge");
    expect(viewer.statuses.slice(statusesBefore).map((s) => s.status)).toEqual([]);
    viewer.close();
    await expectHubServing(hub.url);
  });
});

describe("relay: a viewer the host has not admitted", () => {
  it("gets forbidden for sync and input, cannot admit itself, and receives no output frame at all", async () => {
    await using hub = await startTestHub();
    const host = await rawHost(hub.url);
    const intruder = await rawViewer(hub.url, host.sessionId);
    const control = await admittedViewer(hub.url, host);
    control.send({ t: "sync", from: 0 });
    intruder.send({ t: "sync", from: 0 });
    intruder.send({ t: "sync", from: 1 });
    intruder.send(encodeFrame(FrameType.input, 0, utf8("rm -rf /\r")));
    intruder.send(encodeFrame(FrameType.input, control.id, utf8("as the control viewer")));
    intruder.send(encodeFrame(FrameType.output, 1, utf8("fake output")));
    for (const message of [{ t: "admit", viewer: intruder.id }, { t: "welcome", viewer: intruder.id, ephemeral: FAKE_KEY, confirm: FAKE_KEY }, { t: "attach", session: host.sessionId, token: host.hostToken }, { t: "end" }, { t: "kick-all" }]) {
      intruder.send(message);
    }
    for (let seq = 1; seq <= 5; seq++) host.output(seq, `secret output ${seq}`);
    await host.waitFor(() => host.texts.some((m) => m?.t === "ack" && m.seq === 5), "ack 5");
    intruder.send({ t: "sync", from: 0 });
    await roundTrip(intruder);
    await control.waitFor(() => control.binaries.length === 5, "the admitted viewer's 5 frames");
    const codes = errorsOf(intruder).map((e) => e.code);
    expect(codes.filter((c) => c === "forbidden")).toHaveLength(6);
    expect(codes.filter((c) => c === "protocol_error")).toHaveLength(5);
    expect(intruder.binaries).toEqual([]);
    expect(intruder.closed).toBeUndefined();
    expect(host.binaries).toEqual([]);
    expect((await api(hub.url, "GET", `/v1/sessions/${host.sessionId}`)).json.session.hostOnline).toBe(true);
    await expectHubServing(hub.url);
  });
});

describe("relay: a host's reject", () => {
  it("closes the viewer with 4461 even for a long non-ASCII reason (cut to 123 bytes), and throws nothing", async () => {
    await using hub = await startTestHub();
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => void rejections.push(reason);
    process.on("unhandledRejection", onRejection);
    try {
      const host = await rawHost(hub.url);
      const viewer = await rawViewer(hub.url, host.sessionId);
      host.send({ t: "reject", viewer: viewer.id, reason: "é".repeat(200) });
      await viewer.message("reject");
      const closed = await viewer.waitClose();
      expect(closed.code).toBe(4461);
      expect(Buffer.byteLength(closed.reason)).toBeLessThanOrEqual(123);
      expect(closed.reason).toMatch(/^é+…$/);
      await roundTrip(host);
      expect(host.closed).toBeUndefined();
      expect(rejections.map(String), "unhandled rejections (each one ends a plain node process)").toEqual([]);
    } finally {
      process.off("unhandledRejection", onRejection);
    }
    await expectHubServing(hub.url);
  });
});

describe("relay: key confirmation before admission", () => {
  it("lets an unadmitted viewer forward one frame per hello (stamped with its id), no more, and still no output", async () => {
    await using hub = await startTestHub();
    const host = await rawHost(hub.url);
    const viewer = await rawViewer(hub.url, host.sessionId);
    viewer.send(encodeFrame(FrameType.input, 0, utf8("before any hello")));
    viewer.send({ t: "hello", mode: "pair", device: FAKE_KEY, ephemeral: FAKE_KEY, mac: FAKE_KEY });
    await host.waitFor(() => host.texts.some((m) => m?.t === "hello"), "the hello at the host");
    viewer.send(encodeFrame(FrameType.input, 777, utf8("confirm")));
    viewer.send(encodeFrame(FrameType.input, 0, utf8("second frame")));
    viewer.send(encodeFrame(FrameType.input, 0, utf8("third frame")));
    host.output(1, "secret output");
    await host.message("ack");
    await roundTrip(viewer);
    await roundTrip(host);
    expect(host.binaries.map((b) => Buffer.from(b))).toEqual([Buffer.from(encodeFrame(FrameType.input, viewer.id, utf8("confirm")))]);
    expect(errorsOf(viewer).map((e) => e.code)).toEqual(["forbidden", "forbidden", "forbidden"]);
    expect(viewer.binaries).toEqual([]);
    await expectHubServing(hub.url);
  });
});

describe("relay: per-connection limits", () => {
  it("closes a viewer with 4429 after more than 5 hello messages; the host hears only 5", async () => {
    await using hub = await startTestHub();
    const host = await rawHost(hub.url);
    const viewer = await rawViewer(hub.url, host.sessionId);
    for (let i = 0; i < 6; i++) viewer.send({ t: "hello", mode: i % 2 ? "resume" : "pair", device: FAKE_KEY, ephemeral: FAKE_KEY, mac: FAKE_KEY });
    expect((await viewer.waitClose()).code).toBe(4429);
    await roundTrip(host);
    expect(host.texts.filter((m) => m?.t === "hello")).toHaveLength(5);
    await expectHubServing(hub.url);
  });

  it("answers a second join with a protocol error and keeps the viewer where it was", async () => {
    await using hub = await startTestHub();
    const hostA = await rawHost(hub.url);
    const hostB = await rawHost(hub.url);
    const viewer = await admittedViewer(hub.url, hostA);
    viewer.send(joinMessage(hostB.sessionId));
    viewer.send(joinMessage(hostA.sessionId));
    await roundTrip(viewer);
    expect(errorsOf(viewer)).toEqual([
      { t: "error", code: "protocol_error", message: "already joined" },
      { t: "error", code: "protocol_error", message: "already joined" },
    ]);
    expect(viewer.texts.filter((m) => m?.t === "joined")).toHaveLength(1);
    viewer.send({ t: "sync", from: 0 });
    hostB.output(1, "from B");
    hostA.output(1, "from A");
    await viewer.waitFor(() => viewer.binaries.length === 1, "A's frame");
    await roundTrip(viewer);
    expect(viewer.binaries.map((b) => b.subarray(9).toString())).toEqual(["from A"]);
    await expectHubServing(hub.url);
  });

  it("closes a socket with 1002 after more than 20 bad messages, before or after joining", async () => {
    await using hub = await startTestHub();
    const host = await rawHost(hub.url);
    const joined = await rawViewer(hub.url, host.sessionId);
    const garbage = ["{", "null", JSON.stringify({ t: "nope" }), JSON.stringify({ t: "sync" }), JSON.stringify({ t: "sync", from: -1 }), JSON.stringify({ t: "ping", x: 1 })];
    for (let i = 0; i < 30; i++) joined.send(garbage[i % garbage.length]!);
    expect((await joined.waitClose()).code).toBe(1002);
    expect(errorsOf(joined).length).toBeGreaterThan(20);
    expect(errorsOf(joined).length).toBeLessThanOrEqual(21);
    const anonymous = await openRaw(hub.url);
    for (let i = 0; i < 30; i++) anonymous.send(new Uint8Array([i]));
    expect((await anonymous.waitClose()).code).toBe(1002);
    expect(errorsOf(anonymous).length).toBeLessThanOrEqual(21);
    await expectHubServing(hub.url);
  });
});
