// The hub's HTTP API as the CLI calls it: sessions, projects and the auth routes `porthole login` uses. A
// refusal becomes a HubError carrying the status and the hub's error code, with a readable message.

export interface HubSession {
  id: string;
  name: string;
  command: string;
  createdAt: string;
  endedAt: string | null;
  hostOnline: boolean;
  /** Absent from hubs older than projects. */
  projectId?: string | null;
  archivedAt?: string | null;
}

/** A project: a working directory on a machine, grouping sessions. */
export interface HubProject {
  id: string;
  name: string;
  machine: string;
  directory: string;
  createdAt: string;
  archivedAt: string | null;
  sessionCount?: number;
  lastActivityAt?: string | null;
}

/** Where a session runs; the hub finds or creates the project for it. */
export interface ProjectPlace {
  machine: string;
  directory: string;
  name?: string;
}

/** The hub answered with an error (status >= 400), or could not be reached (status 0, code "unreachable"). */
export class HubError extends Error {
  override readonly name = "HubError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** What POST /v1/auth/device/token and /v1/auth/refresh answer with (Bearer delivery). */
export interface TokenPair {
  tokenType: "Bearer";
  accessToken: string;
  refreshToken: string;
  /** ISO time. */
  accessTokenExpiresAt: string;
  refreshTokenExpiresAt: string;
  user: { id: string; email: string | null; displayName: string; role: string };
}

export interface DeviceStart {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  verificationUriComplete: string;
  /** Seconds between polls. */
  interval: number;
  /** Seconds the code stays valid. */
  expiresIn: number;
}

/** One call; `token` is sent as a Bearer token when given. */
export async function hubCall<T>(hubUrl: string, token: string | undefined, method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${hubUrl.replace(/\/+$/, "")}${path}`, {
      method,
      headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new HubError(0, "unreachable", `cannot reach the hub (${(error as Error).message})`);
  }
  if (response.status === 204) return undefined as T;
  const json = (await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
  if (!response.ok) throw new HubError(response.status, json.error?.code ?? "unknown", `${response.status}: ${json.error?.message ?? response.statusText}`);
  return json as T;
}

export function createSessionOnHub(hubUrl: string, token: string, body: { command: string; cols: number; rows: number; joinVerifier: string; name?: string; project?: ProjectPlace }) {
  return hubCall<{ session: HubSession; hostToken: string }>(hubUrl, token, "POST", "/v1/sessions", body);
}

export function listSessionsOnHub(hubUrl: string, token: string, opts: { archived?: boolean } = {}) {
  return hubCall<{ sessions: HubSession[] }>(hubUrl, token, "GET", `/v1/sessions${opts.archived ? "?archived=true" : ""}`);
}

export const projectApi = {
  list: (hubUrl: string, token: string, opts: { archived?: boolean } = {}) =>
    hubCall<{ projects: HubProject[] }>(hubUrl, token, "GET", `/v1/projects${opts.archived ? "?archived=true" : ""}`),
  update: (hubUrl: string, token: string, id: string, patch: { name?: string; archived?: boolean }) =>
    hubCall<{ project: HubProject }>(hubUrl, token, "PATCH", `/v1/projects/${encodeURIComponent(id)}`, patch),
  /** With force, also while a session's host is connected (the hub answers 409 otherwise). */
  remove: (hubUrl: string, token: string, id: string, opts: { force?: boolean } = {}) =>
    hubCall<void>(hubUrl, token, "DELETE", `/v1/projects/${encodeURIComponent(id)}${opts.force ? "?force=true" : ""}`),
};

export function getSessionOnHub(hubUrl: string, token: string, id: string) {
  return hubCall<{ session: HubSession }>(hubUrl, token, "GET", `/v1/sessions/${encodeURIComponent(id)}`);
}

export function revokeOnHub(hubUrl: string, token: string, id: string) {
  return hubCall<{ revoked: boolean }>(hubUrl, token, "POST", `/v1/sessions/${encodeURIComponent(id)}/revoke`);
}

export const authApi = {
  startDevice: (hubUrl: string) => hubCall<DeviceStart>(hubUrl, undefined, "POST", "/v1/auth/device", {}),
  pollDevice: (hubUrl: string, deviceCode: string) => hubCall<TokenPair>(hubUrl, undefined, "POST", "/v1/auth/device/token", { deviceCode }),
  refresh: (hubUrl: string, refreshToken: string) => hubCall<TokenPair>(hubUrl, undefined, "POST", "/v1/auth/refresh", { refreshToken }),
  /** Ends this login only (its token family), not the user's other logins. */
  logout: (hubUrl: string, accessToken: string) => hubCall<void>(hubUrl, accessToken, "POST", "/v1/auth/logout", { scope: "session" }),
  profile: (hubUrl: string, accessToken: string) => hubCall<{ user: TokenPair["user"] }>(hubUrl, accessToken, "GET", "/v1/auth/profile"),
};
