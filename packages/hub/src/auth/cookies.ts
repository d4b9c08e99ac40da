// The web app's session cookies: the access token (HttpOnly), the refresh token (HttpOnly, only sent
// to /v1/auth) and the CSRF token (readable by the page, echoed in X-CSRF-Token on unsafe requests);
// and the binding cookie that ties a GitHub login to the browser that started it.
import type { FastifyReply } from "fastify";

/** The header a cookie-authenticated unsafe request must carry, equal to the CSRF cookie. */
export const csrfHeader = "x-csrf-token";

export interface CookieNames {
  access: string;
  refresh: string;
  csrf: string;
}

/** Over https the names carry the __Host- / __Secure- prefixes, which browsers only accept from a secure origin. */
export function cookieNames(secure: boolean): CookieNames {
  return secure
    ? { access: "__Host-porthole_access", refresh: "__Secure-porthole_refresh", csrf: "__Host-porthole_csrf" }
    : { access: "porthole_access", refresh: "porthole_refresh", csrf: "porthole_csrf" };
}

/** Cookie name → value from a Cookie header; the first of duplicate names wins. Never throws. */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (name !== "" && !out.has(name)) out.set(name, value);
  }
  return out;
}

interface CookieOptions {
  httpOnly: boolean;
  secure: boolean;
  sameSite: "Strict" | "Lax";
  path: string;
  /** Lifetime in seconds; 0 deletes the cookie. */
  maxAgeSeconds: number;
}

function serialize(name: string, value: string, o: CookieOptions): string {
  const parts = [`${name}=${value}`, `Path=${o.path}`, `Max-Age=${o.maxAgeSeconds}`, `SameSite=${o.sameSite}`];
  if (o.httpOnly) parts.push("HttpOnly");
  if (o.secure) parts.push("Secure");
  return parts.join("; ");
}

function appendSetCookie(reply: FastifyReply, cookies: string[]): void {
  const existing = reply.getHeader("set-cookie");
  const before = existing === undefined ? [] : Array.isArray(existing) ? existing.map(String) : [String(existing)];
  void reply.header("set-cookie", [...before, ...cookies]);
}

export interface SessionCookies {
  accessToken: string;
  accessMaxAgeSeconds: number;
  refreshToken: string;
  refreshMaxAgeSeconds: number;
  csrfToken: string;
}

export function setSessionCookies(reply: FastifyReply, secure: boolean, c: SessionCookies): void {
  const names = cookieNames(secure);
  appendSetCookie(reply, [
    serialize(names.access, c.accessToken, { httpOnly: true, secure, sameSite: "Lax", path: "/", maxAgeSeconds: c.accessMaxAgeSeconds }),
    serialize(names.refresh, c.refreshToken, { httpOnly: true, secure, sameSite: "Strict", path: "/v1/auth", maxAgeSeconds: c.refreshMaxAgeSeconds }),
    serialize(names.csrf, c.csrfToken, { httpOnly: false, secure, sameSite: "Lax", path: "/", maxAgeSeconds: c.refreshMaxAgeSeconds }),
  ]);
}

export function clearSessionCookies(reply: FastifyReply, secure: boolean): void {
  const names = cookieNames(secure);
  appendSetCookie(reply, [
    serialize(names.access, "", { httpOnly: true, secure, sameSite: "Lax", path: "/", maxAgeSeconds: 0 }),
    serialize(names.refresh, "", { httpOnly: true, secure, sameSite: "Strict", path: "/v1/auth", maxAgeSeconds: 0 }),
    serialize(names.csrf, "", { httpOnly: false, secure, sameSite: "Lax", path: "/", maxAgeSeconds: 0 }),
  ]);
}

/** The binding cookie's name and path: only sent to the GitHub routes. */
export function oauthBindingCookie(secure: boolean): { name: string; path: string } {
  return { name: secure ? "__Secure-porthole_oauth" : "porthole_oauth", path: "/v1/auth/github" };
}

/** Sets (maxAgeSeconds > 0) or deletes (0) the binding cookie: HttpOnly, SameSite=Lax so it comes back on GitHub's redirect. */
export function setOAuthBindingCookie(reply: FastifyReply, secure: boolean, value: string, maxAgeSeconds: number): void {
  const { name, path } = oauthBindingCookie(secure);
  appendSetCookie(reply, [serialize(name, value, { httpOnly: true, secure, sameSite: "Lax", path, maxAgeSeconds })]);
}
