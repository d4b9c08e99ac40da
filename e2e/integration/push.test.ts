// Web Push end to end against a real hub on port 0 and a fake push service on 127.0.0.1 (standing
// in for FCM / Mozilla / Apple): an approval waiting with no visible viewer sends one encrypted,
// VAPID-signed notification with no agent output; a visible viewer gets none; 410 drops the
// subscription; hostile subscriptions are refused with 400/404/409 JSON and change nothing.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HostSession } from "@porthole/cli";
import { formatPairingUrl, generateKeyPair, joinVerifier, parsePairingUrl, type ChatEvent } from "@porthole/protocol";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startFakePushService, type FakePushService } from "../fixtures/fakePushService.js";
import { connectViewer } from "../support/nodeViewer.js";
import { api, startTestHub, type TestHub } from "../support/testHub.js";

/** Agent output the hub must never pass on (it cannot read it, and must not try). */
const SECRET = "AGENT-OUTPUT-d41d8cd98f";

let hub: TestHub;
let push: FakePushService;
const dataDir = mkdtempSync(join(tmpdir(), "porthole-push-"));
const tokens: Record<string, string> = {};
const hosts: HostSession[] = [];

async function register(name: string): Promise<string> {
  const made = await api(hub.url, "POST", "/v1/auth/register", { email: `${name}@example.com`, password: `${name} has a long enough passphrase` }, "");
  expect(made.status).toBe(201);
  return made.json.accessToken as string;
}

/** Registers a session as `token`'s user and attaches a host to it (no agent: the test feeds chat events). */
async function startHostAs(token: string) {
  const hostKey = generateKeyPair();
  const created = await api(hub.url, "POST", "/v1/sessions", { name: "claude in ~/secret-project", command: "claude", cols: 80, rows: 24, joinVerifier: joinVerifier(hostKey.publicKey) }, token);
  expect(created.status).toBe(201);
  const sessionId: string = created.json.session.id;
  const host = new HostSession({ hubUrl: hub.url, sessionId, hostToken: created.json.hostToken, hostKey, cols: 80, rows: 24, openSocket: (u) => new WebSocket(u) as never, log: pino({ level: "silent" }), features: { chat: true, headless: false } });
  hosts.push(host);
  host.start();
  const link = parsePairingUrl(formatPairingUrl({ hubUrl: hub.url, sessionId, hostPublicKey: hostKey.publicKey, pairingSecret: host.pairingSecret! }));
  if (typeof link === "string") throw new Error(link);
  return { host, sessionId, link };
}

let n = 0;
const approval = (): ChatEvent => ({ type: "permission_request", n: ++n, at: Date.now(), id: `perm-${n}`, tool: "Bash", input: { command: `echo ${SECRET}` }, options: ["allow_once", "deny"], alwaysLabel: "" });
const turnEnd = (interrupted = false): ChatEvent => ({ type: "turn_end", n: ++n, at: Date.now(), interrupted });
const said = (): ChatEvent => ({ type: "assistant_message", n: ++n, at: Date.now(), text: `Here is the secret: ${SECRET}` });

/** Subscribes a fresh fake browser for `token`'s user. */
async function subscribe(token: string) {
  const browser = push.subscribe();
  const saved = await api(hub.url, "POST", "/v1/push/subscriptions", browser.json, token);
  expect(saved.status).toBe(201);
  return { ...browser, hubId: saved.json.subscription.id as string };
}

const pushesTo = (id: string) => push.received.filter((r) => r.subscription === id);
const quiet = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  push = await startFakePushService();
  hub = await startTestHub({
    auth: { dataDir, registration: "open", argon2: { memoryKiB: 19 * 1024, passes: 2, parallelism: 1 } },
    push: { allowLoopbackHttp: true, subject: "mailto:ops@example.com", maxSubscriptionsPerUser: 4 },
  });
  tokens.alice = await register("alice");
  tokens.bob = await register("bob");
});

