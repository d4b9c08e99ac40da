// Users' sealed secrets (the Anthropic API key), one per user and kind: only ciphertext and the id
// of the master key that sealed it are stored. Implemented in kyselySecrets.ts; tested by secretSuite.ts.

/** What a stored secret is; only ever added to. */
export type SecretKind = "anthropic_api_key";

/** One sealed secret. Times in ms since epoch. */
export interface SecretRecord {
  userId: string;
  kind: SecretKind;
  /** The id of the master key that sealed it (see secrets/masterKey.ts). */
  keyId: string;
  /** format | iv | ciphertext | tag (see secrets/secretBox.ts). */
  ciphertext: Uint8Array;
  createdAt: number;
  updatedAt: number;
}

/** A secret's new sealing, made by a re-encryption pass. */
export interface Resealed {
  keyId: string;
  ciphertext: Uint8Array;
}

export interface SecretStore {
  /** Stores or replaces the user's secret of that kind; a replacement keeps createdAt. */
  putSecret(s: Omit<SecretRecord, "createdAt" | "updatedAt">, now: number): Promise<SecretRecord>;
  getSecret(userId: string, kind: SecretKind): Promise<SecretRecord | undefined>;
  /** False when there was none. */
  deleteSecret(userId: string, kind: SecretKind): Promise<boolean>;
  /** How many secrets are sealed under each master key id. */
  countSecretsByKey(): Promise<Record<string, number>>;
  /**
   * Reseals every secret in one transaction: `reseal` gets each row and returns its new sealing
   * (throwing aborts the whole pass, changing nothing); `progress` hears (done, total) along the way.
   * Returns how many rows were resealed.
   */
  resealAll(reseal: (row: SecretRecord) => Resealed, progress?: (done: number, total: number) => void): Promise<number>;
}
