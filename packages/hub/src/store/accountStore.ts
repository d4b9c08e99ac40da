// The accounts part of the Store (store.accounts): users, refresh-token families, API keys, login
// failures and the audit log. Implemented for both engines in account*.ts; tested by accountSuite.ts.

/** A user's role on a hub. */
export type Role = "user" | "admin";

/** One user. Times are ms since the Unix epoch. */
export interface UserRecord {
  /** Random url-safe id, chosen by the caller. */
  id: string;
  /** As the user typed it; unique ignoring case. Null for accounts made by an identity provider without one. */
  email: string | null;
  displayName: string;
  /** argon2id PHC string, which carries its own parameters (m, t, p) and salt; null when the user has no password. */
  passwordHash: string | null;
  role: Role;
  /** When an admin disabled the account; null while enabled. */
  disabledAt: number | null;
  /** Bumped to stop every token of the user at once; access tokens and families carry the value they were issued under. */
  tokenVersion: number;
  /** GitHub's numeric user id as text; unique. Users are never linked by e-mail. */
  githubId: string | null;
  createdAt: number;
  updatedAt: number;
}

export type NewUser = Pick<UserRecord, "id" | "email" | "displayName" | "passwordHash" | "role" | "githubId" | "createdAt">;
export type UserPatch = Partial<Pick<UserRecord, "email" | "displayName" | "role">>;

/** Why a user could not be created or changed. */
export type UserConflict = "email_taken" | "github_taken";

/** One login on one device: the chain of refresh tokens rotated from one login. */
export interface TokenFamily {
  id: string;
  userId: string;
  /** The user's tokenVersion when the family began; a different current value means it is dead. */
  tokenVersion: number;
  /** Free-form label of the client, e.g. "web" or "cli". */
  client: string;
  createdAt: number;
  revokedAt: number | null;
}

/** A refresh token as stored: only its SHA-256, never the token. */
export interface NewRefreshToken {
  /** sha256 hex of the opaque token. */
  tokenHash: string;
  createdAt: number;
  /** ms since epoch. */
  expiresAt: number;
}

/** The outcome of presenting a refresh token. */
export type RotateResult =
  | { ok: true; family: TokenFamily }
  /** The token was already used: its family is now revoked (every token in it). */
  | { ok: false; reason: "reused"; family: TokenFamily }
  | { ok: false; reason: "unknown" | "expired" | "revoked" };

export type ApiKeyScope = "full" | "sessions" | "chat" | "read";

export interface ApiKeyRecord {
  id: string;
  userId: string;
  name: string;
  /** The first characters of the key, safe to show, e.g. "phk_Ab3dEf9hIj0k". */
  prefix: string;
  scope: ApiKeyScope;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface NewApiKey extends Omit<ApiKeyRecord, "lastUsedAt" | "revokedAt"> {
  /** sha256 hex of the whole key; the key itself is never stored. */
  keyHash: string;
}

/** One security event. Detail never holds a token or password. */
export interface AuditEvent {
  /** Increasing; the paging cursor. */
  id: number;
  at: number;
  /** e.g. "login.failed", "refresh.reused", "admin.user_disabled". */
  type: string;
  userId: string | null;
  ip: string | null;
  detail: Record<string, unknown>;
}

export type NewAuditEvent = Omit<AuditEvent, "id">;

/** A "Login with GitHub" in progress: only hashes are stored (see loginFlowStore.ts). */
export interface NewOAuthState {
  /** sha256 hex of the `state` sent to the provider. */
  stateHash: string;
  /** e.g. "github". */
  provider: string;
  /** sha256 hex of the binding cookie of the browser that started the login. */
  bindingHash: string;
  createdAt: number;
  /** ms since epoch. */
  expiresAt: number;
}

/** The outcome of presenting a state at the callback: each state is good once. */
export type OAuthStateUse = { ok: true; provider: string; bindingHash: string } | { ok: false; reason: "unknown" | "used" | "expired" };

/** A device-flow login (RFC 8628) as stored: hashes of both codes, never the codes. */
export interface NewDeviceCode {
  /** sha256 hex of the device code the CLI polls with. */
  deviceCodeHash: string;
  /** sha256 hex of the normalised user code (8 letters, no dash) the person types; unique. */
  userCodeHash: string;
  /** Seconds the CLI must wait between polls. */
  intervalSeconds: number;
  createdAt: number;
  /** ms since epoch. */
  expiresAt: number;
}

/** What a poll with a device code finds. "approved" happens once: the code is then used. */
export type DevicePoll =
  | { outcome: "approved"; userId: string }
  | { outcome: "slow_down"; intervalSeconds: number }
  | { outcome: "pending" | "denied" | "expired" | "used" | "unknown" };

export interface AccountStore {
  /** Creates a user; a taken e-mail (any case) or GitHub id is an outcome, not a throw. */
  createUser(u: NewUser): Promise<{ ok: true; user: UserRecord } | { ok: false; reason: UserConflict }>;
  getUser(id: string): Promise<UserRecord | undefined>;
  /** Case-insensitive. */
  findUserByEmail(email: string): Promise<UserRecord | undefined>;
  findUserByGithubId(githubId: string): Promise<UserRecord | undefined>;
  /** Oldest first, at most `limit`, after the (createdAt, id) cursor when given. */
  listUsers(opts: { after?: { createdAt: number; id: string }; limit: number }): Promise<UserRecord[]>;
  /** Changes profile fields or role; undefined for an unknown user. */
  updateUser(id: string, patch: UserPatch, now: number): Promise<{ ok: true; user: UserRecord } | { ok: false; reason: "not_found" | UserConflict }>;
  /** Stores a new password hash; with revokeTokens, also stops every token of the user (see revokeAllTokens). */
  setPasswordHash(id: string, hash: string, now: number, opts: { revokeTokens: boolean }): Promise<UserRecord | undefined>;
  /** Disabling also stops every token of the user. Undefined for an unknown user. */
  setDisabled(id: string, disabled: boolean, now: number): Promise<UserRecord | undefined>;
  /** Bumps tokenVersion and revokes every family and refresh token of the user, in one transaction. */
  revokeAllTokens(userId: string, now: number): Promise<UserRecord | undefined>;

