// Groups the sessions list by project for the /sessions page: projects most recently active first,
// each with its sessions newest first, then the sessions that have no (listed) project. Pure.
import type { HubProject, HubSession } from "../api/hubTypes.js";

export interface SessionGroup {
  /** Undefined for the group of sessions without a project. */
  project: HubProject | undefined;
  sessions: HubSession[];
}

/** The newest time a group shows: its latest session start or end, else the project's creation. */
function latest(group: SessionGroup): string {
  const times = group.sessions.flatMap((s) => (s.endedAt ? [s.createdAt, s.endedAt] : [s.createdAt]));
  if (group.project?.lastActivityAt) times.push(group.project.lastActivityAt);
  if (times.length === 0 && group.project) times.push(group.project.createdAt);
  return times.sort().at(-1) ?? "";
}

/**
 * Every listed project becomes a group (an empty project too, so it can be renamed or deleted);
 * a session whose project is not listed (e.g. archived and hidden) joins the no-project group.
 */
export function groupSessions(projects: readonly HubProject[], sessions: readonly HubSession[]): SessionGroup[] {
  const byNewest = (a: HubSession, b: HubSession) => b.createdAt.localeCompare(a.createdAt);
  const known = new Set(projects.map((p) => p.id));
  const groups: SessionGroup[] = projects.map((project) => ({ project, sessions: sessions.filter((s) => s.projectId === project.id).sort(byNewest) }));
  groups.sort((a, b) => latest(b).localeCompare(latest(a)));
  const loose = sessions.filter((s) => s.projectId === null || !known.has(s.projectId)).sort(byNewest);
  if (loose.length > 0) groups.push({ project: undefined, sessions: loose });
  return groups;
}
