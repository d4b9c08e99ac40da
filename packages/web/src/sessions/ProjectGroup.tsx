// One project on /sessions: its name, machine and directory, rename / archive / delete (deleting
// takes its sessions; while a desk is connected the hub refuses, and "Delete anyway" forces it),
// then its sessions. The group of sessions without a project has no project actions.
import type { HubProject } from "../api/hubTypes.js";
import { ConfirmButton } from "../ui/ConfirmButton.js";
import type { SessionGroup } from "./groupSessions.js";
import { RenameButton } from "./RenameButton.js";
import { SessionRow, type SessionActions } from "./SessionRow.js";

export interface ProjectActions {
  busy: boolean;
  rename(id: string, name: string): Promise<boolean>;
  archive(id: string, archived: boolean): void;
  remove(id: string, force: boolean): void;
  /** The project whose delete the hub refused because a desk is connected. */
  refusedDelete: string | undefined;
}

function ProjectHeader(props: { project: HubProject; count: number; actions: ProjectActions }) {
  const { project, actions } = props;
  const archived = project.archivedAt !== null;
  return (
    <div className="project-header">
      <div className="item-main">
        <h2 className="project-name" data-testid="project-name">
          {project.name} {archived && <span className="badge" data-testid="project-archived">archived</span>}
        </h2>
        <span className="muted small project-place" title={`${project.machine}:${project.directory}`}>
          {project.machine}:{project.directory}
        </span>
      </div>
      <div className="item-actions">
        <RenameButton current={project.name} testId="project-rename" disabled={actions.busy} onSave={(name) => actions.rename(project.id, name)} />
        <button type="button" className="button button-small button-secondary" data-testid="project-archive" disabled={actions.busy} onClick={() => actions.archive(project.id, !archived)}>
          {archived ? "Unarchive" : "Archive"}
        </button>
        <ConfirmButton label="Delete" confirmLabel={props.count > 0 ? `Delete with ${props.count} session${props.count === 1 ? "" : "s"}` : "Delete now"} testId="project-delete" disabled={actions.busy} onConfirm={() => actions.remove(project.id, false)} />
      </div>
      {actions.refusedDelete === project.id && (
        <p role="alert" className="alert alert-error project-refused" data-testid="project-delete-refused">
          A desk of this project is still connected.{" "}
          <ConfirmButton label="Delete anyway" confirmLabel="Delete and disconnect" testId="project-delete-force" disabled={actions.busy} onConfirm={() => actions.remove(project.id, true)} />
        </p>
      )}
    </div>
  );
}

export function ProjectGroup(props: { group: SessionGroup; now: number; reopenUrl: (id: string) => string | undefined; projectActions: ProjectActions; sessionActions: SessionActions }) {
  const { project, sessions } = props.group;
  return (
    <section className="card project-group" data-testid="project-group" data-project-id={project?.id ?? ""}>
      {project ? (
        <ProjectHeader project={project} count={project.sessionCount ?? sessions.length} actions={props.projectActions} />
      ) : (
        <h2 className="project-name" data-testid="project-name">No project</h2>
      )}
      {sessions.length === 0 ? (
        <p className="muted small">No sessions to show here.</p>
      ) : (
        <ul className="item-list" data-testid="sessions-list">
          {sessions.map((s) => (
            <SessionRow key={s.id} session={s} reopenUrl={props.reopenUrl(s.id)} now={props.now} actions={props.sessionActions} />
          ))}
        </ul>
      )}
    </section>
  );
}
