// Turns Claude Code's JSON lines (its session transcript and its stream-json output share the
// message shapes) into chat event bodies. Shapes checked against Claude Code 2.1.330; see
// fixtures/ for recorded lines. Unknown lines are skipped, never thrown on.
import type { ChatEventBody, TodoItem } from "@porthole/protocol";
import { fileEditFrom } from "./fileEdit.js";
import { asRecord, num, str, type Json } from "./json.js";

/** Where the lines come from: the transcript file (`~/.claude/projects/…/ID.jsonl`) or stream-json stdout. */
export type LineSource = "transcript" | "stream";

export interface ClaudeLineMapper {
  /** Chat event bodies for one parsed line, in order (often none). */
  map(line: unknown): ChatEventBody[];
  /** True between a turn_start and its turn_end. */
  readonly inTurn: boolean;
}

const INTERRUPTED = /^\[Request interrupted by user/;
const LOCAL_COMMAND = /^<(command-name|command-message|command-args|local-command-stdout|local-command-caveat)>/;

/** The text of a message's content: a string, or its text blocks joined by newlines. */
function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((block) => asRecord(block))
    .filter((block) => block?.type === "text")
    .map((block) => str(block?.text) ?? "")
    .join("\n");
}

/** A tool result's output as text; images become "[image]". */
function outputOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((block) => asRecord(block))
    .map((block) => (block?.type === "image" ? "[image]" : (str(block?.text) ?? "")))
    .join("\n");
}

function todosOf(input: Json): TodoItem[] | undefined {
  if (!Array.isArray(input.todos)) return undefined;
  const statuses = new Set(["pending", "in_progress", "completed"]);
  return input.todos.flatMap((raw) => {
    const todo = asRecord(raw);
    const content = str(todo?.content);
    const status = str(todo?.status);
    return content !== undefined && status !== undefined && statuses.has(status) ? [{ content, status: status as TodoItem["status"] }] : [];
  });
}

function timeOf(line: Json): number | undefined {
  const stamp = str(line.timestamp);
  const ms = stamp === undefined ? NaN : Date.parse(stamp);
  return Number.isFinite(ms) ? ms : undefined;
}

