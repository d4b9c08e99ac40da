// A user's hosted workspace on the hub's disk: WORKSPACES/USER_ID/projects/PROJECT (the agent's
// working folder) and WORKSPACES/USER_ID/home (its HOME), owned by the sandbox's uid when the hub is root.
import { createHash } from "node:crypto";
import { chown, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";

/** A project name: a single safe path segment. */
export const projectName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit")
  .refine((name) => !name.includes(".."), "must not contain '..'");

/** User ids become folder names: only ids made of safe characters are accepted. */
const userIdSegment = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/);

export interface Workspace {
  /** The user's folder (all their projects and their hosted home). */
  userDir: string;
  /** The project folder: the agent's working directory. */
  dir: string;
  /** HOME inside the sandbox. */
  home: string;
}

export function workspacePaths(root: string, userId: string, project: string): Workspace {
  const user = userIdSegment.parse(userId);
  const userDir = join(root, user);
  return { userDir, dir: join(userDir, "projects", projectName.parse(project)), home: join(userDir, "home") };
}

/** The uid a user's sandboxes run as when the hub is root: stable per user, never 0. */
export function sandboxUid(uidBase: number, userId: string): number {
  return uidBase + (createHash("sha256").update(userId).digest().readUInt32BE(0) % 60_000);
}

/** Makes the workspace's folders (owner-only), owned by `uid` when given. */
export async function ensureWorkspace(root: string, ws: Workspace, uid: number | undefined): Promise<void> {
  await mkdir(root, { recursive: true, mode: 0o711 });
  for (const dir of [ws.userDir, join(ws.userDir, "projects"), ws.home, ws.dir]) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    if (uid !== undefined) await chown(dir, uid, uid);
  }
}

/**
 * Claude Code's ~/.claude.json: onboarding done, this folder trusted, this API key approved (by its
 * last 20 characters, as Claude Code records it), so it starts straight at the prompt.
 */
export async function prepareClaudeHome(ws: Workspace, apiKey: string | undefined, uid: number | undefined): Promise<void> {
  const path = join(ws.home, ".claude.json");
  let state: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(await readFile(path, "utf8"));
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) state = parsed as Record<string, unknown>;
  } catch {
    state = {};
  }
  const projects = (state.projects && typeof state.projects === "object" ? state.projects : {}) as Record<string, Record<string, unknown>>;
  projects[ws.dir] = { ...projects[ws.dir], hasTrustDialogAccepted: true };
  const responses = (state.customApiKeyResponses && typeof state.customApiKeyResponses === "object" ? state.customApiKeyResponses : {}) as { approved?: string[]; rejected?: string[] };
  const approved = new Set(responses.approved ?? []);
  if (apiKey) approved.add(apiKey.slice(-20));
  const next = { ...state, hasCompletedOnboarding: true, projects, customApiKeyResponses: { ...responses, approved: [...approved] } };
  await writeFile(path, JSON.stringify(next, null, 2), { mode: 0o600 });
  if (uid !== undefined) await chown(path, uid, uid);
}
