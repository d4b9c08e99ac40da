// The list of sessions this browser has paired with, kept in localStorage for the home page, so
// reopening one needs no new scan. Written by localDeviceStore when a pairing succeeds.

/** The parts of the browser's Storage we use (localStorage, or a stand-in in tests). */
export type StorageLike = Pick<Storage, "getItem" | "setItem" | "removeItem">;

export interface PairedSession {
  sessionId: string;
  /** The hub's base URL, e.g. "https://hub.example.com". */
  hubUrl: string;
  /** The desk's public key, base64url. */
  hostKey: string;
  /** A label for the list. */
  name: string;
  /** When this browser first paired, and last connected, in ms since the epoch. */
  pairedAt: number;
  lastOpenedAt: number;
}

export const SESSIONS_KEY = "porthole.sessions.v1";
/** The list keeps the most recently opened sessions, at most this many. */
export const MAX_SESSIONS = 50;

function isPairedSession(value: unknown): value is PairedSession {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.sessionId === "string" &&
    typeof v.hubUrl === "string" &&
    typeof v.hostKey === "string" &&
    typeof v.name === "string" &&
    typeof v.pairedAt === "number" &&
    typeof v.lastOpenedAt === "number"
  );
}

/** Paired sessions, most recently opened first; unreadable entries are skipped. */
export function listPairedSessions(storage: StorageLike): PairedSession[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(storage.getItem(SESSIONS_KEY) ?? "[]");
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.filter(isPairedSession).sort((a, b) => b.lastOpenedAt - a.lastOpenedAt);
}

function save(storage: StorageLike, sessions: PairedSession[]): void {
  storage.setItem(SESSIONS_KEY, JSON.stringify(sessions.slice(0, MAX_SESSIONS)));
}

/** A readable default label: the hub's host and the start of the session id. */
export function defaultSessionName(hubUrl: string, sessionId: string): string {
  let host = hubUrl;
  try {
    host = new URL(hubUrl).host;
  } catch {
    // keep the raw text
  }
  return `${host} · ${sessionId.slice(0, 8)}`;
}

/** Adds a session, or marks it opened now (a new host key replaces the old entry). */
export function rememberSession(
  storage: StorageLike,
  entry: { sessionId: string; hubUrl: string; hostKey: string },
  now: number,
): void {
  const sessions = listPairedSessions(storage);
  const old = sessions.find((s) => s.sessionId === entry.sessionId);
  const same = old?.hostKey === entry.hostKey ? old : undefined;
  const updated: PairedSession = {
    ...entry,
    name: same?.name ?? defaultSessionName(entry.hubUrl, entry.sessionId),
    pairedAt: same?.pairedAt ?? now,
    lastOpenedAt: now,
  };
  save(storage, [updated, ...sessions.filter((s) => s.sessionId !== entry.sessionId)]);
}

export function forgetSession(storage: StorageLike, sessionId: string): void {
  save(storage, listPairedSessions(storage).filter((s) => s.sessionId !== sessionId));
}

/** The link that reopens a paired session: host key only, no pairing secret. */
export function reopenUrl(session: PairedSession): string {
  const base = session.hubUrl.replace(/\/+$/, "");
  return `${base}/s/${encodeURIComponent(session.sessionId)}#k=${session.hostKey}`;
}
