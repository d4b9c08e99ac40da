// A tool call, folded to one line (tool, what it is about, running / done / error); unfolded it
// shows the input and the result. Test selectors: chat-tool-call (data-tool), chat-tool-status,
// chat-tool-input, chat-tool-result.
import type { ChatEvent } from "@porthole/protocol";
import { toolSummary } from "./chatFormat.js";

type Of<T extends ChatEvent["type"]> = Extract<ChatEvent, { type: T }>;

/** Tool output longer than this is shown cut, with a note (characters). */
const MAX_OUTPUT_CHARS = 20_000;

export function ToolResultBlock(props: { result: Of<"tool_result"> }) {
  const { output, isError } = props.result;
  const shown = output.length > MAX_OUTPUT_CHARS ? `${output.slice(0, MAX_OUTPUT_CHARS)}\n… (${output.length - MAX_OUTPUT_CHARS} more characters)` : output;
  return (
    <pre className={isError ? "tool-result tool-result-error" : "tool-result"} data-testid="chat-tool-result">
      {shown === "" ? "(no output)" : shown}
    </pre>
  );
}

export function ToolCallView(props: { call: Of<"tool_call">; result: Of<"tool_result"> | undefined }) {
  const { call, result } = props;
  const status = result === undefined ? "running" : result.isError ? "error" : "done";
  return (
    <details className={`tool tool-${status}`} data-testid="chat-tool-call" data-tool={call.name}>
      <summary>
        <span className="tool-name">{call.name}</span>
        <span className="tool-summary">{toolSummary(call.name, call.input)}</span>
        <span className="tool-status" data-testid="chat-tool-status" data-status={status}>
          {status === "running" ? "…" : status === "error" ? "error" : "✓"}
        </span>
      </summary>
      <pre className="tool-input" data-testid="chat-tool-input">
        {JSON.stringify(call.input, null, 2)}
      </pre>
      {result && <ToolResultBlock result={result} />}
    </details>
  );
}
