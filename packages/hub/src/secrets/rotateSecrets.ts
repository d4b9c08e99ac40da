// Re-encrypts every user's secret under a new master key in one transaction (`porthole secrets
// rotate`): all or nothing, and safe to run again after a crash (rows already under the new key reopen).
import type { Store } from "../store/index.js";
import type { MasterKey } from "./masterKey.js";
import { openSecret, sealSecret } from "./secretBox.js";

export interface RotationPlan {
  /** Secrets per master key id, before rotating. */
  byKey: Record<string, number>;
  /** Secrets under keys that are neither the current nor the new one: rotation would fail on them. */
  unknown: number;
  total: number;
}

/** Counts what a rotation from `current` to `next` would touch. */
export async function planRotation(store: Store, current: MasterKey, next: MasterKey): Promise<RotationPlan> {
  const byKey = await store.secrets.countSecretsByKey();
  const total = Object.values(byKey).reduce((a, b) => a + b, 0);
  const unknown = Object.entries(byKey).filter(([id]) => id !== current.id && id !== next.id).reduce((a, [, n]) => a + n, 0);
  return { byKey, unknown, total };
}

/**
 * Opens each secret with the current (or, after an interrupted run, the new) key and seals it under
 * `next`, in one transaction; any secret that fails to open aborts the whole pass and changes nothing.
 * Returns how many secrets were resealed.
 */
export function rotateSecrets(store: Store, current: MasterKey, next: MasterKey, progress?: (done: number, total: number) => void): Promise<number> {
  return store.secrets.resealAll((row) => {
    const binding = { userId: row.userId, kind: row.kind };
    return sealSecret(next, openSecret([current, next], row, binding), binding);
  }, progress);
}
