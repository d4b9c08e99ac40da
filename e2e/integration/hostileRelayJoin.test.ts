// Who may join a session's relay, and how many at once. A join must carry the session's join token
// (derived from the host key in the link; the hub stores only its SHA-256): a wrong token closes
// with 4404 exactly like an unknown session, so a session id alone reveals and opens nothing. At
// most 8 viewers per session may wait for the host's admission (more close with 4429); admitted
// viewers have their own cap (maxViewersPerSession); a socket that leaves, even mid-handshake,
// gives its place back. (The 30 s admission timeout, 4403, is not waited for here.)
// Keep in step with packages/hub/src/relay/{relayServer,viewerConnection}.ts and protocol/messages.ts.
import { createHash, randomBytes } from "node:crypto";
import { generateKeyPair, joinToken, toBase64Url } from "@porthole/protocol";
import { describe, expect, it } from "vitest";
import { connectViewer } from "../support/nodeViewer.js";
import { admittedViewer, expectHubServing, openRaw, rawHost, rawViewer, startPostgresHub, waitUntil, type RawSocket } from "../support/hostileSockets.js";
import { api, createSession, joinMessage, startTestHost, startTestHub } from "../support/testHub.js";

const UNKNOWN_SESSION = "NoSuchSession0123456789";
const WAITING_CAP = 8;
const NOT_FOUND = { code: 4404, reason: "no such session" };
const TOO_MANY_WAITING = { code: 4429, reason: "too many viewers are waiting to pair with this session" };
const utf8 = (s: string) => new TextEncoder().encode(s);

/** Opens a socket, sends this first message and returns the close, asserting it never joined. */
async function refusedJoin(hubUrl: string, first: object | string): Promise<{ code: number; reason: string }> {
  const socket = await openRaw(hubUrl);
  socket.send(first);
  const closed = await socket.waitClose();
  expect(socket.texts.filter((m) => m?.t === "joined"), JSON.stringify(first).slice(0, 120)).toEqual([]);
  return closed;
}

/** Joins with the session's token; resolves once the hub answered "joined" or closed the socket. */
async function tryJoin(hubUrl: string, sessionId: string): Promise<RawSocket> {
  const socket = await openRaw(hubUrl);
  socket.send(joinMessage(sessionId));
  await socket.waitFor(() => socket.closed !== undefined || socket.texts.some((m) => m?.t === "joined"), "joined or closed");
  return socket;
}

describe("relay join: the join token", () => {
  it("closes a join with a wrong token, another session's token or for a gone session with 4404, exactly like an unknown session", async () => {
    await using hub = await startTestHub();
    const host = await rawHost(hub.url);
    const other = await rawHost(hub.url);
    const unknown = await refusedJoin(hub.url, joinMessage(UNKNOWN_SESSION));
    expect(unknown).toEqual(NOT_FOUND);
    for (const session of ["A".repeat(64), "-".repeat(16)]) expect(await refusedJoin(hub.url, joinMessage(session)), session).toEqual(NOT_FOUND);
    const right = joinMessage(host.sessionId).token;
    const flipped = right.slice(0, 10) + (right[10] === "A" ? "B" : "A") + right.slice(11);
    const tokens: [string, string][] = [
      ["a random token", toBase64Url(randomBytes(32))],
      ["all zeros", "A".repeat(43)],
      ["the right token with one character changed", flipped],
      ["another session's token", joinMessage(other.sessionId).token],
      ["the host public key itself (it is in the link)", toBase64Url(host.hostPublicKey)],
      ["the stored verifier's bytes", toBase64Url(createHash("sha256").update(joinToken(host.hostPublicKey)).digest())],
      ["the token of another host key", toBase64Url(joinToken(generateKeyPair().publicKey))],
    ];
    for (const [what, token] of tokens) {
      expect(await refusedJoin(hub.url, { t: "join", session: host.sessionId, token }), what).toEqual(unknown);
    }
    // This session's token does not open the other one either.
    expect(await refusedJoin(hub.url, { t: "join", session: other.sessionId, token: right })).toEqual(unknown);
    // A deleted session refuses even its own token.
    const gone = await createSession(hub.url, generateKeyPair().publicKey);
    expect((await api(hub.url, "DELETE", `/v1/sessions/${gone.json.session.id}`)).status).toBe(204);
    expect(await refusedJoin(hub.url, joinMessage(gone.json.session.id))).toEqual(unknown);
    // The host heard of none of them, and the right token still joins.
    expect(host.texts.filter((m) => m?.t !== "attached")).toEqual([]);
    const viewer = await rawViewer(hub.url, host.sessionId);
    expect(viewer.id).toBeGreaterThan(0);
    await expectHubServing(hub.url);
  });

  it("closes a join with a missing or malformed token with 1002, the same whether or not the session exists", async () => {
    await using hub = await startTestHub();
    const host = await rawHost(hub.url);
    const right = joinMessage(host.sessionId).token;
    const tokens: [string, unknown][] = [
      ["missing", undefined], ["empty", ""], ["42 characters", right.slice(0, 42)], ["44 characters", `${right}A`], ["padded", `${right}=`],
      ["standard base64", Buffer.from(right, "base64url").toString("base64")], ["hex", Buffer.from(right, "base64url").toString("hex")],
      ["with a space", ` ${right.slice(1)}`], ["null", null], ["a number", 42], ["an array", [right]], ["an object", { token: right }],
    ];
    for (const [what, token] of tokens) {
      const known = await refusedJoin(hub.url, { t: "join", session: host.sessionId, token });
      const unknown = await refusedJoin(hub.url, { t: "join", session: UNKNOWN_SESSION, token });
      expect(known, what).toEqual({ code: 1002, reason: expect.any(String) });
      expect(unknown, `${what}: an unknown session gets the same close`).toEqual(known);
    }
    expect(host.texts.filter((m) => m?.t !== "attached")).toEqual([]);
    await expectHubServing(hub.url);
  });
});

