// Adds our hook settings to a `claude` command line. Claude Code 2.1.330 keeps only the last
// `--settings` it is given (checked), so a person's own `--settings FILE|JSON` is merged with ours
// into one file instead of being overridden.
import { readFile, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { asRecord, type Json } from "./json.js";

/** Their hooks and ours, per event, theirs first; every other setting is theirs. */
export function mergeSettings(theirs: Json, ours: Json): Json {
  const theirHooks = asRecord(theirs.hooks) ?? {};
  const ourHooks = asRecord(ours.hooks) ?? {};
  const hooks: Json = { ...theirHooks };
  for (const [event, matchers] of Object.entries(ourHooks)) {
    const existing = theirHooks[event];
    hooks[event] = [...(Array.isArray(existing) ? existing : []), ...(Array.isArray(matchers) ? matchers : [])];
  }
  return { ...theirs, hooks };
}

async function readSettingsValue(value: string, cwd: string): Promise<Json> {
  const text = value.trimStart().startsWith("{") ? value : await readFile(resolve(cwd, value), "utf8");
  const parsed = asRecord(JSON.parse(text));
  if (parsed === undefined) throw new Error("--settings is not a JSON object");
  return parsed;
}

/**
 * The args with our settings file added: `--settings OURS` appended, or, when the person gave
 * their own `--settings` (file path or JSON), one merged file in place of theirs. Throws when
 * theirs cannot be read, so the person hears about it before Claude Code starts.
 */
export async function withHookSettings(args: readonly string[], settingsPath: string, settings: Json, cwd: string): Promise<string[]> {
  const at = args.findIndex((arg) => arg === "--settings" || arg.startsWith("--settings="));
  if (at < 0) return [...args, "--settings", settingsPath];
  const arg = args[at] ?? "";
  const inline = arg.startsWith("--settings=");
  const value = inline ? arg.slice("--settings=".length) : args[at + 1];
  if (value === undefined) return [...args, settingsPath];
  const merged = mergeSettings(await readSettingsValue(value, cwd), settings);
  const mergedPath = join(dirname(settingsPath), "merged-settings.json");
  await writeFile(mergedPath, JSON.stringify(merged, null, 2), { mode: 0o600 });
  const rest = [...args.slice(0, at), ...args.slice(at + (inline ? 1 : 2))];
  return withHookSettings(rest, mergedPath, merged, cwd);
}
