// Settings of users' secrets (merged into the hub config): where the master key comes from, the
// Anthropic API that keys are checked against, and how often a user may ask. docs/configuration.md lists them.
import { z } from "zod";

export const secretsConfigSchema = z
  .object({
    /** The master key itself (the CLI reads PORTHOLE_SECRET_KEY): 64 hex digits or base64 of 32 bytes. Every hub behind one balancer needs the same. */
    masterKey: z.string().min(1).optional(),
    /** A file holding the master key (PORTHOLE_SECRET_KEY_FILE), owner-only (0600); used when masterKey is absent. */
    masterKeyFile: z.string().min(1).optional(),
    /** Directory for `secret-key`, made at first start when neither of the above is set; default auth.dataDir. */
    dataDir: z.string().min(1).optional(),
    /** Base URL of the Anthropic API that keys are checked against (GET /v1/models), without a trailing slash. */
    anthropicBaseUrl: z.url().default("https://api.anthropic.com"),
    /** How long the check may take before the hub gives up, in ms. */
    checkTimeoutMs: z.number().int().min(100).max(120_000).default(10_000),
    /** Key checks (PUT /v1/account/anthropic-key) one user may make per window. */
    checkRateLimit: z
      .object({ limit: z.number().int().min(1), windowSeconds: z.number().int().min(1) })
      .prefault({ limit: 10, windowSeconds: 600 }),
  })
  .prefault({});

export type SecretsConfig = Readonly<z.output<typeof secretsConfigSchema>>;
