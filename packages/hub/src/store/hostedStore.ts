// Hosted sessions' own fields (Store.hosted): the agent and the workspace folder of a session the hub
// started itself, kept across hub restarts. kyselyHosted.ts implements it, hostedSuite.ts tests it.

/** One hosted session's fields; the session itself is a row of `sessions` with the same id. */
export interface HostedSessionRecord {
  sessionId: string;
  /** The configured agent's name, e.g. "claude". */
  agent: string;
  /** The workspace's project name (its folder's name). */
  project: string;
  /** The project folder relative to the hub's workspaces folder, e.g. USER_ID/projects/demo. */
  workspace: string;
  createdAt: number;
}

export interface HostedStore {
  /** Records a hosted session's fields (once, right after its session row). */
  putHostedSession(r: HostedSessionRecord): Promise<void>;
  getHostedSession(sessionId: string): Promise<HostedSessionRecord | undefined>;
  /** Hosted sessions whose session row has not ended, oldest first. */
  listOpenHostedSessions(): Promise<HostedSessionRecord[]>;
}
