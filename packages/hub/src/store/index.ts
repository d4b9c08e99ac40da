// The hub's storage layer: the Store interface and its SQLite and PostgreSQL engines.
export type { AppendResult, NewSession, SessionFilter, SessionPatch, SessionRecord, Store, StoredFrame } from "./store.js";
export type { HostedSessionRecord, HostedStore } from "./hostedStore.js";
export { defaultProjectName, type ProjectKey, type ProjectPatch, type ProjectRecord, type ProjectStore, type ProjectSummary } from "./projectStore.js";
export type { Resealed, SecretKind, SecretRecord, SecretStore } from "./secretStore.js";
export type { NewPushSubscription, PushSaveResult, PushStore, PushSubscriptionRecord } from "./pushStore.js";
export { openSqliteStore } from "./sqliteStore.js";
export { openPostgresStore, type PostgresStoreOptions } from "./lazyEngines.js";
export { openStore } from "./openStore.js";
export type {
  AccountStore, ApiKeyRecord, ApiKeyScope, AuditEvent, NewApiKey, NewAuditEvent, NewRefreshToken, NewUser, Role,
  RotateResult, TokenFamily, UserConflict, UserPatch, UserRecord, NewOAuthState, OAuthStateUse, NewDeviceCode, DevicePoll,
} from "./accountStore.js";
export { emailKey } from "./accountUsers.js";
