// Which endpoints and keys the hub accepts: known push services over https; loopback http only in
// tests; no IP addresses, credentials or other hosts; keys of RFC 8291's sizes on P-256.
import { createECDH, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { knownPushServices } from "./pushConfig.js";
import { endpointProblem, keysProblem } from "./pushEndpoint.js";

const production = { serviceHosts: [...knownPushServices], allowLoopbackHttp: false };

describe("push endpoints", () => {
  it("accepts the major browsers' push services", () => {
    for (const url of [
      "https://fcm.googleapis.com/fcm/send/abc:def",
      "https://updates.push.services.mozilla.com/wpush/v2/gAAAA",
      "https://wns2-par02p.notify.windows.com/w/?token=BQYAAA",
      "https://web.push.apple.com/QGuQyavXutnMH",
    ]) expect(endpointProblem(url, production), url).toBeUndefined();
  });

  it("refuses everything else, and loopback http unless tests allow it", () => {
    expect(endpointProblem("https://fcm.googleapis.com.evil.example/x", production)).toMatch(/not a push service/);
    expect(endpointProblem("https://evilfcm.googleapis.com.example/x", production)).toMatch(/not a push service/);
    expect(endpointProblem("https://[::1]/x", production)).toMatch(/IP address/);
    expect(endpointProblem("https://10.0.0.1/x", production)).toMatch(/IP address/);
    expect(endpointProblem("http://127.0.0.1:9/x", production)).toMatch(/https/);
    expect(endpointProblem("http://127.0.0.1:9/x", { ...production, allowLoopbackHttp: true })).toBeUndefined();
    expect(endpointProblem("http://127.0.0.2:9/x", { ...production, allowLoopbackHttp: true })).toMatch(/https/);
    expect(endpointProblem("javascript:alert(1)", production)).toMatch(/https/);
    expect(endpointProblem("https://internal.example.com/x", { ...production, serviceHosts: ["*"] })).toBeUndefined();
    expect(endpointProblem("https://127.0.0.1/x", { ...production, serviceHosts: ["*"] })).toMatch(/IP address/);
  });

  it("checks keys: a P-256 point of 65 bytes and a 16-byte auth secret", () => {
    const ecdh = createECDH("prime256v1");
    ecdh.generateKeys();
    const p256dh = ecdh.getPublicKey().toString("base64url");
    const auth = randomBytes(16).toString("base64url");
    expect(keysProblem({ p256dh, auth })).toBeUndefined();
    expect(keysProblem({ p256dh: ecdh.getPublicKey("base64url", "compressed"), auth })).toMatch(/uncompressed/);
    expect(keysProblem({ p256dh: Buffer.concat([Buffer.of(4), Buffer.alloc(64, 1)]).toString("base64url"), auth })).toMatch(/not a point/);
    expect(keysProblem({ p256dh, auth: randomBytes(15).toString("base64url") })).toMatch(/16 bytes/);
    expect(keysProblem({ p256dh: "!!!", auth })).toMatch(/p256dh/);
  });
});
