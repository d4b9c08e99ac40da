// Narrow readers for JSON from Claude Code, whose shapes we do not own: each returns undefined
// instead of throwing when a field is missing or of another type.

/** A JSON object with unknown fields. */
export type Json = Record<string, unknown>;

/** The value as a JSON object (not an array, not null), or undefined. */
export function asRecord(value: unknown): Json | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

/** The value if it is a string. */
export function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** The value if it is a finite number. */
export function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** Parses one line of JSON, or undefined for anything else (blank, truncated, not JSON). */
export function parseLine(line: string): unknown {
  if (line.trim() === "") return undefined;
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}
