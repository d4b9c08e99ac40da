// Kysely table types for the accounts tables; must stay in step with accountMigrations.ts.
// Times are ms since epoch; a null time means "not yet" (not disabled, not used, not revoked).
import type { Generated } from "kysely";

export interface UsersTable {
  id: string;
  email: string | null;
  /** email lower-cased: the unique, case-insensitive key. */
  email_key: string | null;
  display_name: string;
  password_hash: string | null;
  role: string;
  disabled_at: number | null;
  token_version: number;
  github_id: string | null;
  created_at: number;
  updated_at: number;
}

export interface TokenFamiliesTable {
  id: string;
  user_id: string;
  token_version: number;
  client: string;
  created_at: number;
  revoked_at: number | null;
}

export interface RefreshTokensTable {
  /** sha256 hex of the token. */
  token_hash: string;
  family_id: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  revoked_at: number | null;
}

export interface ApiKeysTable {
  id: string;
  user_id: string;
  name: string;
  prefix: string;
  /** sha256 hex of the whole key. */
  key_hash: string;
  scope: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface LoginFailuresTable {
  /** The normalised e-mail tried, whether or not such a user exists. */
  account_key: string;
  at: number;
}

export interface AuditEventsTable {
  /** Generated (autoincrement / bigserial). */
  id: Generated<number>;
  at: number;
  type: string;
  user_id: string | null;
  ip: string | null;
  /** JSON text. */
  detail: string;
}

/** Migration 0004: states of logins with an identity provider (GitHub). */
export interface OAuthStatesTable {
  /** sha256 hex of the state. */
  state_hash: string;
  provider: string;
  /** sha256 hex of the browser's binding cookie. */
  binding_hash: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

/** Migration 0004: device-flow logins of the CLI. */
export interface DeviceCodesTable {
  /** sha256 hex of the device code. */
  device_code_hash: string;
  /** sha256 hex of the normalised user code; unique. */
  user_code_hash: string;
  /** "pending" | "approved" | "denied" | "used". */
  status: string;
  /** Who approved or denied it. */
  user_id: string | null;
  interval_seconds: number;
  created_at: number;
  expires_at: number;
  last_polled_at: number | null;
  decided_at: number | null;
}

export interface AccountTables {
  users: UsersTable;
  token_families: TokenFamiliesTable;
  refresh_tokens: RefreshTokensTable;
  api_keys: ApiKeysTable;
  login_failures: LoginFailuresTable;
  audit_events: AuditEventsTable;
  oauth_states: OAuthStatesTable;
  device_codes: DeviceCodesTable;
}
