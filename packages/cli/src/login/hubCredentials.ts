// The access token to use for a hub from the saved login: as saved while it has a minute left,
// else refreshed (POST /v1/auth/refresh) under the credentials lock, the rotated pair saved at once.
import { authApi, HubError, type TokenPair } from "../run/hubApi.js";
import { findLogin, hubKey, saveLogin, withCredentialsLock, type SavedLogin } from "./credentials.js";

/** Refresh when the access token has less than this left, in ms. */
const refreshMarginMs = 60_000;

/** Why there is no usable login for a hub, worded for the person. */
export class LoginNeeded extends Error {
  override readonly name = "LoginNeeded";
}

/** The saved form of a token answer. */
export function savedFrom(hub: string, pair: TokenPair): SavedLogin {
  return {
    hub: hubKey(hub),
    accessToken: pair.accessToken,
    refreshToken: pair.refreshToken,
    expiresAt: pair.accessTokenExpiresAt,
    email: pair.user.email,
    displayName: pair.user.displayName,
  };
}

const fresh = (login: SavedLogin, now: number) => Date.parse(login.expiresAt) - now > refreshMarginMs;

/**
 * A usable access token for `hub`. `force` refreshes even a token that looks fresh (the hub refused
 * it). Throws LoginNeeded when not logged in or the hub refuses the refresh token; HubError when the
 * hub cannot be reached.
 */
export async function accessTokenFor(file: string, hub: string, opts: { force?: boolean; now?: () => number } = {}): Promise<string> {
  const now = opts.now ?? Date.now;
  const key = hubKey(hub);
  const notLoggedIn = () => new LoginNeeded(`not logged in to ${key}: run porthole login --hub ${key}`);
  const saved = findLogin(file, key);
  if (!saved) throw notLoggedIn();
  if (!opts.force && fresh(saved, now())) return saved.accessToken;
  return withCredentialsLock(file, async () => {
    // Another porthole may have refreshed while this one waited for the lock.
    const current = findLogin(file, key);
    if (!current) throw notLoggedIn();
    if (current.refreshToken !== saved.refreshToken || (!opts.force && fresh(current, now()))) return current.accessToken;
    let pair: TokenPair;
    try {
      pair = await authApi.refresh(key, current.refreshToken);
    } catch (error) {
      if (error instanceof HubError && error.status === 401) {
        throw new LoginNeeded(`your login to ${key} has expired or was revoked: run porthole login --hub ${key}`);
      }
      throw error;
    }
    saveLogin(file, key, savedFrom(key, pair));
    return pair.accessToken;
  });
}

/** Runs `call` with the hub's access token; when the hub answers 401, refreshes once and tries again. */
export async function withLogin<T>(file: string, hub: string, call: (token: string) => Promise<T>): Promise<T> {
  try {
    return await call(await accessTokenFor(file, hub));
  } catch (error) {
    if (!(error instanceof HubError) || error.status !== 401) throw error;
    return call(await accessTokenFor(file, hub, { force: true }));
  }
}
