// Users' Anthropic API keys: checked with Anthropic, sealed under the master key, stored as ciphertext
// only. decryptUserApiKey is the one way back to plaintext, for starting a hosted agent process.
import { PortholeError } from "@porthole/protocol";
import type { SecretStore } from "../store/index.js";
import { checkAnthropicKey, type KeyCheck } from "./anthropicKeyCheck.js";
import type { MasterKey } from "./masterKey.js";
import { openSecret, sealSecret } from "./secretBox.js";

const kind = "anthropic_api_key" as const;

/** Whether a user has a key, and when it was first set and last replaced (ms since epoch). */
export type AnthropicKeyStatus = { set: false } | { set: true; createdAt: number; updatedAt: number };

export interface UserSecrets {
  /** False when the hub has no master key (no PORTHOLE_SECRET_KEY, key file or data directory). */
  readonly configured: boolean;
  anthropicKeyStatus(userId: string): Promise<AnthropicKeyStatus>;
  /** Checks the key with the Anthropic API, then stores it sealed. Throws bad_request / unavailable. */
  setAnthropicKey(userId: string, key: string): Promise<AnthropicKeyStatus>;
  /** False when there was none. */
  deleteAnthropicKey(userId: string): Promise<boolean>;
  /**
   * The user's Anthropic API key in plaintext, or undefined when none is set. Only for handing to a
   * hosted agent process as it starts (ANTHROPIC_API_KEY in its environment): never log or return it.
   * Throws when it cannot be opened (sealed under another master key, or tampered with).
   */
  decryptUserApiKey(userId: string): Promise<string | undefined>;
}

export function createUserSecrets(deps: {
  secrets: SecretStore;
  masterKey: MasterKey | undefined;
  check?: (key: string) => Promise<KeyCheck>;
  anthropicBaseUrl: string;
  checkTimeoutMs: number;
  clock?: () => number;
}): UserSecrets {
  const clock = deps.clock ?? Date.now;
  const check = deps.check ?? ((key: string) => checkAnthropicKey(key, { baseUrl: deps.anthropicBaseUrl, timeoutMs: deps.checkTimeoutMs }));
  function masterKey(): MasterKey {
    if (!deps.masterKey) throw new PortholeError("unavailable", "this hub cannot store secrets: set PORTHOLE_SECRET_KEY or give it a data directory");
    return deps.masterKey;
  }

  return {
    configured: deps.masterKey !== undefined,

    async anthropicKeyStatus(userId) {
      const row = await deps.secrets.getSecret(userId, kind);
      return row ? { set: true, createdAt: row.createdAt, updatedAt: row.updatedAt } : { set: false };
    },

    async setAnthropicKey(userId, key) {
      const sealKey = masterKey();
      const checked = await check(key);
      if (!checked.ok) throw new PortholeError(checked.reason === "rejected" ? "bad_request" : "unavailable", `${checked.detail}; nothing was stored`);
      const sealed = sealSecret(sealKey, key, { userId, kind });
      const row = await deps.secrets.putSecret({ userId, kind, ...sealed }, clock());
      return { set: true, createdAt: row.createdAt, updatedAt: row.updatedAt };
    },

    deleteAnthropicKey: (userId) => deps.secrets.deleteSecret(userId, kind),

    async decryptUserApiKey(userId) {
      const row = await deps.secrets.getSecret(userId, kind);
      if (!row) return undefined;
      return openSecret([masterKey()], row, { userId, kind });
    },
  };
}
