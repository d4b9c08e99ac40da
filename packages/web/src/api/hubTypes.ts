// What the hub's account, session and admin routes answer, as the web app reads it. Stays in step
// with publicUser (hub auth/authContext.ts), publicApiKey (accountRoutes.ts), publicSession
// (sessions/sessionRoutes.ts), publicProject (projects/projectRoutes.ts) and the audit page (admin/adminRoutes.ts). Times are ISO 8601 strings.

export type Role = "user" | "admin";

export interface User {
  id: string;
  email: string | null;
  displayName: string;
  role: Role;
  disabled: boolean;
  hasPassword: boolean;
  githubLinked: boolean;
  createdAt: string;
}

/** Scopes of API keys: "full" covers all; "sessions" covers "read" too. */
export const apiKeyScopes = ["sessions", "read", "chat", "full"] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

export interface ApiKey {
  id: string;
  name: string;
  /** The key's first characters, to recognise it. */
  prefix: string;
  scope: ApiKeyScope;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface HubSession {
  id: string;
  name: string;
  command: string;
  cols: number;
  rows: number;
  createdAt: string;
  endedAt: string | null;
  /** The desk (CLI) is connected now. */
  hostOnline: boolean;
  storedBytes: number;
  /** The project it runs in; null for sessions registered without one. */
  projectId: string | null;
  archivedAt: string | null;
}

/** A working directory on a machine, grouping sessions (GET /v1/projects: publicProject in hub projects/projectRoutes.ts). */
export interface HubProject {
  id: string;
  name: string;
  machine: string;
  directory: string;
  createdAt: string;
  archivedAt: string | null;
  /** Every session of the project, archived ones included (in lists). */
  sessionCount?: number;
  /** Latest session start or end (in lists); null without sessions. */
  lastActivityAt?: string | null;
}

export interface AuditEvent {
  /** Increasing; the paging cursor. */
  id: number;
  at: string;
  /** e.g. "login.succeeded", "refresh.reused". */
  type: string;
  userId: string | null;
  ip: string | null;
  detail: Record<string, unknown>;
}

/** POST /v1/auth/login and /register with cookie: true. */
export interface CookieSession {
  user: User;
  csrfToken: string;
  accessTokenExpiresAt: string;
  refreshTokenExpiresAt: string;
}
