// Reads a Retry-After header (delay in seconds, or an HTTP date) as whole seconds to wait.

/** Seconds to wait, at least 1; undefined when the header is absent or unreadable. `now` in ms. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Math.max(1, Number(trimmed));
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(1, Math.ceil((at - now) / 1000));
}
