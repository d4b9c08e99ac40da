// The hub's calls to GitHub for "Login with GitHub": exchange the code (client secret + PKCE
// verifier) for a token, then read the user's numeric id and login. Never logs or returns secrets.
import { z } from "zod";
import type { AuthConfig } from "./authConfig.js";

export type GithubConfig = NonNullable<AuthConfig["github"]>;

/** Who signed in, as GitHub says. */
export interface GithubUser {
  /** GitHub's numeric user id, as text: the key of the account. */
  id: string;
  login: string;
  name: string | null;
}

/** How long each call to GitHub may take, in ms. */
const timeoutMs = 10_000;
const userAgent = "porthole-hub";

const tokenAnswer = z.object({ access_token: z.string().min(1).max(2048).optional(), error: z.string().max(200).optional() });
const userAnswer = z.object({
  id: z.number().int().positive(),
  login: z.string().min(1).max(100),
  name: z.string().max(255).nullish(),
});

/** Trades the code for a GitHub access token; a refusal or failure is a reason, not a throw. */
export async function exchangeGithubCode(
  github: GithubConfig,
  opts: { code: string; codeVerifier: string; redirectUri: string },
): Promise<{ ok: true; accessToken: string } | { ok: false; reason: string }> {
  const form = new URLSearchParams({
    client_id: github.clientId,
    client_secret: github.clientSecret,
    code: opts.code,
    code_verifier: opts.codeVerifier,
    redirect_uri: opts.redirectUri,
  });
  try {
    const response = await fetch(github.tokenUrl, {
      method: "POST",
      headers: { accept: "application/json", "content-type": "application/x-www-form-urlencoded", "user-agent": userAgent },
      body: form,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const parsed = tokenAnswer.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) return { ok: false, reason: `token endpoint answered ${response.status} without a usable body` };
    // GitHub reports a bad code or verifier with 200 and an `error` field.
    if (!response.ok || parsed.data.error !== undefined || parsed.data.access_token === undefined) {
      return { ok: false, reason: `token endpoint refused: ${parsed.data.error ?? response.status}` };
    }
    return { ok: true, accessToken: parsed.data.access_token };
  } catch (error) {
    return { ok: false, reason: `token endpoint unreachable: ${(error as Error).name}` };
  }
}

/** The signed-in GitHub user, or a reason. */
export async function fetchGithubUser(github: GithubConfig, accessToken: string): Promise<{ ok: true; user: GithubUser } | { ok: false; reason: string }> {
  try {
    const response = await fetch(github.userUrl, {
      headers: { accept: "application/vnd.github+json", authorization: `Bearer ${accessToken}`, "user-agent": userAgent },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) return { ok: false, reason: `user endpoint answered ${response.status}` };
    const parsed = userAnswer.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) return { ok: false, reason: "user endpoint answered without a numeric id and login" };
    return { ok: true, user: { id: String(parsed.data.id), login: parsed.data.login, name: parsed.data.name ?? null } };
  } catch (error) {
    return { ok: false, reason: `user endpoint unreachable: ${(error as Error).name}` };
  }
}
