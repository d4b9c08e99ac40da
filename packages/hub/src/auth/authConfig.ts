// Settings of accounts and access (merged into the hub config by the integrator): signing keys,
// token lifetimes, registration, lockout, argon2 cost, cookies, GitHub login, the device flow and
// the auth routes' rate limits. docs/auth.md lists them.
import { z } from "zod";

/** A fixed-window limit: at most `limit` requests per `windowSeconds`. */
const rule = (limit: number, windowSeconds: number) =>
  z.object({ limit: z.number().int().min(1), windowSeconds: z.number().int().min(1) }).prefault({ limit, windowSeconds });

export const authConfigSchema = z
  .object({
    /** Directory for the access-token signing key (jwt-signing-key.pem), made at first start: dir 0700, file 0600. */
    dataDir: z.string().min(1).optional(),
    /** An Ed25519 private key as PKCS#8 PEM, used instead of the file in dataDir (every hub behind one balancer needs the same key). */
    jwtPrivateKeyPem: z.string().min(1).optional(),
    /** `iss` of access tokens, e.g. the hub's public URL. */
    issuer: z.string().min(1).default("porthole-hub"),
    /** `aud` of access tokens. */
    audience: z.string().min(1).default("porthole-api"),
    /** Access-token lifetime, in seconds (default 15 minutes). */
    accessTokenTtlSeconds: z.number().int().min(30).max(24 * 3600).default(15 * 60),
    /** Refresh-token lifetime, in seconds, renewed on every rotation (default 30 days). */
    refreshTokenTtlSeconds: z.number().int().min(300).default(30 * 24 * 3600),
    /** "open": anyone may POST /v1/auth/register; "closed": admins create accounts. */
    registration: z.enum(["open", "closed"]).default("closed"),
    lockout: z
      .object({
        /** Failed logins for one e-mail within the window before it is locked. */
        maxFailures: z.number().int().min(1).default(5),
        /** How far back failures count, in seconds. */
        windowSeconds: z.number().int().min(1).default(3600),
        /** First lock, in seconds; doubles with each further failure. */
        firstLockSeconds: z.number().int().min(1).default(30),
        /** Longest lock, in seconds; every lock expires. */
        maxLockSeconds: z.number().int().min(1).default(15 * 60),
      })
      .prefault({}),
    /** argon2id cost; hashes made with less are upgraded at the next login. */
    argon2: z
      .object({
        /** Memory, in KiB (at least 19 MiB). */
        memoryKiB: z.number().int().min(19 * 1024).max(4 * 1024 * 1024).default(19 * 1024),
        /** Passes over memory (time cost). */
        passes: z.number().int().min(2).max(100).default(2),
        /** Lanes (threads). */
        parallelism: z.number().int().min(1).max(16).default(1),
      })
      .prefault({}),
    /** The hub's public base URL, e.g. "https://porthole.example": the base of the GitHub callback and the device page. Default: from each request (Host, or X-Forwarded-* with trust-proxy). */
    publicUrl: z.url().optional(),
    /** Login with GitHub (an OAuth app); absent: the /v1/auth/github routes answer 404. */
    github: z
      .strictObject({
        /** The OAuth app's client id. */
        clientId: z.string().min(1).max(200),
        /** The OAuth app's client secret. */
        clientSecret: z.string().min(1).max(500),
        /** Where the browser is sent to approve (GitHub Enterprise or a test double: change all three URLs). */
        authorizeUrl: z.url().default("https://github.com/login/oauth/authorize"),
        /** Where the hub exchanges the code (with the client secret and the PKCE verifier). */
        tokenUrl: z.url().default("https://github.com/login/oauth/access_token"),
        /** Where the hub reads the user's numeric id and login. */
        userUrl: z.url().default("https://api.github.com/user"),
      })
      .optional(),
    /** `porthole login` (RFC 8628 device flow). */
    deviceFlow: z
      .object({
        /** Seconds the CLI waits between polls (it adds 5 after each slow_down). */
        intervalSeconds: z.number().int().min(1).max(60).default(5),
        /** Seconds a code stays valid. */
        expiresInSeconds: z.number().int().min(60).max(3600).default(600),
      })
      .prefault({}),
    /** Mark cookies Secure and use the __Host- / __Secure- name prefixes: set when the hub is reached over https. */
    cookieSecure: z.boolean().default(false),
    rateLimits: z
      .object({
        /** POST /v1/auth/login per client IP. */
        login: rule(10, 60),
        /** POST /v1/auth/register per client IP. */
        register: rule(5, 3600),
        /** POST /v1/auth/refresh per client IP. */
        refresh: rule(60, 60),
        /** POST /v1/auth/device (a CLI asking for a code) per client IP. */
        device: rule(20, 600),
        /** POST /v1/auth/device/approve and /deny per signed-in user (guessing user codes). */
        deviceDecide: rule(20, 600),
        /** Each auth or admin route per client IP. */
        perIp: rule(300, 60),
        /** Each auth or admin route per signed-in user. */
        perUser: rule(120, 60),
      })
      .prefault({}),
  })
  .refine((c) => c.dataDir !== undefined || c.jwtPrivateKeyPem !== undefined, { message: "set dataDir or jwtPrivateKeyPem", path: ["dataDir"] });

export type AuthConfigInput = z.input<typeof authConfigSchema>;
export type AuthConfig = Readonly<z.output<typeof authConfigSchema>>;
export type RateLimitRule = AuthConfig["rateLimits"]["login"];

/** Validates and freezes; throws a readable error listing every bad field. */
export function parseAuthConfig(input: AuthConfigInput): AuthConfig {
  const result = authConfigSchema.safeParse(input);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  auth.${i.path.join(".")}: ${i.message}`);
    throw new Error(`invalid auth configuration:\n${lines.join("\n")}`);
  }
  return Object.freeze(result.data);
}
