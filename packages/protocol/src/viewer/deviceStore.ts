// Where a viewer keeps its device key and the sessions it has paired with. The web app stores
// this in localStorage; tests keep it in memory.
import type { KeyPair } from "../crypto/handshake.js";

export interface DeviceStore {
  /** This device's long-lived X25519 key pair, if one was made. */
  loadDevice(): KeyPair | undefined;
  saveDevice(device: KeyPair): void;
  /** Whether this device paired with the session whose host key is `hostKey` (base64url). */
  isPaired(sessionId: string, hostKey: string): boolean;
  markPaired(sessionId: string, hostKey: string): void;
  forget(sessionId: string): void;
}

export function memoryDeviceStore(): DeviceStore {
  let device: KeyPair | undefined;
  const paired = new Map<string, string>();
  return {
    loadDevice: () => device,
    saveDevice: (d) => {
      device = d;
    },
    isPaired: (sessionId, hostKey) => paired.get(sessionId) === hostKey,
    markPaired: (sessionId, hostKey) => void paired.set(sessionId, hostKey),
    forget: (sessionId) => void paired.delete(sessionId),
  };
}
