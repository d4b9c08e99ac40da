// The hub serving HTTPS and WSS itself (`porthole serve --tls-cert --tls-key`), with HSTS, and a
// host and viewer pairing over it.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HostSession } from "@porthole/cli";
import { ViewerClient, formatPairingUrl, generateKeyPair, joinVerifier, memoryDeviceStore, parsePairingUrl, type PairingLink, type SocketLike } from "@porthole/protocol";
import { pino } from "pino";
import WebSocket from "ws";
import { startTestHub, OWNER_TOKEN } from "../support/testHub.js";

function selfSigned(dir: string): { cert: string; key: string } {
  execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")], { stdio: "ignore" });
  return { cert: readFileSync(join(dir, "cert.pem"), "utf8"), key: readFileSync(join(dir, "key.pem"), "utf8") };
}

function get(url: string, ca: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, method: body ? "POST" : "GET", headers }, (res) => {
      let text = "";
      res.on("data", (d: Buffer) => (text += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("TLS", () => {
  it("serves HTTPS with HSTS and carries a paired session over WSS", async () => {
    const dir = mkdtempSync(join(tmpdir(), "porthole-tls-"));
    const tls = selfSigned(dir);
    await using hub = await startTestHub({ tls });
    expect(hub.url).toMatch(/^https:/);
    const health = await get(`${hub.url}/health`, tls.cert);
    expect(health.status).toBe(200);
    expect(health.headers["strict-transport-security"]).toMatch(/max-age=\d+/);

    const hostKey = generateKeyPair();
    const created = await get(`${hub.url}/v1/sessions`, tls.cert, { authorization: `Bearer ${OWNER_TOKEN}`, "content-type": "application/json" }, JSON.stringify({ command: "tls", cols: 80, rows: 24, joinVerifier: joinVerifier(hostKey.publicKey) }));
    expect(created.status).toBe(201);
    const { session, hostToken } = JSON.parse(created.text) as { session: { id: string }; hostToken: string };
    const openSocket = (url: string) => new WebSocket(url, { ca: tls.cert }) as unknown as SocketLike;
    const host = new HostSession({ hubUrl: hub.url, sessionId: session.id, hostToken, hostKey, cols: 80, rows: 24, openSocket, log: pino({ level: "silent" }) });
    host.start();
    const link = parsePairingUrl(formatPairingUrl({ hubUrl: hub.url, sessionId: session.id, hostPublicKey: hostKey.publicKey, pairingSecret: host.pairingSecret! })) as PairingLink;
    let shown = "";
    const viewer = new ViewerClient({ link, devices: memoryDeviceStore(), openSocket, onData: (d) => (shown += Buffer.from(d).toString()) });
    viewer.start();
    host.output(new TextEncoder().encode("over tls\r\n"));
    const start = Date.now();
    while (!shown.includes("over tls")) {
      if (Date.now() - start > 10_000) throw new Error(`no output over WSS; viewer status ${viewer.status}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    viewer.close();
    host.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