/** A new mapper; keep one per session, since turns and token counts span lines. */
export function createClaudeLineMapper(source: LineSource): ClaudeLineMapper {
  let inTurn = false;
  /** Tokens per API message id in the current turn (the transcript repeats usage on every block). */
  let usage = new Map<string, { input: number; output: number }>();
  let lastTotalCost: number | undefined;
  let lastMode: string | undefined;

  /** A permission_mode notification when the mode differs from the last one seen. */
  const modeChange = (mode: unknown, at: number | undefined): ChatEventBody[] => {
    if (typeof mode !== "string" || mode === lastMode) return [];
    lastMode = mode;
    return [{ type: "notification", at, kind: "permission_mode", text: mode }];
  };

  const startTurn = (at: number | undefined): ChatEventBody[] => {
    if (inTurn) return [];
    inTurn = true;
    usage = new Map();
    return [{ type: "turn_start", at }];
  };
  const endTurn = (fields: Omit<Extract<ChatEventBody, { type: "turn_end" }>, "type">): ChatEventBody[] => {
    if (!inTurn) return [];
    inTurn = false;
    const totals = [...usage.values()].reduce((a, b) => ({ input: a.input + b.input, output: a.output + b.output }), { input: 0, output: 0 });
    return [{ type: "turn_end", inputTokens: totals.input, outputTokens: totals.output, ...fields }];
  };

  function user(line: Json, message: Json, at: number | undefined): ChatEventBody[] {
    const content = message.content;
    const events: ChatEventBody[] = [];
    const results = Array.isArray(content) ? content.map(asRecord).filter((b) => b?.type === "tool_result") : [];
    for (const block of results) {
      const id = str(block?.tool_use_id);
      if (block === undefined || id === undefined) continue;
      const isError = block.is_error === true;
      events.push({ type: "tool_result", at, id, output: outputOf(block.content), isError });
      const edit = isError ? undefined : fileEditFrom(asRecord(line.toolUseResult ?? line.tool_use_result));
      if (edit !== undefined) events.push({ type: "file_edit", at, toolId: id, ...edit });
    }
    const text = textOf(content);
    if (text === "" || line.isReplay === true) return events;
    if (INTERRUPTED.test(text)) {
      // The stream's result line ends the turn there; the transcript has no other end marker.
      return source === "transcript" ? [...events, ...endTurn({ at, interrupted: true })] : events;
    }
    if (LOCAL_COMMAND.test(text) || source === "stream") return events;
    return [...events, ...modeChange(line.permissionMode, at), ...startTurn(at), { type: "user_message", at, text }];
  }

  function assistant(line: Json, message: Json, at: number | undefined): ChatEventBody[] {
    const id = str(message.id);
    const u = asRecord(message.usage);
    if (id !== undefined && u !== undefined && source === "transcript") {
      const input = (num(u.input_tokens) ?? 0) + (num(u.cache_creation_input_tokens) ?? 0) + (num(u.cache_read_input_tokens) ?? 0);
      usage.set(id, { input, output: num(u.output_tokens) ?? 0 });
    }
    const blocks = Array.isArray(message.content) ? message.content.map(asRecord) : [];
    if (line.isApiErrorMessage === true) return [{ type: "error", at, message: textOf(message.content) || "API error" }];
    return blocks.flatMap((block): ChatEventBody[] => {
      if (block?.type === "text") {
        const text = str(block.text) ?? "";
        return text.trim() === "" ? [] : [{ type: "assistant_message", at, text }];
      }
      if (block?.type !== "tool_use") return [];
      const toolId = str(block.id);
      const name = str(block.name);
      const input = asRecord(block.input) ?? {};
      if (toolId === undefined || name === undefined) return [];
      const call: ChatEventBody = { type: "tool_call", at, id: toolId, name, input };
      const todos = name === "TodoWrite" ? todosOf(input) : undefined;
      return todos === undefined ? [call] : [call, { type: "todo_list", at, items: todos }];
    });
  }

  function result(line: Json): ChatEventBody[] {
    const total = num(line.total_cost_usd);
    const costUsd = total === undefined ? undefined : Math.max(0, Math.round((total - (lastTotalCost ?? 0)) * 1e6) / 1e6);
    if (total !== undefined) lastTotalCost = total;
    const interrupted = line.terminal_reason === "aborted_streaming" || line.terminal_reason === "aborted_tools";
    const u = asRecord(line.usage);
    const input = (num(u?.input_tokens) ?? 0) + (num(u?.cache_creation_input_tokens) ?? 0) + (num(u?.cache_read_input_tokens) ?? 0);
    const end = endTurn({ durationMs: num(line.duration_ms), inputTokens: input, outputTokens: num(u?.output_tokens) ?? 0, costUsd, interrupted });
    const failed = line.is_error === true && !interrupted && line.terminal_reason !== "api_error";
    const errors = Array.isArray(line.errors) ? line.errors.filter((e) => typeof e === "string").join("\n") : "";
    return failed ? [{ type: "error", message: str(line.result) ?? (errors || "the turn failed") }, ...end] : end;
  }

  return {
    get inTurn() {
      return inTurn;
    },
    map(raw) {
      const line = asRecord(raw);
      if (line === undefined || line.isSidechain === true || line.isMeta === true || line.isCompactSummary === true) return [];
      if (line.parent_tool_use_id !== undefined && line.parent_tool_use_id !== null) return [];
      const at = timeOf(line);
      const message = asRecord(line.message);
      switch (line.type) {
        case "user":
          return message === undefined ? [] : user(line, message, at);
        case "assistant":
          return message === undefined ? [] : assistant(line, message, at);
        case "system":
          if (line.subtype === "turn_duration") return endTurn({ at, durationMs: num(line.durationMs), interrupted: false });
          if (line.subtype === "init" && source === "stream") return [...modeChange(line.permissionMode, at), ...startTurn(at)];
          if (line.subtype === "status") return modeChange(line.permissionMode, at);
          return [];
        case "permission-mode":
          return modeChange(line.permissionMode, at);
        case "result":
          return result(line);
        default:
          return [];
      }
    },
  };
}
