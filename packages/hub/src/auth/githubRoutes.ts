// Login with GitHub: GET /v1/auth/github/start sends the browser to GitHub with a single-use state,
// PKCE S256 and a binding cookie; GET /v1/auth/github/callback checks all three, finds or creates the
// user by GitHub's numeric id (never by e-mail) and starts a cookie login. Failures go to /login?error=.
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import type { UserRecord } from "../store/index.js";
import { type AuthContext, ipLimits, publicBaseUrl } from "./authContext.js";
import { oauthBindingCookie, parseCookies, setOAuthBindingCookie } from "./cookies.js";
import { exchangeGithubCode, fetchGithubUser, type GithubConfig, type GithubUser } from "./githubClient.js";
import { newOAuthSecret, oauthSecretPattern, oauthStateTtlSeconds, pkceChallenge, pkceVerifier } from "./oauthSecrets.js";
import { newId, sameSecret, sha256Hex } from "./tokenFormats.js";

/** The `error` codes of /login?error= after a failed GitHub login (docs/auth.md lists them). */
export type GithubLoginError = "oauth_state" | "github_denied" | "github_failed" | "registration_closed" | "account_disabled";

/** Query values are single strings; GitHub may add others (error_description, …), which are ignored. */
const callbackQuery = z.object({
  state: z.string().max(512).optional(),
  code: z.string().min(1).max(512).optional(),
  error: z.string().max(200).optional(),
});

/** A failed step: the code shown to the person, and the reason kept in the audit log. */
class LoginFailure {
  constructor(
    readonly code: GithubLoginError,
    readonly reason: string,
    readonly userId: string | null = null,
  ) {}
}

export function registerGithubRoutes(app: FastifyInstance, ctx: AuthContext): void {
  const github = ctx.config.github;
  if (!github) return; // Not configured: both routes answer 404.
  const { accounts, audit, clock, config } = ctx;
  const secure = config.cookieSecure;
  const callbackUrl = (request: FastifyRequest) => `${publicBaseUrl(ctx, request)}/v1/auth/github/callback`;

  app.get("/v1/auth/github/start", ipLimits(ctx, "github"), async (request, reply) => {
    // The web app probes with HEAD whether GitHub login is set up: answer without making a state.
    if (request.method === "HEAD") return reply.header("cache-control", "no-store").code(204).send();
    const state = newOAuthSecret();
    const binding = newOAuthSecret();
    const now = clock();
    await accounts.createOAuthState({ stateHash: sha256Hex(state), provider: "github", bindingHash: sha256Hex(binding), createdAt: now, expiresAt: now + oauthStateTtlSeconds * 1000 });
    setOAuthBindingCookie(reply, secure, binding, oauthStateTtlSeconds);
    const target = new URL(github.authorizeUrl);
    target.searchParams.set("client_id", github.clientId);
    target.searchParams.set("redirect_uri", callbackUrl(request));
    target.searchParams.set("state", state);
    target.searchParams.set("code_challenge", pkceChallenge(pkceVerifier(ctx.keys.csrfKey, state)));
    target.searchParams.set("code_challenge_method", "S256");
    return reply.header("cache-control", "no-store").redirect(target.href, 302);
  });

  app.get("/v1/auth/github/callback", ipLimits(ctx, "github"), async (request, reply) => {
    // The binding is good for this one attempt, whatever its outcome.
    setOAuthBindingCookie(reply, secure, "", 0);
    void reply.header("cache-control", "no-store");
    try {
      const user = await complete(request, github);
      await ctx.sessions.start(reply, user, "cookie");
      return reply.redirect("/sessions", 302);
    } catch (error) {
      if (!(error instanceof LoginFailure)) throw error;
      await audit.record("oauth.failed", { userId: error.userId, ip: request.ip, detail: { provider: "github", error: error.code, reason: error.reason } });
      return reply.redirect(`/login?error=${error.code}`, 302);
    }
  });

  /** Checks the state and its browser, redeems the code, and returns the user to sign in; throws LoginFailure. */
  async function complete(request: FastifyRequest, gh: GithubConfig): Promise<UserRecord> {
    const query = callbackQuery.safeParse(request.query ?? {});
    if (!query.success) throw new LoginFailure("oauth_state", "malformed callback query");
    const { state, code, error } = query.data;
    if (state === undefined || state === "") throw new LoginFailure("oauth_state", "state missing");
    if (!oauthSecretPattern.test(state)) throw new LoginFailure("oauth_state", "state malformed");
    const used = await accounts.useOAuthState(sha256Hex(state), clock());
    if (!used.ok) throw new LoginFailure("oauth_state", `state ${used.reason}`);
    if (used.provider !== "github") throw new LoginFailure("oauth_state", "state of another provider");
    const binding = parseCookies(request.headers.cookie).get(oauthBindingCookie(secure).name);
    if (binding === undefined || binding === "") throw new LoginFailure("oauth_state", "no binding cookie (another browser)");
    if (!sameSecret(sha256Hex(binding), used.bindingHash)) throw new LoginFailure("oauth_state", "binding cookie of another login");
    if (error !== undefined) throw new LoginFailure("github_denied", `GitHub answered ${error}`);
    if (code === undefined) throw new LoginFailure("github_failed", "code missing");

    const token = await exchangeGithubCode(gh, { code, codeVerifier: pkceVerifier(ctx.keys.csrfKey, state), redirectUri: callbackUrl(request) });
    if (!token.ok) throw new LoginFailure("github_failed", token.reason);
    const fetched = await fetchGithubUser(gh, token.accessToken);
    if (!fetched.ok) throw new LoginFailure("github_failed", fetched.reason);
    return signIn(request, fetched.user);
  }

  /** The account keyed by the GitHub id, made on first login (when registration is open). */
  async function signIn(request: FastifyRequest, gh: GithubUser): Promise<UserRecord> {
    let user = await accounts.findUserByGithubId(gh.id);
    if (!user) {
      if (config.registration !== "open") throw new LoginFailure("registration_closed", `no account for GitHub user ${gh.id}`);
      const created = await accounts.createUser({
        id: newId(),
        // Never an e-mail from GitHub: an address must not link, or squat, a password account.
        email: null,
        displayName: displayNameOf(gh),
        passwordHash: null,
        role: "user",
        githubId: gh.id,
        createdAt: clock(),
      });
      // Two first logins at once: the other one made the account.
      user = created.ok ? created.user : await accounts.findUserByGithubId(gh.id);
      if (!user) throw new LoginFailure("github_failed", `could not create the account: ${created.ok ? "vanished" : created.reason}`);
      if (created.ok) await audit.record("register", { userId: user.id, ip: request.ip, detail: { provider: "github", githubId: gh.id, githubLogin: gh.login } });
    }
    if (user.disabledAt !== null) {
      await audit.record("login.disabled", { userId: user.id, ip: request.ip, detail: { provider: "github" } });
      throw new LoginFailure("account_disabled", "account disabled", user.id);
    }
    await audit.record("login.succeeded", { userId: user.id, ip: request.ip, detail: { provider: "github", githubId: gh.id } });
    return user;
  }
}

/** The GitHub name (or login), printable and at most 100 characters. */
function displayNameOf(gh: GithubUser): string {
  const clean = (gh.name ?? "").replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(0, 100);
  return clean === "" ? gh.login : clean;
}