describe("relay join: viewers waiting for admission", () => {
  it("lets 8 viewers wait per session and closes the next with 4429; admitted viewers have their own cap", async () => {
    await using hub = await startTestHub({ maxViewersPerSession: 2 });
    const host = await rawHost(hub.url);
    const waiting = [];
    for (let i = 0; i < WAITING_CAP; i++) waiting.push(await rawViewer(hub.url, host.sessionId));
    expect((await tryJoin(hub.url, host.sessionId)).closed).toEqual(TOO_MANY_WAITING);
    // A place comes back as soon as a waiting viewer leaves; admitted viewers no longer wait.
    waiting.pop()!.close();
    const first = await admittedViewer(hub.url, host);
    const second = await admittedViewer(hub.url, host);
    expect((await tryJoin(hub.url, host.sessionId)).closed).toEqual({ code: 4429, reason: "too many viewers on this session" });
    for (const viewer of [first, second, ...waiting]) expect(viewer.closed).toBeUndefined();
    // Another session's places are its own.
    const other = await rawHost(hub.url);
    expect((await tryJoin(hub.url, other.sessionId)).closed).toBeUndefined();
  });

  it("gives back the places of joins dropped mid-handshake: 8 still wait and a paired viewer goes live (PostgreSQL)", async () => {
    await using pg = await startPostgresHub();
    using host = await startTestHost(pg.url);
    for (let i = 0; i < 400; i++) {
      const socket = await openRaw(pg.url);
      socket.send(joinMessage(host.sessionId));
      await new Promise((r) => setTimeout(r, i % 3));
      socket.close();
    }
    await waitUntil(() => pg.hub.connections === 1, "the hub to drop the 400 sockets");
    await new Promise((r) => setTimeout(r, 300)); // joins still reading the store finish and let go
    const waiting = [];
    for (let i = 0; i < WAITING_CAP; i++) {
      const viewer = await tryJoin(pg.url, host.sessionId);
      expect(viewer.closed, `waiting viewer ${i + 1} of ${WAITING_CAP}`).toBeUndefined();
      waiting.push(viewer);
    }
    expect((await tryJoin(pg.url, host.sessionId)).closed).toEqual(TOO_MANY_WAITING);
    waiting.pop()!.close();
    const phone = connectViewer(host.link);
    try {
      await phone.waitForStatus("live");
      host.host.output(utf8("after 400 dropped joins\r\n"));
      await phone.waitForText("after 400 dropped joins");
    } finally {
      phone.close();
      for (const viewer of waiting) viewer.close();
    }
  });

  it("strangers with only the session id are refused; 8 squatters with the link lock out neither the paired phone nor a remembered tablet", async () => {
    await using hub = await startTestHub();
    using host = await startTestHost(hub.url);
    const phone = connectViewer(host.link);
    const squatters: RawSocket[] = [];
    try {
      await phone.waitForStatus("live");
      // The tablet pairs too, then goes away; it keeps its device key.
      const tablet = connectViewer(host.currentLink());
      await tablet.waitForStatus("live");
      tablet.close();
      await waitUntil(() => hub.hub.connections === 2, "the tablet's socket to close");
      const phoneStatuses = phone.statuses.length;
      // Someone who has seen the id (it is in /s/ID) but not the link cannot even wait.
      for (let i = 0; i < 2 * WAITING_CAP; i++) expect(await refusedJoin(hub.url, { t: "join", session: host.sessionId, token: toBase64Url(randomBytes(32)) })).toEqual(NOT_FOUND);
      // Someone with the link fills the waiting places, and no more.
      for (let i = 0; i < WAITING_CAP; i++) squatters.push(await rawViewer(hub.url, host.sessionId));
      expect((await tryJoin(hub.url, host.sessionId)).closed).toEqual(TOO_MANY_WAITING);
      host.host.output(utf8("phone still live\r\n"));
      await phone.waitForText("phone still live");
      expect(phone.statuses.slice(phoneStatuses)).toEqual([]);
      // The tablet is turned away while every place is taken, and gets in once a squatter leaves.
      const back = connectViewer(host.currentLink(), { devices: tablet.devices });
      try {
        await back.waitUntil(() => back.statuses.some((s) => s.status === "reconnecting" && /waiting to pair/.test(s.detail)), "a 4429 for the tablet");
        expect(back.client.status).not.toBe("live");
        squatters.shift()!.close();
        await back.waitForStatus("live");
        expect(back.statuses.find((s) => s.status === "connecting")?.detail).toBe("resuming");
        host.host.output(utf8("tablet back\r\n"));
        await back.waitForText("tablet back");
        await phone.waitForText("tablet back");
      } finally {
        back.close();
      }
    } finally {
      phone.close();
      for (const squatter of squatters) squatter.close();
    }
  });
});
