// groupSessions: projects ordered by latest activity, sessions newest first, loose sessions last.
import { describe, expect, it } from "vitest";
import type { HubProject, HubSession } from "../api/hubTypes.js";
import { groupSessions } from "./groupSessions.js";

const project = (id: string, createdAt: string, lastActivityAt: string | null = null): HubProject => ({
  id, name: id, machine: "laptop", directory: `/home/ann/${id}`, createdAt, archivedAt: null, sessionCount: 0, lastActivityAt,
});
const session = (id: string, projectId: string | null, createdAt: string, endedAt: string | null = null): HubSession => ({
  id, name: id, command: "claude", cols: 80, rows: 24, createdAt, endedAt, hostOnline: false, storedBytes: 0, projectId, archivedAt: null,
});

describe("groupSessions", () => {
  it("orders projects by their latest session start or end and puts sessions without a project last", () => {
    const groups = groupSessions(
      [project("old", "2024-01-01T00:00:00Z"), project("busy", "2023-01-01T00:00:00Z"), project("empty", "2024-06-01T00:00:00Z")],
      [
        session("a", "busy", "2024-05-01T00:00:00Z", "2024-07-01T00:00:00Z"),
        session("b", "busy", "2024-05-02T00:00:00Z"),
        session("c", null, "2025-01-01T00:00:00Z"),
        session("d", "old", "2024-02-01T00:00:00Z"),
        session("e", "hidden-archived-project", "2024-03-01T00:00:00Z"),
      ],
    );
    expect(groups.map((g) => [g.project?.id, g.sessions.map((s) => s.id)])).toEqual([
      ["busy", ["b", "a"]],
      ["empty", []],
      ["old", ["d"]],
      [undefined, ["c", "e"]],
    ]);
  });

  it("has no groups for no projects and no sessions", () => {
    expect(groupSessions([], [])).toEqual([]);
  });
});