afterAll(async () => {
  for (const host of hosts) host.close();
  await hub?.[Symbol.asyncDispose]();
  await push?.[Symbol.asyncDispose]();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("push notifications (fake push service)", () => {
  it("an approval waiting with no viewer: the fake push service gets one VAPID-signed, encrypted notification with no agent output", async () => {
    const phone = await subscribe(tokens.alice!);
    const bobsPhone = await subscribe(tokens.bob!);
    const { host, sessionId } = await startHostAs(tokens.alice!);
    host.chat(said());
    host.chat(approval());
    await push.waitFor(() => pushesTo(phone.id).length === 1, "alice's notification");
    const [received] = pushesTo(phone.id);
    expect(received!.status).toBe(201);
    expect(received!.refusal).toBeUndefined();
    const key = await api(hub.url, "GET", "/v1/push/key", undefined, "");
    expect(received!.vapid).toMatchObject({ aud: push.url, sub: "mailto:ops@example.com", publicKey: key.json.publicKey });
    expect(received!.headers["urgency"]).toBe("high");
    const message = JSON.parse(received!.text!);
    expect(message).toMatchObject({ v: 1, title: "claude in ~/secret-project", body: "A session needs you: approval waiting", session: sessionId, url: `/s/${sessionId}`, reason: "approval" });
    expect(received!.text).not.toContain(SECRET);
    expect(received!.text).not.toContain("Bash");
    // What crosses the push service is ciphertext: not even the session's name is readable.
    expect(received!.body.includes(Buffer.from("secret-project"))).toBe(false);
    expect(received!.body.includes(Buffer.from(sessionId))).toBe(false);

    // One per session per 30 s: a second approval right after is not pushed; bob's phone never is.
    host.chat(approval());
    host.chat(turnEnd());
    await quiet(500);
    expect(pushesTo(phone.id)).toHaveLength(1);
    expect(pushesTo(bobsPhone.id)).toHaveLength(0);

    // Account -> Notifications -> Send a test reaches every device of the user, and only theirs.
    const tested = await api(hub.url, "POST", "/v1/push/test", {}, tokens.alice!);
    expect(tested.json).toEqual({ sent: 1, delivered: 1 });
    expect(JSON.parse(pushesTo(phone.id)[1]!.text!)).toMatchObject({ body: "Notifications work on this device", reason: "test", url: "/account" });
    expect(pushesTo(bobsPhone.id)).toHaveLength(0);
  });

  it("a visible viewer: nothing is pushed; hidden or gone: the next one is", async () => {
    const phone = await subscribe(tokens.alice!);
    const { host, sessionId, link } = await startHostAs(tokens.alice!);
    const viewer = connectViewer(link);
    try {
      await viewer.waitForStatus("live");
      viewer.client.setVisible(true);
      await quiet(300);
      host.chat(approval());
      host.chat(turnEnd());
      await quiet(800);
      expect(push.received.filter((r) => r.text?.includes(sessionId))).toHaveLength(0);

      viewer.client.setVisible(false);
      await quiet(300);
      host.chat(turnEnd(true)); // interrupted by the person: asks for nothing
      host.chat(turnEnd());
      await push.waitFor(() => pushesTo(phone.id).some((r) => r.text?.includes(sessionId)), "a notification once hidden");
      const message = JSON.parse(pushesTo(phone.id).find((r) => r.text?.includes(sessionId))!.text!);
      expect(message).toMatchObject({ reason: "turn_ended", body: "A session needs you: the agent finished its turn" });
      expect(pushesTo(phone.id).filter((r) => r.text?.includes(sessionId))).toHaveLength(1);
    } finally {
      viewer.close();
    }

    // A visible viewer that leaves no longer counts.
    const second = await startHostAs(tokens.alice!);
    const leaving = connectViewer(second.link);
    await leaving.waitForStatus("live");
    leaving.client.setVisible(true);
    await quiet(300);
    leaving.close();
    await quiet(300);
    second.host.chat(approval());
    await push.waitFor(() => pushesTo(phone.id).some((r) => r.text?.includes(second.sessionId)), "a notification after the viewer left");
  });

  it("drops a subscription the push service answers 410 (or 404) for", async () => {
    const gone = await subscribe(tokens.bob!);
    push.answer(gone.id, 410);
    const { host } = await startHostAs(tokens.bob!);
    host.chat(approval());
    await push.waitFor(() => pushesTo(gone.id).some((r) => r.status === 410), "the 410");
    let listed: { status: number; json: any } = { status: 0, json: undefined };
    for (let i = 0; i < 50; i++) {
      listed = await api(hub.url, "GET", "/v1/push/subscriptions", undefined, tokens.bob!);
      if (!listed.json.subscriptions.some((s: { id: string }) => s.id === gone.hubId)) break;
      await quiet(20);
    }
    expect(listed.json.subscriptions.map((s: { id: string }) => s.id)).not.toContain(gone.hubId);
  });

  it("refuses hostile subscriptions with clear JSON errors and changes nothing", async () => {
    const carol = await register("carol");
    const good = push.subscribe().json;
    const cases: Array<[unknown, RegExp]> = [
      [{ ...good, endpoint: "not a url" }, /endpoint: not a URL/],
      [{ ...good, endpoint: "http://push.services.mozilla.com/wpush/v2/x" }, /must be https/],
      [{ ...good, endpoint: "http://localhost:9/push/x" }, /must be https/],
      [{ ...good, endpoint: "ftp://127.0.0.1/x" }, /must be https/],
      [{ ...good, endpoint: "https://127.0.0.1/x" }, /not an IP address/],
      [{ ...good, endpoint: "https://internal.example.com/admin" }, /not a push service/],
      [{ ...good, endpoint: "https://user:pw@fcm.googleapis.com/fcm/send/x" }, /user name or password/],
      [{ ...good, endpoint: `https://fcm.googleapis.com/${"a".repeat(2100)}` }, /at most 2048/],
      [{ ...good, keys: { ...good.keys, p256dh: "A".repeat(5000) } }, /keys.p256dh/],
      [{ ...good, keys: { ...good.keys, p256dh: good.keys.p256dh.slice(0, 40) } }, /keys.p256dh: must be an uncompressed P-256/],
      [{ ...good, keys: { ...good.keys, p256dh: Buffer.concat([Buffer.of(4), Buffer.alloc(64, 7)]).toString("base64url") } }, /not a point on P-256/],
      [{ ...good, keys: { ...good.keys, auth: Buffer.alloc(32).toString("base64url") } }, /keys.auth: must be 16 bytes/],
      [{ ...good, keys: { p256dh: good.keys.p256dh } }, /keys.auth/],
      [{ ...good, extra: 1 }, /body|extra/],
      [[], /body/],
    ];
    for (const [body, message] of cases) {
      const refused = await api(hub.url, "POST", "/v1/push/subscriptions", body, carol);
      expect(refused.status, JSON.stringify(body).slice(0, 120)).toBe(400);
      expect(refused.json.error.code).toBe("bad_request");
      expect(refused.json.error.message).toMatch(message);
    }
    const notJson = await fetch(`${hub.url}/v1/push/subscriptions`, { method: "POST", headers: { authorization: `Bearer ${carol}`, "content-type": "application/json" }, body: "{nope" });
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error.code).toBe("bad_request");
    expect((await api(hub.url, "GET", "/v1/push/subscriptions", undefined, carol)).json.subscriptions).toEqual([]);

    // No credentials: 401; another user's subscription: the same 404 as a missing one, and it stays.
    expect((await api(hub.url, "POST", "/v1/push/subscriptions", good, "")).status).toBe(401);
    const mine = await api(hub.url, "POST", "/v1/push/subscriptions", good, carol);
    expect(mine.status).toBe(201);
    expect((await api(hub.url, "POST", "/v1/push/subscriptions", good, carol)).status).toBe(200);
    const stolen = await api(hub.url, "DELETE", `/v1/push/subscriptions/${mine.json.subscription.id}`, undefined, tokens.bob!);
    expect(stolen.status).toBe(404);
    expect(stolen.json.error.code).toBe("not_found");
    expect((await api(hub.url, "DELETE", "/v1/push/subscriptions/..%2f..%2fetc", undefined, carol)).status).toBe(404);
    expect((await api(hub.url, "GET", "/v1/push/subscriptions", undefined, carol)).json.subscriptions).toEqual([
      { id: mine.json.subscription.id, service: new URL(push.url).host, createdAt: expect.any(String) },
    ]);

    // At most maxSubscriptionsPerUser (4 here): the fifth is a 409.
    for (let i = 0; i < 3; i++) expect((await api(hub.url, "POST", "/v1/push/subscriptions", push.subscribe().json, carol)).status).toBe(201);
    const over = await api(hub.url, "POST", "/v1/push/subscriptions", push.subscribe().json, carol);
    expect(over.status).toBe(409);
    expect(over.json.error.message).toMatch(/at most 4 devices/);
    expect((await api(hub.url, "DELETE", `/v1/push/subscriptions/${mine.json.subscription.id}`, undefined, carol)).status).toBe(204);
    expect((await api(hub.url, "GET", "/v1/push/subscriptions", undefined, carol)).json.subscriptions).toHaveLength(3);
  });

  it("is off (404 JSON) on a hub with no key source, such as the embedded hub without accounts", async () => {
    await using bare = await startTestHub();
    const key = await api(bare.url, "GET", "/v1/push/key");
    expect(key.status).toBe(404);
    expect(key.json.error).toEqual({ code: "not_found", message: "notifications are not enabled on this hub" });
    expect((await api(bare.url, "POST", "/v1/push/subscriptions", push.subscribe().json)).status).toBe(404);
  });
});
