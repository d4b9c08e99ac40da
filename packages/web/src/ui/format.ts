// Formatters for the account pages: times ("5 min ago"), waits ("2 min 5 s"), session states and
// audit details. Pure; `now` is ms since the epoch.
import type { HubSession } from "../api/hubTypes.js";

/** A past moment, relative when recent ("just now", "5 min ago", "3 h ago"), else a date. */
export function formatWhen(iso: string | null, now: number, locale?: string): string {
  if (iso === null) return "never";
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return "unknown";
  const seconds = Math.round((now - at) / 1000);
  if (seconds < 60) return "just now";
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 24 * 3600) return `${Math.floor(seconds / 3600)} h ago`;
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(at);
}

/** A wait in seconds as "45 s", "2 min 5 s", "1 h 3 min". */
export function formatWait(totalSeconds: number): string {
  const s = Math.max(0, Math.ceil(totalSeconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return s % 60 === 0 ? `${s / 60} min` : `${Math.floor(s / 60)} min ${s % 60} s`;
  const minutes = Math.floor((s % 3600) / 60);
  return minutes === 0 ? `${Math.floor(s / 3600)} h` : `${Math.floor(s / 3600)} h ${minutes} min`;
}

export type SessionState = "online" | "offline" | "ended";

/** Ended when the hub recorded its end; else online while the desk is connected. */
export function sessionState(s: Pick<HubSession, "endedAt" | "hostOnline">): SessionState {
  if (s.endedAt !== null) return "ended";
  return s.hostOnline ? "online" : "offline";
}

/** An audit event's detail as "key: value" pairs, in one line. */
export function formatDetail(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([key, value]) => `${key}: ${typeof value === "object" ? JSON.stringify(value) : String(value)}`)
    .join(", ");
}

/** First letter upper case, for the hub's lower-case messages. */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
