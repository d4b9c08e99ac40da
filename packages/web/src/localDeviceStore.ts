// The viewer's DeviceStore (see @porthole/protocol) on the browser's localStorage: this device's
// X25519 key pair and the sessions it paired with (kept in pairedSessions for the home page).
import { fromBase64Url, toBase64Url, type DeviceStore, type KeyPair } from "@porthole/protocol";
import { forgetSession, listPairedSessions, rememberSession, type StorageLike } from "./pairedSessions.js";

export const DEVICE_KEY = "porthole.device.v1";

export interface LocalDeviceStoreOptions {
  storage: StorageLike;
  /** The hub of the link being opened; recorded with each paired session. */
  hubUrl: string;
  /** Clock, in ms since the epoch. */
  now?: () => number;
  /** Called after a pairing (or resume) succeeded and was recorded. */
  onPaired?: () => void;
}

function loadDevice(storage: StorageLike): KeyPair | undefined {
  try {
    const raw = JSON.parse(storage.getItem(DEVICE_KEY) ?? "null") as { secretKey?: unknown; publicKey?: unknown } | null;
    if (typeof raw?.secretKey !== "string" || typeof raw.publicKey !== "string") return undefined;
    const secretKey = fromBase64Url(raw.secretKey);
    const publicKey = fromBase64Url(raw.publicKey);
    if (secretKey?.length !== 32 || publicKey?.length !== 32) return undefined;
    return { secretKey, publicKey };
  } catch {
    return undefined;
  }
}

export function localDeviceStore(options: LocalDeviceStoreOptions): DeviceStore {
  const { storage, hubUrl } = options;
  const now = options.now ?? Date.now;
  return {
    loadDevice: () => loadDevice(storage),
    saveDevice(device) {
      const record = { secretKey: toBase64Url(device.secretKey), publicKey: toBase64Url(device.publicKey) };
      storage.setItem(DEVICE_KEY, JSON.stringify(record));
    },
    isPaired: (sessionId, hostKey) =>
      listPairedSessions(storage).some((s) => s.sessionId === sessionId && s.hostKey === hostKey),
    markPaired(sessionId, hostKey) {
      rememberSession(storage, { sessionId, hubUrl, hostKey }, now());
      options.onPaired?.();
    },
    forget: (sessionId) => forgetSession(storage, sessionId),
  };
}
