// The hub's JSON API as the web app uses it: cookie auth, X-CSRF-Token on every unsafe request, and on
// a 401 one refresh (one at a time across tabs, by a lock) then one retry. Names stay in step with
// packages/hub/src/auth/cookies.ts.
import { parseRetryAfter } from "./retryAfter.js";

/** The header an unsafe cookie-authenticated request carries: the CSRF cookie's value. */
export const csrfHeader = "X-CSRF-Token";
/** The CSRF cookie: __Host- prefixed when the hub is reached over https, plain over http. */
export const csrfCookieNames = ["__Host-porthole_csrf", "porthole_csrf"] as const;
/** The Web Locks name every tab takes around a refresh: two refreshes with one token revoke the login. */
export const refreshLockName = "porthole.auth.refresh";
/** Routes whose 401 means "wrong credentials", never "refresh and retry". */
const noRefreshPaths = new Set(["/v1/auth/login", "/v1/auth/register", "/v1/auth/refresh"]);

type RefreshOutcome = "renewed" | "signed-out" | "unreachable";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** A refused or failed request: the hub's error code and message; status 0 when unreachable. */
export interface ApiFailure {
  ok: false;
  status: number;
  code: string;
  message: string;
  /** From Retry-After (429), in seconds. */
  retryAfterSeconds?: number;
}

export type ApiResult<T> = { ok: true; status: number; data: T } | ApiFailure;

export interface ApiClientDeps {
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  /** The page's cookies as in document.cookie. */
  cookies: () => string;
  /** Runs fn while holding the named lock, across tabs (navigator.locks.request). */
  withLock: <T>(name: string, fn: () => Promise<T>) => Promise<T>;
  /** Called when a refresh fails: the login is gone. */
  onSignedOut?: () => void;
  /** ms since the epoch, for Retry-After dates. */
  now?: () => number;
}

export interface ApiClient {
  request<T>(method: Method, path: string, body?: unknown): Promise<ApiResult<T>>;
  get<T>(path: string): Promise<ApiResult<T>>;
}

/** The value of the first named cookie present in a document.cookie string. */
export function cookieValue(cookies: string, names: readonly string[]): string | undefined {
  const found = new Map<string, string>();
  for (const part of cookies.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) found.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  for (const name of names) {
    const value = found.get(name);
    if (value) return value;
  }
  return undefined;
}

async function toResult<T>(response: Response, now: number): Promise<ApiResult<T>> {
  const text = await response.text().catch(() => "");
  let json: unknown;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (response.ok) return { ok: true, status: response.status, data: json as T };
  const error = (json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const retryAfterSeconds = parseRetryAfter(response.headers.get("retry-after"), now);
  return {
    ok: false,
    status: response.status,
    code: typeof error?.code === "string" ? error.code : `http_${response.status}`,
    message: typeof error?.message === "string" ? error.message : `the hub answered ${response.status}`,
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  };
}

export function createApiClient(deps: ApiClientDeps): ApiClient {
  const now = deps.now ?? Date.now;
  /** Counts finished refreshes: a 401 to a request sent before the latest one just retries. */
  let generation = 0;
  let refreshing: Promise<RefreshOutcome> | undefined;

  async function send<T>(method: Method, path: string, body: unknown): Promise<ApiResult<T>> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    const csrf = cookieValue(deps.cookies(), csrfCookieNames);
    if (method !== "GET" && csrf) headers[csrfHeader] = csrf;
    try {
      const response = await deps.fetch(path, {
        method,
        headers,
        credentials: "same-origin",
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return await toResult<T>(response, now());
    } catch {
      return { ok: false, status: 0, code: "network", message: "the hub cannot be reached: check your connection" };
    }
  }

  async function refreshOnce(): Promise<RefreshOutcome> {
    // Without the CSRF cookie there is no login to renew (both cookies share one lifetime).
    if (!cookieValue(deps.cookies(), csrfCookieNames)) return "signed-out";
    const result = await send("POST", "/v1/auth/refresh", {});
    if (result.ok) generation++;
    return result.ok ? "renewed" : result.status === 0 ? "unreachable" : "signed-out";
  }

  /** One refresh per tab at a time, and one across tabs by the lock. */
  function refresh(): Promise<RefreshOutcome> {
    refreshing ??= deps.withLock(refreshLockName, refreshOnce).finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  }

  async function request<T>(method: Method, path: string, body?: unknown): Promise<ApiResult<T>> {
    const sentAt = generation;
    const first = await send<T>(method, path, body);
    if (first.ok || first.status !== 401 || noRefreshPaths.has(path)) return first;
    const outcome = sentAt !== generation ? "renewed" : await refresh();
    if (outcome === "renewed") return send<T>(method, path, body);
    if (outcome === "signed-out") deps.onSignedOut?.();
    return first;
  }

  return { request, get: (path) => request("GET", path) };
}
