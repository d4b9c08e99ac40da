// The hub's storage contract: sessions and their stored (encrypted) frames. Both engines
// (sqliteStore.ts, postgresStore.ts) implement it through kyselyStore.ts; storeSuite.ts tests it.
import type { AccountStore } from "./accountStore.js";
import type { HostedStore } from "./hostedStore.js";
import type { ProjectStore } from "./projectStore.js";
import type { PushStore } from "./pushStore.js";
import type { SecretStore } from "./secretStore.js";

/** One session as the hub stores it. Times are ms since the Unix epoch. */
export interface SessionRecord {
  /** 22+ char url-safe random id, chosen by the caller. */
  id: string;
  /** "local" for the embedded hub; account ids later. */
  ownerId: string;
  /** Human label, e.g. "claude in ~/proj". */
  name: string;
  /** The agent command line, for display. */
  command: string;
  /** sha256 hex of the host's bearer token. */
  hostTokenHash: string;
  /** sha256 hex of the join token viewers must present (derived from the link; "" accepts any). */
  joinVerifier: string;
  /** Desk terminal width, in character cells. */
  cols: number;
  /** Desk terminal height, in character cells. */
  rows: number;
  /** When the session was created, ms since epoch. */
  createdAt: number;
  /** When the session ended, ms since epoch; null while running. */
  endedAt: number | null;
  /** The agent's exit code, null while running or when unknown. */
  exitCode: number | null;
  /** Highest stored frame seq; 0 when none was ever stored. */
  lastSeq: number;
  /** Lowest still-stored frame seq (older ones were trimmed); lastSeq + 1 when none stored. */
  firstSeq: number;
  /** Total bytes of stored frame data. */
  storedBytes: number;
  /** The project (working directory on a machine) it runs in; null for sessions from before projects. */
  projectId: string | null;
  /** When the owner archived it, ms since epoch; null while not archived. */
  archivedAt: number | null;
}

/** What the caller supplies to create a session; the rest starts empty (projectId: null when left out). */
export type NewSession = Pick<
  SessionRecord,
  "id" | "ownerId" | "name" | "command" | "hostTokenHash" | "joinVerifier" | "cols" | "rows" | "createdAt"
> & { projectId?: string | null };

/** The fields of a session that may change while it runs. */
export type SessionPatch = Partial<Pick<SessionRecord, "name" | "cols" | "rows" | "archivedAt">>;

/** Which of an owner's sessions listSessions returns. */
export interface SessionFilter {
  /** Only this project's sessions. */
  projectId?: string;
  /**
   * Also sessions that are archived, or whose project is; default false (only the active ones).
   */
  includeArchived?: boolean;
}

/** One frame: its sequence number (1, 2, 3, …) and opaque ciphertext bytes. */
export interface StoredFrame {
  seq: number;
  data: Uint8Array;
}

/** The outcome of appendFrames: the session's frame counters after the append, or why not. */
export type AppendResult =
  | { ok: true; lastSeq: number; firstSeq: number; storedBytes: number }
  /** The first new frame's seq was not lastSeq + 1; nothing was written. */
  | { ok: false; reason: "gap"; expected: number }
  | { ok: false; reason: "not_found" | "ended" };

/** Storage for sessions and frames. Every write runs in one transaction. */
export interface Store {
  readonly engine: "sqlite" | "postgres";
  /** Users, tokens, API keys, login failures and the audit log (see accountStore.ts). */
  readonly accounts: AccountStore;
  /** Projects that group sessions (see projectStore.ts). */
  readonly projects: ProjectStore;
  /** Hosted sessions' agent and workspace (see hostedStore.ts). */
  readonly hosted: HostedStore;
  /** Web Push subscriptions (see pushStore.ts). */
  readonly push: PushStore;
  /** Users' sealed secrets, e.g. the Anthropic API key (see secretStore.ts). */
  readonly secrets: SecretStore;
  /** Throws if the id is taken (ids are random, so that is a bug, not an outcome). */
  createSession(s: NewSession): Promise<SessionRecord>;
  getSession(id: string): Promise<SessionRecord | undefined>;
  /** That owner's sessions, newest first; without a filter, only those not archived (see SessionFilter). */
  listSessions(ownerId: string, filter?: SessionFilter): Promise<SessionRecord[]>;
  /** Undefined when no such session. */
  updateSession(id: string, patch: SessionPatch): Promise<SessionRecord | undefined>;
  /** Idempotent: a second call keeps the first endedAt and exitCode. Undefined when no such session. */
  endSession(id: string, exitCode: number | null, endedAt: number): Promise<SessionRecord | undefined>;
  /** Deletes the session and its frames (and every row keyed by it); false when there was no such session. */
  deleteSession(id: string): Promise<boolean>;
  /**
   * Appends frames with consecutive seqs in one transaction. Frames whose seq <= lastSeq are
   * already stored: they are skipped (idempotent resend), not an error. Then trims the oldest
   * frames so storedBytes <= keepBytes, never trimming the newest frame. Refused ("ended") once
   * the session has ended. Throws on a batch whose seqs are not consecutive (a caller bug).
   */
  appendFrames(sessionId: string, frames: StoredFrame[], keepBytes: number): Promise<AppendResult>;
  /**
   * Frames with seq >= fromSeq in order, at most maxBytes of data in total, except that the
   * first frame is always returned if any exists. Empty for an unknown session.
   */
  readFrames(sessionId: string, fromSeq: number, maxBytes: number): Promise<StoredFrame[]>;
  /** Closes the database handle or pool; the store is unusable afterwards. */
  close(): Promise<void>;
}