  /** Starts a family (one login) with its first refresh token. The family takes the user's current tokenVersion. */
  startFamily(f: { id: string; userId: string; client: string; createdAt: number }, first: NewRefreshToken): Promise<TokenFamily | undefined>;
  /**
   * Uses a refresh token once and stores its successor in the same family, atomically: of many
   * concurrent calls with one token exactly one gets ok. Presenting a used token revokes its family.
   */
  rotateRefreshToken(tokenHash: string, next: NewRefreshToken, now: number): Promise<RotateResult>;
  getFamily(id: string): Promise<TokenFamily | undefined>;
  /** A user and one of their login families in one read (every request with an access token needs both). */
  getUserAndFamily(userId: string, familyId: string): Promise<{ user: UserRecord | undefined; family: TokenFamily | undefined }>;
  /** Revokes a family and all its refresh tokens; false when unknown. */
  revokeFamily(id: string, now: number): Promise<boolean>;

  createApiKey(k: NewApiKey): Promise<ApiKeyRecord>;
  /** The user's keys, revoked ones included, newest first. */
  listApiKeys(userId: string): Promise<ApiKeyRecord[]>;
  /** The key with that hash, if not revoked. */
  findApiKey(keyHash: string): Promise<ApiKeyRecord | undefined>;
  /** Sets lastUsedAt = now unless it was set less than minIntervalMs ago (saves a write per request). */
  touchApiKey(id: string, now: number, minIntervalMs: number): Promise<void>;
  /** Revokes one of the user's keys; false when it is not theirs, unknown or already revoked. */
  revokeApiKey(userId: string, id: string, now: number): Promise<boolean>;

  /** Records a failed login for an account key (the normalised e-mail, known or not) and drops failures older than windowStart. */
  recordLoginFailure(accountKey: string, at: number, windowStart: number): Promise<void>;
  /** Failures since windowStart for the key, and the time of the latest (null when none). */
  loginFailures(accountKey: string, windowStart: number): Promise<{ count: number; lastAt: number | null }>;
  clearLoginFailures(accountKey: string): Promise<void>;

  /** Stores a login state; drops states that expired more than a day ago. */
  createOAuthState(s: NewOAuthState): Promise<void>;
  /** Marks the state used, atomically: of concurrent calls with one state at most one gets ok. */
  useOAuthState(stateHash: string, now: number): Promise<OAuthStateUse>;

  /** Stores a device code; false when its user code is taken (pick another). Drops codes that expired more than a day ago. */
  createDeviceCode(d: NewDeviceCode): Promise<boolean>;
  /**
   * A poll: "slow_down" (and the interval grows by 5 s) when it comes sooner than the interval
   * after the last one; "approved" once, after which the code is "used". Atomic per code.
   */
  pollDeviceCode(deviceCodeHash: string, now: number): Promise<DevicePoll>;
  /** Approves (for userId) or denies a pending, unexpired code; false when there is none. */
  decideDeviceCode(userCodeHash: string, decision: { approve: boolean; userId: string }, now: number): Promise<boolean>;

  appendAudit(e: NewAuditEvent): Promise<void>;
  /** Newest first, ids below `before` when given, filtered by type and user when given. */
  listAudit(opts: { before?: number; limit: number; type?: string; userId?: string }): Promise<AuditEvent[]>;
}
