// Kysely table types for the store's tables; must stay in step with migrations.ts.
import type { AccountTables } from "./accountTables.js";

/** One row per session. Times in ms since epoch; sizes in bytes. */
export interface SessionsTable {
  id: string;
  owner_id: string;
  name: string;
  command: string;
  host_token_hash: string;
  join_verifier: string;
  cols: number;
  rows: number;
  created_at: number;
  ended_at: number | null;
  exit_code: number | null;
  last_seq: number;
  first_seq: number;
  stored_bytes: number;
  /** The session's project (migration 0005); null for sessions registered before projects. */
  project_id: string | null;
  archived_at: number | null;
}

/** One row per project (migration 0005); (owner_id, machine, directory) is unique. */
export interface ProjectsTable {
  id: string;
  owner_id: string;
  name: string;
  machine: string;
  directory: string;
  created_at: number;
  archived_at: number | null;
}

/** One row per hosted session (migration 0007); workspace is relative to the hub's workspaces folder. */
export interface HostedSessionsTable {
  session_id: string;
  agent: string;
  project: string;
  workspace: string;
  created_at: number;
}

/** One row per stored frame; size is data's length in bytes, kept to sum without reading data. */
export interface FramesTable {
  session_id: string;
  seq: number;
  size: number;
  data: Uint8Array;
}

/** One sealed secret per user and kind (migration 0006); times in ms since epoch. */
export interface UserSecretsTable {
  user_id: string;
  kind: string;
  /** Id of the master key that sealed it. */
  key_id: string;
  ciphertext: Uint8Array;
  created_at: number;
  updated_at: number;
}

/** One row per Web Push subscription (migration 0008); keys base64url, created_at in ms since epoch. */
export interface PushSubscriptionsTable {
  id: string;
  user_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  created_at: number;
}

export interface StoreDatabase extends AccountTables {
  sessions: SessionsTable;
  frames: FramesTable;
  projects: ProjectsTable;
  hosted_sessions: HostedSessionsTable;
  push_subscriptions: PushSubscriptionsTable;
  user_secrets: UserSecretsTable;
}
