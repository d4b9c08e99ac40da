// Readable text for refused requests: the hub's message as a sentence, a wait from Retry-After that
// the page counts down, registration closed, and the codes GitHub login sends back to /login?error=.
import type { ApiFailure } from "../api/apiClient.js";
import { formatWait, sentence } from "./format.js";

/** The hub's message without its own "try again in N s" (the page shows a live wait instead). */
export function failureText(failure: Pick<ApiFailure, "message" | "retryAfterSeconds">, waitSeconds?: number): string {
  const base = sentence(failure.message.replace(/[:.,]?\s*try again in \d+ s\.?$/i, "").trim());
  const wait = waitSeconds ?? failure.retryAfterSeconds;
  if (wait === undefined) return /[.!?]$/.test(base) ? base : `${base}.`;
  return wait > 0 ? `${base}. Try again in ${formatWait(wait)}.` : `${base}. You can try again now.`;
}

/** Sign-up refusals: a closed hub (403) says who to ask. */
export function signupFailureText(failure: ApiFailure, waitSeconds?: number): string {
  if (failure.status === 403) return "Registration is closed on this hub: ask an admin for an account.";
  if (failure.status === 409) return "An account with this e-mail already exists. Log in instead.";
  return failureText(failure, waitSeconds);
}

/** The codes of GithubLoginError in packages/hub/src/auth/githubRoutes.ts, and github_unavailable. */
const githubErrors: Record<string, string> = {
  oauth_state: "The GitHub login expired, was used already, or was started in another browser. Try again.",
  github_denied: "GitHub login was cancelled at GitHub.",
  github_failed: "GitHub did not answer as expected. Try again in a moment.",
  registration_closed: "There is no account for this GitHub user and registration is closed: ask an admin for an account.",
  account_disabled: "This account is disabled: ask an admin.",
  github_unavailable: "Log in with GitHub is not set up on this hub. Log in with your e-mail and password.",
};

/** The message for /login?error=CODE; unknown codes are named, never rendered as markup. */
export function loginErrorText(code: string): string {
  const known = githubErrors[code];
  if (known) return known;
  const shown = /^[a-z0-9_.-]{1,64}$/i.test(code) ? code : "unknown";
  return `GitHub login failed (${shown}). Try again, or log in with your e-mail and password.`;
}
