// The pairing link: https://HUB/s/SESSION#k=HOST_PUBLIC_KEY&p=PAIRING_SECRET. Everything secret is
// in the fragment, which browsers never send to the server.
import { fromBase64Url, toBase64Url } from "./bytes.js";

export interface PairingLink {
  /** The hub's base URL, e.g. "http://192.168.1.20:8420". */
  hubUrl: string;
  sessionId: string;
  hostPublicKey: Uint8Array;
  /** Absent when the link only reopens a session this device already paired with. */
  pairingSecret?: Uint8Array;
}

export function formatPairingUrl(link: PairingLink): string {
  const base = link.hubUrl.replace(/\/+$/, "");
  const fragment = [`k=${toBase64Url(link.hostPublicKey)}`];
  if (link.pairingSecret) fragment.push(`p=${toBase64Url(link.pairingSecret)}`);
  return `${base}/s/${encodeURIComponent(link.sessionId)}#${fragment.join("&")}`;
}

/** Parses a pairing URL; returns an error string for anything malformed. */
export function parsePairingUrl(url: string): PairingLink | string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "not a URL";
  }
  const match = /^(.*)\/s\/([A-Za-z0-9_-]{16,64})\/?$/.exec(parsed.pathname);
  if (!match) return "not a session link";
  const params = new URLSearchParams(parsed.hash.replace(/^#/, ""));
  const hostPublicKey = fromBase64Url(params.get("k") ?? "");
  if (!hostPublicKey || hostPublicKey.length !== 32) return "the link has no valid host key";
  const secretText = params.get("p");
  const pairingSecret = secretText === null ? undefined : fromBase64Url(secretText);
  if (secretText !== null && (!pairingSecret || pairingSecret.length < 16)) return "the link's pairing secret is malformed";
  const link: PairingLink = { hubUrl: `${parsed.origin}${match[1] ?? ""}`, sessionId: match[2]!, hostPublicKey };
  if (pairingSecret) link.pairingSecret = pairingSecret;
  return link;
}

/** The relay's WebSocket URL for a hub base URL. */
export function relayUrl(hubUrl: string): string {
  return `${hubUrl.replace(/^http/, "ws").replace(/\/+$/, "")}/v1/relay`;
}
