// Asks the Anthropic API whether a key works before the hub stores it: GET /v1/models?limit=1, which
// costs no tokens. 401/403 mean the key was refused; anything else that is not 2xx means "cannot tell".

/** The outcome of one check; `detail` is safe to show to the user (it never holds the key). */
export type KeyCheck = { ok: true } | { ok: false; reason: "rejected" | "unreachable"; detail: string };

/** The Anthropic API version header sent with the check. */
const anthropicVersion = "2023-06-01";

export async function checkAnthropicKey(key: string, opts: { baseUrl: string; timeoutMs: number }): Promise<KeyCheck> {
  const url = `${opts.baseUrl.replace(/\/+$/, "")}/v1/models?limit=1`;
  let status: number;
  try {
    const res = await fetch(url, {
      headers: { "x-api-key": key, "anthropic-version": anthropicVersion, accept: "application/json" },
      signal: AbortSignal.timeout(opts.timeoutMs),
      redirect: "error",
    });
    status = res.status;
    await res.body?.cancel();
  } catch (err) {
    const timedOut = (err as Error).name === "TimeoutError";
    return { ok: false, reason: "unreachable", detail: timedOut ? `the Anthropic API did not answer within ${opts.timeoutMs} ms` : "the Anthropic API could not be reached" };
  }
  if (status >= 200 && status < 300) return { ok: true };
  if (status === 401 || status === 403) return { ok: false, reason: "rejected", detail: `the Anthropic API refused this key (HTTP ${status})` };
  return { ok: false, reason: "unreachable", detail: `the Anthropic API answered HTTP ${status}; try again later` };
}
