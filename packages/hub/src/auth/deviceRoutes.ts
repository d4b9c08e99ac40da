// `porthole login` on the hub (RFC 8628 device flow): POST /v1/auth/device gives a CLI a device code
// and a user code; a signed-in person approves or denies the user code (the /device page); the CLI
// polls POST /v1/auth/device/token until it gets its own login (access + refresh token). docs/auth.md.
import { PortholeError } from "@porthole/protocol";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { type AuthContext, ipLimits, limitUser, parseWith, principalUser, publicBaseUrl } from "./authContext.js";
import { formatUserCode, looksLikeDeviceCode, newDeviceCode, newUserCode, normaliseUserCode } from "./deviceCodes.js";
import { requireLogin } from "./principal.js";
import { sha256Hex } from "./tokenFormats.js";

const startBody = z.strictObject({});
const decideBody = z.strictObject({ userCode: z.string().max(64) });
const tokenBody = z.strictObject({ deviceCode: z.string().max(256) });
/** Tries at a user code nobody holds before giving up (a clash is about 1 in 10^10). */
const userCodeAttempts = 5;

export function registerDeviceRoutes(app: FastifyInstance, ctx: AuthContext): void {
  const { accounts, audit, clock, config } = ctx;
  const flow = config.deviceFlow;

  app.post("/v1/auth/device", ipLimits(ctx, "device", config.rateLimits.device), async (request) => {
    parseWith(startBody, request.body);
    const deviceCode = newDeviceCode();
    const now = clock();
    for (let attempt = 0; attempt < userCodeAttempts; attempt++) {
      const userCode = newUserCode();
      const stored = await accounts.createDeviceCode({
        deviceCodeHash: sha256Hex(deviceCode),
        userCodeHash: sha256Hex(normaliseUserCode(userCode)!),
        intervalSeconds: flow.intervalSeconds,
        createdAt: now,
        expiresAt: now + flow.expiresInSeconds * 1000,
      });
      if (!stored) continue;
      await audit.record("device.requested", { ip: request.ip });
      const verificationUri = `${publicBaseUrl(ctx, request)}/device`;
      return {
        deviceCode,
        userCode,
        verificationUri,
        verificationUriComplete: `${verificationUri}?code=${userCode}`,
        interval: flow.intervalSeconds,
        expiresIn: flow.expiresInSeconds,
      };
    }
    throw new PortholeError("unavailable", "could not pick a free code: try again");
  });

  /** Approve or deny: a person signed in with a password or GitHub (cookie + CSRF, or Bearer access token), never an API key. */
  async function decide(request: FastifyRequest, reply: FastifyReply, approve: boolean) {
    const principal = await ctx.authenticate(request);
    await limitUser(ctx, reply, principal, "device-decide");
    await ctx.limiter.consume(reply, `user:${principal.userId}:device-decide`, config.rateLimits.deviceDecide);
    requireLogin(principal);
    const user = await principalUser(ctx, principal);
    const body = parseWith(decideBody, request.body);
    const userCode = normaliseUserCode(body.userCode);
    if (userCode === undefined) throw new PortholeError("bad_request", "userCode: expected 8 letters like BCDF-GHJK");
    const decided = await accounts.decideDeviceCode(sha256Hex(userCode), { approve, userId: user.id }, clock());
    if (!decided) {
      await audit.record("device.failed", { userId: user.id, ip: request.ip, detail: { step: approve ? "approve" : "deny", reason: "no pending request with this code" } });
      throw new PortholeError("not_found", "no pending request with this code: it may have expired or been used; run porthole login again");
    }
    await audit.record(approve ? "device.approved" : "device.denied", { userId: user.id, ip: request.ip, detail: { userCode: formatUserCode(userCode) } });
    return { status: approve ? "approved" : "denied" };
  }

  app.post("/v1/auth/device/approve", ipLimits(ctx, "device-decide"), (request, reply) => decide(request, reply, true));
  app.post("/v1/auth/device/deny", ipLimits(ctx, "device-decide"), (request, reply) => decide(request, reply, false));

  app.post("/v1/auth/device/token", ipLimits(ctx, "device-token"), async (request, reply) => {
    const { deviceCode } = parseWith(tokenBody, request.body);
    const refuse = async (reason: string, userId: string | null = null): Promise<never> => {
      await audit.record("device.failed", { userId, ip: request.ip, detail: { step: "token", reason } });
      throw new PortholeError("invalid_grant", "this device code is not valid (unknown, or already used): run porthole login again");
    };
    if (!looksLikeDeviceCode(deviceCode)) return refuse("malformed device code");
    const poll = await accounts.pollDeviceCode(sha256Hex(deviceCode), clock());
    switch (poll.outcome) {
      case "unknown":
      case "used":
        return refuse(`${poll.outcome} device code`);
      case "expired":
        throw new PortholeError("expired_token", "the code expired before it was approved: run porthole login again");
      case "slow_down":
        throw new PortholeError("slow_down", `polling too fast: wait ${poll.intervalSeconds} s between polls`);
      case "pending":
        throw new PortholeError("authorization_pending", "waiting for the person to approve the code");
      case "denied":
        throw new PortholeError("access_denied", "the request was denied");
      case "approved": {
        const user = await accounts.getUser(poll.userId);
        if (!user || user.disabledAt !== null) {
          await audit.record("login.disabled", { userId: poll.userId, ip: request.ip, detail: { method: "device" } });
          throw new PortholeError("access_denied", "the approving account is disabled");
        }
        await audit.record("login.succeeded", { userId: user.id, ip: request.ip, detail: { method: "device" } });
        return reply.send(await ctx.sessions.start(reply, user, "body", "cli"));
      }
    }
  });
}
