// The API client of this page: window.fetch, document.cookie, and navigator.locks around refreshes
// (where the browser has no Web Locks, an insecure http:// origin, each tab refreshes on its own).
import { createApiClient } from "./apiClient.js";

const signedOutListeners = new Set<() => void>();

export const api = createApiClient({
  fetch: (url, init) => window.fetch(url, init),
  cookies: () => document.cookie,
  withLock: <T,>(name: string, fn: () => Promise<T>) =>
    "locks" in navigator && navigator.locks ? (navigator.locks.request(name, fn) as Promise<T>) : fn(),
  onSignedOut: () => {
    for (const listener of signedOutListeners) listener();
  },
});

/** Calls `listener` when a refresh fails (the login ended elsewhere); returns the unsubscribe. */
export function onSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}
