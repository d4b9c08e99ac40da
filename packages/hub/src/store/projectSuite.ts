// The projects part of the shared Store suite (see storeSuite.ts): find-or-create by place,
// summaries, archive filters and deleting a project with its sessions and frames.
import { randomBytes } from "node:crypto";
import { expect, it } from "vitest";
import { defaultProjectName } from "./projectStore.js";
import type { NewSession, Store } from "./store.js";

const newId = () => randomBytes(16).toString("base64url");

/** Registers the project tests; `store()` is the open store, `newSession()` a fresh unsaved session. */
export function projectSuite(store: () => Store, newSession: () => NewSession): void {
  const place = (ownerId = newId()) => ({ ownerId, machine: "laptop", directory: `/home/ann/${newId()}` });

  it("finds or creates one project per owner, machine and directory, even under concurrent calls", async () => {
    const key = place();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => store().projects.findOrCreateProject(key, { id: newId(), createdAt: 1_000 + i })),
    );
    expect(new Set(results.map((p) => p.id)).size).toBe(1);
    expect(results[0]).toMatchObject({ ...key, name: defaultProjectName(key.directory), archivedAt: null });
    const again = await store().projects.findOrCreateProject(key, { id: newId(), name: "ignored", createdAt: 9 });
    expect(again).toEqual(await store().projects.getProject(results[0]!.id));
    const otherMachine = await store().projects.findOrCreateProject({ ...key, machine: "desk" }, { id: newId(), name: "Desk copy", createdAt: 1 });
    const otherOwner = await store().projects.findOrCreateProject({ ...key, ownerId: newId() }, { id: newId(), createdAt: 1 });
    expect(new Set([again.id, otherMachine.id, otherOwner.id]).size).toBe(3);
    expect(otherMachine.name).toBe("Desk copy");
    expect(await store().projects.getProject(newId())).toBeUndefined();
  });

  it("names a project after the directory's last segment", () => {
    expect(defaultProjectName("/home/ann/porthole/")).toBe("porthole");
    expect(defaultProjectName("C:\\Users\\ann\\web")).toBe("web");
    expect(defaultProjectName("/")).toBe("/");
    expect(defaultProjectName("C:\\")).toBe("C:\\");
  });

  it("lists the owner's projects with session counts and last activity, archived ones on request", async () => {
    const ownerId = newId();
    const quiet = await store().projects.findOrCreateProject(place(ownerId), { id: newId(), createdAt: 500 });
    const busy = await store().projects.findOrCreateProject(place(ownerId), { id: newId(), createdAt: 100 });
    await store().createSession({ ...newSession(), ownerId, projectId: busy.id, createdAt: 1_000 });
    const ended = await store().createSession({ ...newSession(), ownerId, projectId: busy.id, createdAt: 2_000 });
    await store().endSession(ended.id, 0, 3_000);
    await store().projects.findOrCreateProject(place(), { id: newId(), createdAt: 1 });

    const listed = await store().projects.listProjects(ownerId);
    expect(listed.map((p) => [p.id, p.sessionCount, p.lastActivityAt])).toEqual([[busy.id, 2, 3_000], [quiet.id, 0, null]]);

    expect(await store().projects.updateProject(quiet.id, { archivedAt: 4_000, name: "Old" })).toMatchObject({ archivedAt: 4_000, name: "Old" });
    expect((await store().projects.listProjects(ownerId)).map((p) => p.id)).toEqual([busy.id]);
    expect((await store().projects.listProjects(ownerId, { includeArchived: true })).map((p) => p.id)).toEqual([busy.id, quiet.id]);
    expect(await store().projects.updateProject(quiet.id, { archivedAt: null })).toMatchObject({ archivedAt: null, name: "Old" });
    expect(await store().projects.updateProject(quiet.id, {})).toMatchObject({ name: "Old" });
    expect(await store().projects.updateProject(newId(), { name: "x" })).toBeUndefined();
  });

  it("filters sessions by project and hides archived sessions and sessions of archived projects unless asked", async () => {
    const ownerId = newId();
    const project = await store().projects.findOrCreateProject(place(ownerId), { id: newId(), createdAt: 1 });
    const inProject = await store().createSession({ ...newSession(), ownerId, projectId: project.id, createdAt: 3 });
    const loose = await store().createSession({ ...newSession(), ownerId, createdAt: 2 });
    const archived = await store().createSession({ ...newSession(), ownerId, createdAt: 1 });
    expect(await store().updateSession(archived.id, { archivedAt: 10 })).toMatchObject({ archivedAt: 10 });

    const ids = async (filter?: Parameters<Store["listSessions"]>[1]) => (await store().listSessions(ownerId, filter)).map((s) => s.id);
    expect(await ids()).toEqual([inProject.id, loose.id]);
    expect(await ids({ includeArchived: true })).toEqual([inProject.id, loose.id, archived.id]);
    expect(await ids({ projectId: project.id })).toEqual([inProject.id]);
    expect(await ids({ projectId: newId() })).toEqual([]);

    await store().projects.updateProject(project.id, { archivedAt: 20 });
    expect(await ids()).toEqual([loose.id]);
    expect(await ids({ projectId: project.id, includeArchived: true })).toEqual([inProject.id]);
    expect(await store().updateSession(archived.id, { archivedAt: null })).toMatchObject({ archivedAt: null });
    expect(await ids()).toEqual([loose.id, archived.id]);
  });

  it("deletes a project with its sessions and their frames, leaving other projects alone", async () => {
    const ownerId = newId();
    const doomed = await store().projects.findOrCreateProject(place(ownerId), { id: newId(), createdAt: 1 });
    const kept = await store().projects.findOrCreateProject(place(ownerId), { id: newId(), createdAt: 1 });
    const a = await store().createSession({ ...newSession(), ownerId, projectId: doomed.id });
    const b = await store().createSession({ ...newSession(), ownerId, projectId: doomed.id });
    const c = await store().createSession({ ...newSession(), ownerId, projectId: kept.id });
    await store().appendFrames(a.id, [{ seq: 1, data: new Uint8Array([1, 2, 3]) }], Infinity);

    expect((await store().projects.deleteProject(doomed.id))?.sort()).toEqual([a.id, b.id].sort());
    expect(await store().projects.getProject(doomed.id)).toBeUndefined();
    expect(await store().getSession(a.id)).toBeUndefined();
    expect(await store().readFrames(a.id, 1, Infinity)).toEqual([]);
    expect(await store().getSession(c.id)).toMatchObject({ projectId: kept.id });
    expect(await store().projects.deleteProject(doomed.id)).toBeUndefined();
    expect(await store().projects.deleteProject(kept.id)).toEqual([c.id]);
  });
}
