// A notification opens /s/SESSION without the `#k=` fragment (the hub never knows the desk's key):
// this browser's list of paired sessions supplies it, so the page can resume with no new scan.
import { appRoute } from "../appRoute.js";
import { listPairedSessions, reopenUrl, type StorageLike } from "../pairedSessions.js";

/** The full link for a session page opened without its key, if this browser paired with it; else undefined. */
export function pairedLinkFor(href: string, storage: StorageLike): string | undefined {
  const url = new URL(href);
  if (new URLSearchParams(url.hash.replace(/^#/, "")).has("k")) return undefined;
  const route = appRoute(url.pathname);
  if (route.page !== "session") return undefined;
  const paired = listPairedSessions(storage).find((s) => s.sessionId === route.sessionId && sameOrigin(s.hubUrl, url.origin));
  return paired ? reopenUrl(paired) : undefined;
}

function sameOrigin(hubUrl: string, origin: string): boolean {
  try {
    return new URL(hubUrl).origin === origin;
  } catch {
    return false;
  }
}
