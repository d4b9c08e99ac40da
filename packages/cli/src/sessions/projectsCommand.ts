// `porthole projects`: your projects on a hub (a working directory on a machine, grouping sessions),
// and rename / archive / unarchive / delete one, named by id, a unique id prefix, or its exact name.
import type { Paths } from "../config/paths.js";
import { CredentialsError } from "../login/credentials.js";
import { LoginNeeded, withLogin } from "../login/hubCredentials.js";
import { HubError, projectApi, type HubProject } from "../run/hubApi.js";

type Out = { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream };

/** What to do: list, or change the project named by `project`. */
export type ProjectsAction =
  | { t: "list"; archived: boolean; json: boolean }
  | { t: "rename"; project: string; name: string }
  | { t: "archive"; project: string; archived: boolean }
  | { t: "delete"; project: string; force: boolean };

/** The one project `ref` names among all of the user's (archived too), or why not. */
function pick(projects: HubProject[], ref: string): HubProject | string {
  const exact = projects.filter((p) => p.id === ref || p.name === ref);
  const matches = exact.length > 0 ? exact : projects.filter((p) => p.id.startsWith(ref));
  if (matches.length === 1) return matches[0]!;
  return matches.length === 0 ? `no project ${ref} (see: porthole projects --archived)` : `${ref} matches several projects; give its id`;
}

export async function projectsCommand(paths: Paths, io: Out, opts: { hub: string; token: string | undefined; action: ProjectsAction }): Promise<number> {
  const { hub, action } = opts;
  const run = async (token: string): Promise<number> => {
    if (action.t === "list") {
      const { projects } = await projectApi.list(hub, token, { archived: action.archived });
      if (action.json) io.stdout.write(`${JSON.stringify(projects, null, 2)}\n`);
      else if (projects.length === 0) io.stdout.write(`No projects on ${hub}. Run porthole run --hub ${hub} -- claude in a project's directory.\n`);
      else for (const p of projects) io.stdout.write(`${p.id}  ${p.name}  ${p.machine}:${p.directory}  ${p.sessionCount ?? 0} session(s)${p.archivedAt ? "  archived" : ""}\n`);
      return 0;
    }
    const found = pick((await projectApi.list(hub, token, { archived: true })).projects, action.project);
    if (typeof found === "string") {
      io.stderr.write(`porthole: ${found}\n`);
      return 1;
    }
    if (action.t === "rename") {
      const { project } = await projectApi.update(hub, token, found.id, { name: action.name });
      io.stdout.write(`Renamed ${found.id} to ${project.name}.\n`);
    } else if (action.t === "archive") {
      await projectApi.update(hub, token, found.id, { archived: action.archived });
      io.stdout.write(action.archived ? `Archived ${found.name}: hidden with its sessions until you unarchive it.\n` : `Unarchived ${found.name}.\n`);
    } else {
      await projectApi.remove(hub, token, found.id, { force: action.force });
      io.stdout.write(`Deleted ${found.name} and its sessions.\n`);
    }
    return 0;
  };
  try {
    return opts.token ? await run(opts.token) : await withLogin(paths.credentials, hub, run);
  } catch (error) {
    if (!(error instanceof LoginNeeded || error instanceof CredentialsError || error instanceof HubError)) throw error;
    const hint =
      error instanceof HubError && error.code === "conflict" ? " (add --force to delete it anyway)" : error instanceof HubError && error.status === 401 ? " (run porthole login, or check --token)" : "";
    io.stderr.write(`porthole: ${error.message}${hint}\n`);
    return 1;
  }
}
