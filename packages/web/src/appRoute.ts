// Which page a path shows, without a router library: /s/:id is a session, the account pages by name,
// anything else is home. The id pattern must stay in step with parsePairingUrl in @porthole/protocol,
// the page names with APP_PAGES in packages/hub/src/web/webRoutes.ts.

export const accountPages = ["login", "signup", "account", "sessions", "admin", "device", "files"] as const;
export type AccountPage = (typeof accountPages)[number];

export type AppRoute = { page: "home" } | { page: "session"; sessionId: string } | { page: AccountPage };

export function appRoute(pathname: string): AppRoute {
  const match = /\/s\/([A-Za-z0-9_-]{16,64})\/?$/.exec(pathname);
  if (match?.[1]) return { page: "session", sessionId: match[1] };
  const name = /^\/([a-z]+)\/?$/.exec(pathname)?.[1];
  const page = accountPages.find((p) => p === name);
  return page ? { page } : { page: "home" };
}

/** Where to go after logging in: a path on this site from `?next=`, else the fallback. */
export function nextPath(search: string, fallback = "/sessions"): string {
  const next = new URLSearchParams(search).get("next");
  if (next === null || !/^\/(?![/\\])[\x21-\x7e]*$/.test(next) || next.startsWith("/v1/")) return fallback;
  return next;
}

/** The login page's address that comes back to `here` (path and query) afterwards. */
export function loginPathFor(here: string): string {
  return here === "/" || here === "" ? "/login" : `/login?next=${encodeURIComponent(here)}`;
}

/** The address without the pairing secret (`p=`), keeping the host key (`k=`) and the rest. */
export function withoutPairingSecret(href: string): string {
  const url = new URL(href);
  const params = new URLSearchParams(url.hash.replace(/^#/, ""));
  if (!params.has("p")) return href;
  params.delete("p");
  url.hash = params.toString();
  return url.toString();
}
