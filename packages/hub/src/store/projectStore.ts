// Projects: a working directory on a machine, owned by one user, grouping that user's sessions.
// The contract (Store.projects); kyselyProjects.ts implements it for both engines.

/** One project as the hub stores it. Times are ms since the Unix epoch. */
export interface ProjectRecord {
  /** 22 char url-safe random id. */
  id: string;
  ownerId: string;
  /** Human label; defaults to the directory's last path segment. */
  name: string;
  /** The host machine's name (os.hostname() for `porthole run`; hosted sessions name theirs). */
  machine: string;
  /** The working directory on that machine, as the host reported it. */
  directory: string;
  createdAt: number;
  /** When the owner archived it; null while active. */
  archivedAt: number | null;
}

/** A project with figures about its sessions, for lists. */
export interface ProjectSummary extends ProjectRecord {
  /** All sessions in the project, archived ones included. */
  sessionCount: number;
  /** Latest session start or end in the project, ms since epoch; null when it has no sessions. */
  lastActivityAt: number | null;
}

/** Where a session runs; with `name` only used when the project is created. */
export interface ProjectKey {
  ownerId: string;
  machine: string;
  directory: string;
}

export type ProjectPatch = Partial<Pick<ProjectRecord, "name" | "archivedAt">>;

export interface ProjectStore {
  /**
   * The owner's project for (machine, directory), created (with `name`, or the directory's last
   * path segment) when there is none. Safe under concurrent calls: one project per key.
   */
  findOrCreateProject(key: ProjectKey, opts: { id: string; name?: string; createdAt: number }): Promise<ProjectRecord>;
  getProject(id: string): Promise<ProjectRecord | undefined>;
  /** The owner's projects, most recently active first; archived ones only with includeArchived. */
  listProjects(ownerId: string, opts?: { includeArchived?: boolean }): Promise<ProjectSummary[]>;
  /** Undefined when no such project. */
  updateProject(id: string, patch: ProjectPatch): Promise<ProjectRecord | undefined>;
  /**
   * Deletes the project, its sessions and their frames in one transaction. Returns the ids of the
   * sessions deleted, or undefined when there was no such project.
   */
  deleteProject(id: string): Promise<string[] | undefined>;
}

/** The default project name for a directory: its last path segment ("/" or "C:\" stay whole). */
export function defaultProjectName(directory: string): string {
  const parts = directory.split(/[\\/]+/).filter((p) => p !== "");
  const last = parts.at(-1);
  return last === undefined || (parts.length === 1 && /^[A-Za-z]:$/.test(last)) ? directory : last;
}
