// Caps on the relay: connections per client address, per signed-in user, and messages per
// second per connection. Each refusal is a clear 429 or an error message, and the hub stays up.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { initAdmin } from "@porthole/hub";
import WebSocket from "ws";
import { connectViewer } from "../support/nodeViewer.js";
import { joinMessage, startTestHost, startTestHub } from "../support/testHub.js";

/** Opens a relay socket; resolves "open", or the HTTP status of a refused upgrade. */
function open(url: string, headers: Record<string, string> = {}): Promise<{ ws: WebSocket; result: "open" | number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${url.replace(/^http/, "ws")}/v1/relay`, { headers });
    ws.once("open", () => resolve({ ws, result: "open" }));
    ws.once("unexpected-response", (_req, res) => resolve({ ws, result: res.statusCode ?? 0 }));
    ws.once("error", () => undefined);
  });
}

describe("relay limits", () => {
  it("caps connections per client address with a 429, and frees the place when one closes", async () => {
    await using hub = await startTestHub({ maxConnectionsPerIp: 3 });
    const sockets = await Promise.all([1, 2, 3].map(() => open(hub.url)));
    expect(sockets.map((s) => s.result)).toEqual(["open", "open", "open"]);
    expect((await open(hub.url)).result).toBe(429);
    sockets[0]!.ws.close();
    await new Promise((r) => setTimeout(r, 100));
    const again = await open(hub.url);
    expect(again.result).toBe("open");
    for (const s of [...sockets, again]) s.ws.terminate();
  });

  it("caps connections per signed-in user; anonymous link holders are counted per address only", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "porthole-limits-"));
    await using hub = await startTestHub({ maxConnectionsPerUser: 2, auth: { dataDir } });
    const made = await initAdmin(hub.hub.store, { email: "limits@example.com", password: "a long enough passphrase" });
    expect(made.ok).toBe(true);
    const login = await fetch(`${hub.url}/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "limits@example.com", password: "a long enough passphrase" }) });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const auth = { authorization: `Bearer ${accessToken}` };
    const mine = [await open(hub.url, auth), await open(hub.url, auth)];
    expect(mine.map((s) => s.result)).toEqual(["open", "open"]);
    expect((await open(hub.url, auth)).result).toBe(429);
    const anonymous = await open(hub.url);
    expect(anonymous.result).toBe("open");
    for (const s of [...mine, anonymous]) s.ws.terminate();
  });

  it("drops messages over the per-connection rate with an error, then cuts off a client that keeps on", async () => {
    await using hub = await startTestHub({ relayMessagesPerSecond: 5 });
    using host = await startTestHost(hub.url);
    const { ws } = await open(hub.url);
    const errors: string[] = [];
    let joined = false;
    ws.on("message", (data) => {
      const message = JSON.parse(String(data)) as { t: string; code?: string };
      if (message.t === "joined") joined = true;
      if (message.t === "error" && message.code) errors.push(message.code);
    });
    ws.send(JSON.stringify(joinMessage(host.sessionId)));
    while (!joined) await new Promise((r) => setTimeout(r, 5));
    const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
    for (let i = 0; i < 200; i++) ws.send(JSON.stringify({ t: "ping" }));
    expect(await closed).toBe(4429);
    expect(errors).toContain("rate_limited");
    // Everyone else is unaffected.
    const viewer = connectViewer(host.link);
    await viewer.waitForStatus("live");
    viewer.close();
  });
});
