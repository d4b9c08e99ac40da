// What a PermissionRequest hook prints to decide for the person, and how "allow always" is worded.
// Output shape checked on Claude Code 2.1.330: {"hookSpecificOutput":{"hookEventName":
// "PermissionRequest","decision":{"behavior":"allow"|"deny", "updatedPermissions"?, "message"?}}}.
import type { PermissionDecision } from "@porthole/protocol";
import { asRecord, str, type Json } from "./json.js";

/** Told to the model when a viewer denies without a reason. */
export const DEFAULT_DENY_MESSAGE = "The person denied this tool use from Porthole.";

/**
 * The permission updates "allow always" applies: Claude Code's own suggestions (what its dialog
 * offers as option 2, e.g. `setMode acceptEdits` for Write, `addRules Bash(npm install *)`) kept to
 * this session, or else an allow rule for the whole tool for this session.
 */
export function sessionPermissions(toolName: string, suggestions: unknown): Json[] {
  const kept = (Array.isArray(suggestions) ? suggestions : [])
    .map(asRecord)
    .filter((s): s is Json => s !== undefined && (s.type === "addRules" || s.type === "setMode" || s.type === "addDirectories"))
    .map((s) => ({ ...s, destination: "session" }));
  return kept.length > 0 ? kept : [{ type: "addRules", rules: [{ toolName }], behavior: "allow", destination: "session" }];
}

/** The message a denial tells the model: the viewer's reason, or a default. */
export function denyMessage(reason: string | undefined): string {
  return reason !== undefined && reason.trim() !== "" ? reason : DEFAULT_DENY_MESSAGE;
}

/** The hook's stdout for a viewer's decision. */
export function permissionAnswer(decision: PermissionDecision, toolName: string, suggestions: unknown, reason?: string): string {
  const body =
    decision === "deny"
      ? { behavior: "deny", message: denyMessage(reason) }
      : decision === "allow_always"
        ? { behavior: "allow", updatedPermissions: sessionPermissions(toolName, suggestions) }
        : { behavior: "allow" };
  return JSON.stringify({ hookSpecificOutput: { hookEventName: "PermissionRequest", decision: body } });
}

/** The hook's stdout answering AskUserQuestion: allowed, with the person's answers added to the tool's input. */
export function questionAnswer(input: Json, answers: Record<string, string>): string {
  return JSON.stringify({ hookSpecificOutput: { hookEventName: "PermissionRequest", decision: { behavior: "allow", updatedInput: { ...input, answers } } } });
}

function ruleText(rule: unknown): string {
  const r = asRecord(rule);
  const tool = str(r?.toolName) ?? "?";
  const content = str(r?.ruleContent);
  return content === undefined ? tool : `${tool}(${content})`;
}

/** Words for the "allow always" button, e.g. "Allow, and accept edits for this session". */
export function alwaysLabel(toolName: string, suggestions: unknown): string {
  const parts = sessionPermissions(toolName, suggestions).map((update) => {
    if (update.type === "setMode") return update.mode === "acceptEdits" ? "accept edits" : `switch to ${str(update.mode) ?? "?"} mode`;
    if (update.type === "addDirectories") return `allow ${(Array.isArray(update.directories) ? update.directories : []).join(", ")}`;
    return `allow ${(Array.isArray(update.rules) ? update.rules : []).map(ruleText).join(", ")}`;
  });
  return `Allow, and ${parts.join("; ")} for this session`;
}
