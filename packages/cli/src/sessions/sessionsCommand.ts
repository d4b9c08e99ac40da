// `porthole sessions`: this machine's running sessions, or with --hub all of the user's sessions on
// that hub; show one's current link; revoke sharing (devices forgotten, keys replaced, viewers
// disconnected) while the agent keeps running.
import type { Paths } from "../config/paths.js";
import { CredentialsError } from "../login/credentials.js";
import { LoginNeeded, withLogin } from "../login/hubCredentials.js";
import { getSessionOnHub, HubError, listSessionsOnHub, projectApi, revokeOnHub, type HubProject, type HubSession } from "../run/hubApi.js";
import { renderLink } from "../run/printLink.js";
import { readSessionFiles, type SessionFile } from "../run/sessionFile.js";

type Out = { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream };

/** Calls the hub with the session's token, or with the saved login it was started with. */
function asOwner<T>(paths: Paths, f: SessionFile, call: (token: string) => Promise<T>): Promise<T> {
  return f.auth === "login" ? withLogin(paths.credentials, f.hubUrl, call) : call(f.token);
}

function find(paths: Paths, id: string, io: Out): SessionFile | undefined {
  const matches = readSessionFiles(paths.sessions).filter((s) => s.id === id || s.id.startsWith(id));
  if (matches.length === 1) return matches[0];
  io.stderr.write(matches.length === 0 ? `porthole: no running session ${id} on this machine (see: porthole sessions)\n` : `porthole: ${id} matches several sessions; give more of the id\n`);
  return undefined;
}

export async function listSessions(paths: Paths, io: Out, opts: { json: boolean }): Promise<number> {
  const files = readSessionFiles(paths.sessions);
  const rows = await Promise.all(
    files.map(async (f) => {
      const remote = await asOwner(paths, f, (token) => getSessionOnHub(f.hubUrl, token, f.id)).catch(() => undefined);
      return { id: f.id, command: f.command, startedAt: f.startedAt, pid: f.pid, hub: f.embedded ? "embedded" : f.hubUrl, connected: remote?.session.hostOnline ?? false };
    }),
  );
  if (opts.json) {
    io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  if (rows.length === 0) {
    io.stdout.write("No running sessions on this machine. Start one: porthole run -- claude\n");
    return 0;
  }
  for (const r of rows) io.stdout.write(`${r.id}  ${r.connected ? "online " : "offline"}  pid ${r.pid}  ${r.startedAt}  ${r.hub}  ${r.command}\n`);
  return 0;
}

export async function showLink(paths: Paths, id: string, io: Out, opts: { qr: boolean }): Promise<number> {
  const file = find(paths, id, io);
  if (!file) return 1;
  io.stdout.write(await renderLink(file.link, opts));
  return 0;
}

export async function revokeSession(paths: Paths, id: string, io: Out): Promise<number> {
  const file = find(paths, id, io);
  if (!file) return 1;
  try {
    await asOwner(paths, file, (token) => revokeOnHub(file.hubUrl, token, file.id));
  } catch (error) {
    io.stderr.write(`porthole: could not revoke: ${(error as Error).message}\n`);
    return 1;
  }
  io.stdout.write(`Sharing of ${file.id} revoked: every device must pair again. The agent keeps running.\nNew link: porthole sessions link ${file.id}\n`);
  return 0;
}

/** `porthole sessions --hub URL`: the user's sessions on that hub, from every machine, grouped by project. */
export async function listHubSessions(paths: Paths, io: Out, opts: { hub: string; token: string | undefined; json: boolean }): Promise<number> {
  let sessions: HubSession[];
  let projects: HubProject[];
  try {
    // A hub older than projects answers 404 to /v1/projects: its sessions are listed ungrouped.
    const call = async (token: string) => ({
      sessions: (await listSessionsOnHub(opts.hub, token)).sessions,
      projects: (await projectApi.list(opts.hub, token).catch(() => ({ projects: [] }))).projects,
    });
    ({ sessions, projects } = opts.token ? await call(opts.token) : await withLogin(paths.credentials, opts.hub, call));
  } catch (error) {
    if (!(error instanceof LoginNeeded || error instanceof CredentialsError || error instanceof HubError)) throw error;
    const hint = error instanceof HubError && error.status === 401 ? " (the token was refused: run porthole login, or check --token)" : "";
    io.stderr.write(`porthole: could not list the sessions on ${opts.hub}: ${error.message}${hint}\n`);
    return 1;
  }
  if (opts.json) {
    io.stdout.write(`${JSON.stringify(sessions, null, 2)}\n`);
    return 0;
  }
  if (sessions.length === 0) {
    io.stdout.write(`No sessions on ${opts.hub}. Start one: porthole run --hub ${opts.hub} -- claude\n`);
    return 0;
  }
  const line = (s: HubSession, indent: string) => {
    const state = s.endedAt !== null ? "ended  " : s.hostOnline ? "online " : "offline";
    io.stdout.write(`${indent}${s.id}  ${state}  ${s.createdAt}  ${s.name}\n`);
  };
  const grouped = projects.map((p) => ({ p, list: sessions.filter((s) => s.projectId === p.id) })).filter((g) => g.list.length > 0);
  const known = new Set(grouped.map((g) => g.p.id));
  const loose = sessions.filter((s) => !s.projectId || !known.has(s.projectId));
  for (const { p, list } of grouped) {
    io.stdout.write(`${p.name}  (${p.machine}:${p.directory})  project ${p.id}\n`);
    for (const s of list) line(s, "  ");
  }
  if (grouped.length > 0 && loose.length > 0) io.stdout.write("No project\n");
  for (const s of loose) line(s, grouped.length > 0 ? "  " : "");
  return 0;
}
