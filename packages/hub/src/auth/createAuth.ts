// Accounts and access for a hub: builds the authenticator, the auth and admin routes and the shared
// pieces (keys, hasher, audit log, rate limiter) from the store and the auth config.
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import { registerAdminRoutes } from "../admin/adminRoutes.js";
import { createRateLimiter, type RateLimitCounter, type RateLimiter } from "../http/rateLimit.js";
import type { Store } from "../store/index.js";
import { createAccessTokens } from "./accessTokens.js";
import { registerAccountRoutes } from "./accountRoutes.js";
import { createAuditLog, type AuditLog } from "./audit.js";
import type { AuthConfig } from "./authConfig.js";
import type { AuthContext } from "./authContext.js";
import { createAuthenticator, type AuthRequest } from "./authenticate.js";
import { registerAuthRoutes } from "./authRoutes.js";
import { registerDeviceRoutes } from "./deviceRoutes.js";
import { registerGithubRoutes } from "./githubRoutes.js";
import { loadSigningKeys } from "./jwtKeys.js";
import { createPasswordHasher } from "./passwords.js";
import type { Principal } from "./principal.js";
import { createSessionIssuer } from "./sessionIssuer.js";

export interface AuthDeps {
  store: Store;
  config: AuthConfig;
  log: Logger;
  /** ms since epoch; default Date.now. */
  clock?: () => number;
  /** The hub owner token, accepted as a Bearer token for an admin principal (user id "local"). */
  ownerToken?: string;
  /** Shared rate-limit counters (e.g. Redis); default in memory. */
  rateLimitCounter?: RateLimitCounter;
}

export interface Auth {
  /** The principal of a request, or throws PortholeError unauthorized (401), or forbidden (403) for a cookie request without its CSRF token. */
  authenticate(request: AuthRequest): Promise<Principal>;
  /** /v1/auth/register, login, refresh, logout, profile, password, api-keys, github/*, device/*. */
  registerAuthRoutes(app: FastifyInstance): void;
  /** /v1/admin/users and /v1/admin/audit. */
  registerAdminRoutes(app: FastifyInstance): void;
  /** The limiter the auth routes use, to apply elsewhere with the same counters. */
  readonly rateLimiter: RateLimiter;
  /** Records security events (e.g. authz.denied from other capabilities). */
  readonly audit: AuditLog;
}

/** Loads (or at first start creates) the signing key, then wires everything; the store must be open. */
export async function createAuth(deps: AuthDeps): Promise<Auth> {
  const { store, config } = deps;
  const clock = deps.clock ?? Date.now;
  const log = deps.log.child({ component: "auth" });
  const keys = await loadSigningKeys({ dataDir: config.dataDir, privateKeyPem: config.jwtPrivateKeyPem });
  const tokens = createAccessTokens({ keys, issuer: config.issuer, audience: config.audience, ttlSeconds: config.accessTokenTtlSeconds, clock });
  const audit = createAuditLog({ accounts: store.accounts, log, clock });
  const limiter = createRateLimiter({ ...(deps.rateLimitCounter ? { counter: deps.rateLimitCounter } : {}), clock });
  const authenticate = createAuthenticator({ accounts: store.accounts, tokens, keys, audit, cookieSecure: config.cookieSecure, clock, ownerToken: deps.ownerToken });
  const ctx: AuthContext = {
    config,
    accounts: store.accounts,
    log,
    clock,
    hasher: createPasswordHasher(config.argon2),
    tokens,
    keys,
    audit,
    limiter,
    sessions: createSessionIssuer({ accounts: store.accounts, tokens, keys, config, clock }),
    authenticate,
  };
  return {
    authenticate,
    registerAuthRoutes(app) {
      registerAuthRoutes(app, ctx);
      registerAccountRoutes(app, ctx);
      registerGithubRoutes(app, ctx);
      registerDeviceRoutes(app, ctx);
    },
    registerAdminRoutes: (app) => registerAdminRoutes(app, ctx),
    rateLimiter: limiter,
    audit,
  };
}
