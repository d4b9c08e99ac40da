// Cross-site WebSocket hijacking defence: a browser always sends Origin, so an upgrade whose Origin
// is neither the hub itself nor an allowed origin is refused. Non-browser clients send none.

/** True when a relay upgrade with this Origin may proceed. */
export function originAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return false;
  return host !== undefined && parsed.host === host.toLowerCase();
}
