// Which project a new session joins: by id (the owner's own) or by place (machine + working
// directory, found or created). Used by POST /v1/sessions; hosted sessions call it the same way.
import { randomBytes } from "node:crypto";
import { PortholeError } from "@porthole/protocol";
import { z } from "zod";
import type { ProjectRecord, Store } from "../store/index.js";
import { printable } from "./projectInput.js";

/** Where a session runs, as a client reports it. Limits in characters. */
export const projectPlace = z
  .object({
    /** The machine's name, e.g. os.hostname(). */
    machine: printable(255).trim().min(1),
    /** The working directory on that machine, e.g. process.cwd(). */
    directory: printable(4096).min(1),
    /** The project's name if it is created now; default: the directory's last segment. */
    name: printable(200).trim().min(1).optional(),
  })
  .strict();
export type ProjectPlace = z.infer<typeof projectPlace>;

/** A project id as the API accepts it. */
export const projectId = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, "malformed project id");

/**
 * The project for a new session of `ownerId`: the owner's project `projectId`, or the one at
 * `place` (created when missing). An archived project comes back (is unarchived): a new session
 * there means it is in use again. Throws not_found for a missing or another owner's project id.
 * Returns undefined when neither is given (the session has no project).
 */
export async function projectForNewSession(
  store: Store,
  ownerId: string,
  input: { projectId?: string; place?: ProjectPlace },
): Promise<ProjectRecord | undefined> {
  let project: ProjectRecord | undefined;
  if (input.projectId !== undefined) {
    project = await store.projects.getProject(input.projectId);
    if (project?.ownerId !== ownerId) throw new PortholeError("not_found", "no such project");
  } else if (input.place !== undefined) {
    const { machine, directory, name } = input.place;
    project = await store.projects.findOrCreateProject(
      { ownerId, machine, directory },
      { id: randomBytes(16).toString("base64url"), createdAt: Date.now(), ...(name === undefined ? {} : { name }) },
    );
  } else {
    return undefined;
  }
  if (project.archivedAt !== null) project = (await store.projects.updateProject(project.id, { archivedAt: null })) ?? project;
  return project;
}
