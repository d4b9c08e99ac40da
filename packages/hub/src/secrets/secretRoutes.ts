// The signed-in user's Anthropic API key: GET /v1/account/anthropic-key (only whether one is set and
// when), PUT (checked with Anthropic, then stored sealed), DELETE. The key itself never leaves the hub.
import { PortholeError } from "@porthole/protocol";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Authenticate } from "../auth/hubAuthentication.js";
import { requireLogin } from "../auth/principal.js";
import type { RateLimiter, RateLimitRule } from "../http/rateLimit.js";
import type { Store } from "../store/index.js";
import type { AnthropicKeyStatus, UserSecrets } from "./userSecrets.js";

/** Printable ASCII without spaces: what API keys are made of. */
const putBody = z.strictObject({ key: z.string().min(20, "is too short to be an API key").max(512, "is too long to be an API key").regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces") });

function publicStatus(s: AnthropicKeyStatus) {
  return s.set ? { set: true, createdAt: new Date(s.createdAt).toISOString(), updatedAt: new Date(s.updatedAt).toISOString() } : { set: false };
}

export function registerSecretRoutes(
  app: FastifyInstance,
  deps: { store: Store; authenticate: Authenticate; userSecrets: UserSecrets; limiter: RateLimiter; checkRateLimit: RateLimitRule },
): void {
  const { userSecrets } = deps;

  /** The signed-in account acting: not an API key, not the owner token (it has no account). */
  async function accountUser(request: FastifyRequest): Promise<string> {
    const principal = await deps.authenticate(request);
    requireLogin(principal);
    if (principal.via === "owner-token" || !(await deps.store.accounts.getUser(principal.userId))) {
      throw new PortholeError("forbidden", "only a signed-in account can keep an Anthropic API key");
    }
    return principal.userId;
  }

  const audit = (request: FastifyRequest, type: string, userId: string) =>
    deps.store.accounts.appendAudit({ at: Date.now(), type, userId, ip: request.ip, detail: { secret: "anthropic_api_key" } });

  app.get("/v1/account/anthropic-key", async (request) => {
    const userId = await accountUser(request);
    return { anthropicKey: publicStatus(await userSecrets.anthropicKeyStatus(userId)) };
  });

  app.put("/v1/account/anthropic-key", async (request: FastifyRequest, reply: FastifyReply) => {
    const userId = await accountUser(request);
    const parsed = putBody.safeParse(request.body);
    // The message names the rule broken, never the value sent.
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new PortholeError("bad_request", issue?.path[0] === "key" && issue.code !== "invalid_type" ? `key: ${issue.message}` : 'send {"key": "sk-ant-..."} and nothing else');
    }
    await deps.limiter.consume(reply, `anthropic-key-check:${userId}`, deps.checkRateLimit);
    const status = await userSecrets.setAnthropicKey(userId, parsed.data.key);
    await audit(request, "secret.set", userId);
    request.log.info({ user: userId }, "anthropic key stored");
    return { anthropicKey: publicStatus(status) };
  });

  app.delete("/v1/account/anthropic-key", async (request, reply) => {
    const userId = await accountUser(request);
    if (!(await userSecrets.deleteAnthropicKey(userId))) throw new PortholeError("not_found", "no Anthropic API key is set");
    await audit(request, "secret.deleted", userId);
    request.log.info({ user: userId }, "anthropic key deleted");
    return reply.code(204).send();
  });
}
