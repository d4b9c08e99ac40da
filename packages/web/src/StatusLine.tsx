// The session's status line: connection state, exit code once the program ended, and what to do
// when stuck. Test selectors: data-testid="status" and "exit-code".
import type { ViewerStatus } from "@porthole/protocol";
import { statusText } from "./statusText.js";

export interface ExitInfo {
  code: number | null;
  signal: number | null;
}

export function StatusLine(props: { status: ViewerStatus; detail: string; exit: ExitInfo | undefined }) {
  const { label, hint } = statusText(props.status, props.detail);
  const { exit } = props;
  return (
    <div className={`status status-${props.status}`} data-testid="status" role="status" aria-live="polite">
      <span className="status-dot" aria-hidden="true" />
      <span className="status-text">
        <span className="status-label">{label}</span>
        {exit && (
          <span className="status-exit">
            {exit.code === null ? " · killed by " : " · exit code "}
            <span data-testid="exit-code">{exit.code === null ? `signal ${exit.signal ?? "?"}` : exit.code}</span>
          </span>
        )}
        {hint && <span className="status-hint">{hint}</span>}
      </span>
    </div>
  );
}
