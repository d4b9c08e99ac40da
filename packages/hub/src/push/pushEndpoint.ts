// Which push endpoints the hub will call: the hub POSTs to a URL a user gave it, so the URL must be
// https on a known push service (or a configured host), never a redirect; http only to 127.0.0.1
// when allowLoopbackHttp is set (tests). Keys must have the sizes RFC 8291 gives them.
import { createPublicKey } from "node:crypto";
import { fromBase64Url } from "@porthole/protocol";
import type { PushConfig } from "./pushConfig.js";

/** Longest endpoint URL accepted, in characters (real ones are under 600). */
export const MAX_ENDPOINT_CHARS = 2048;

/** Why the endpoint is refused, or undefined when the hub may call it. */
export function endpointProblem(endpoint: string, config: Pick<PushConfig, "serviceHosts" | "allowLoopbackHttp">): string | undefined {
  if (endpoint.length > MAX_ENDPOINT_CHARS) return `endpoint: at most ${MAX_ENDPOINT_CHARS} characters`;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return "endpoint: not a URL";
  }
  if (url.username !== "" || url.password !== "") return "endpoint: must not carry a user name or password";
  if (url.protocol === "http:") {
    return config.allowLoopbackHttp && url.hostname === "127.0.0.1" ? undefined : "endpoint: must be https";
  }
  if (url.protocol !== "https:") return "endpoint: must be https";
  const host = url.hostname.toLowerCase();
  if (/^[0-9.]+$/.test(host) || host.startsWith("[")) return "endpoint: must name a push service, not an IP address";
  const allowed = config.serviceHosts.some((h) => h === "*" || host === h.toLowerCase() || host.endsWith(`.${h.toLowerCase()}`));
  return allowed ? undefined : `endpoint: ${host} is not a push service this hub sends to`;
}

/** Why the subscription's keys are refused, or undefined: p256dh a P-256 point (65 bytes), auth 16 bytes. */
export function keysProblem(keys: { p256dh: string; auth: string }): string | undefined {
  const point = fromBase64Url(keys.p256dh);
  if (!point || point.length !== 65 || point[0] !== 4) return "keys.p256dh: must be an uncompressed P-256 public key (65 bytes, base64url)";
  try {
    const x = Buffer.from(point.subarray(1, 33)).toString("base64url");
    const y = Buffer.from(point.subarray(33)).toString("base64url");
    createPublicKey({ key: { kty: "EC", crv: "P-256", x, y }, format: "jwk" });
  } catch {
    return "keys.p256dh: not a point on P-256";
  }
  const auth = fromBase64Url(keys.auth);
  if (!auth || auth.length !== 16) return "keys.auth: must be 16 bytes, base64url";
  return undefined;
}
