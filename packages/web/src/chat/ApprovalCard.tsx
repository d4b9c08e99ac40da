// A permission request: what the agent wants to do, and Allow once / Allow always for this session
// / Deny (with an optional reason). Once settled, by whoever answered first (here, another viewer,
// or the desk), it says how. Test selectors: approval-card (data-state waiting / answering /
// settled), approval-allow-once, approval-allow-always, approval-deny, approval-reason, approval-outcome.
import type { ChatEvent, PermissionDecision } from "@porthole/protocol";
import { useState, type FormEvent } from "react";
import { resolutionText, toolSummary } from "./chatFormat.js";

type Of<T extends ChatEvent["type"]> = Extract<ChatEvent, { type: T }>;

/** The part of the input worth reading before deciding (a file's new content, an edit, a command). */
function preview(input: Record<string, unknown>): string | undefined {
  const text = (key: string) => (typeof input[key] === "string" ? (input[key] as string) : undefined);
  const edit = text("old_string") !== undefined ? `− ${text("old_string")}\n+ ${text("new_string") ?? ""}` : undefined;
  const shown = text("content") ?? edit ?? text("command") ?? (Object.keys(input).length > 0 ? JSON.stringify(input, null, 2) : undefined);
  return shown !== undefined && shown.length > 4000 ? `${shown.slice(0, 4000)}…` : shown;
}

export function ApprovalCard(props: {
  request: Of<"permission_request">;
  resolution: Of<"permission_resolved"> | undefined;
  onAnswer: (decision: PermissionDecision, reason?: string) => boolean;
}) {
  const { request, resolution } = props;
  const [answering, setAnswering] = useState<PermissionDecision>();
  const [reason, setReason] = useState("");
  const state = resolution ? "settled" : answering ? "answering" : "waiting";
  const answer = (decision: PermissionDecision, why?: string) => {
    if (props.onAnswer(decision, why)) setAnswering(decision);
  };
  const deny = (event: FormEvent) => {
    event.preventDefault();
    answer("deny", reason.trim() === "" ? undefined : reason.trim());
  };
  const body = preview(request.input);
  const can = (decision: PermissionDecision) => request.options.includes(decision);
  return (
    <section className={`approval approval-${state}`} data-testid="approval-card" data-state={state} aria-label={`Approval for ${request.tool}`}>
      <header className="approval-head">
        <span className="approval-title">Allow {request.tool}?</span>
        <span className="approval-what">{toolSummary(request.tool, request.input)}</span>
      </header>
      {body !== undefined && <pre className="approval-preview">{body}</pre>}
      {resolution ? (
        <p className={`approval-outcome approval-${resolution.outcome}`} data-testid="approval-outcome" data-outcome={resolution.outcome} data-by={resolution.by}>
          {resolutionText(resolution)}
        </p>
      ) : (
        <form className="approval-actions" onSubmit={deny}>
          {can("allow_once") && (
            <button type="button" className="button" data-testid="approval-allow-once" disabled={answering !== undefined} onClick={() => answer("allow_once")}>
              Allow once
            </button>
          )}
          {can("allow_always") && (
            <button type="button" className="button button-secondary" data-testid="approval-allow-always" title={request.alwaysLabel} disabled={answering !== undefined} onClick={() => answer("allow_always")}>
              Allow always for this session
            </button>
          )}
          {can("allow_always") && <p className="approval-note">{request.alwaysLabel}</p>}
          {can("deny") && (
            <div className="approval-deny">
              <input data-testid="approval-reason" aria-label="Reason (optional, told to the agent)" placeholder="Reason (optional)" value={reason} maxLength={2000} onChange={(e) => setReason(e.target.value)} disabled={answering !== undefined} />
              <button type="submit" className="button button-danger" data-testid="approval-deny" disabled={answering !== undefined}>
                Deny
              </button>
            </div>
          )}
          {answering && <p className="approval-note">Sending your answer…</p>}
        </form>
      )}
    </section>
  );
}
