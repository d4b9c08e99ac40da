// How the hub authenticates requests: with accounts configured (a shared hub), users' tokens,
// cookies and API keys plus the operator's owner token; without (the embedded hub), the owner
// token alone, which belongs to the one local owner.
import type { IncomingMessage } from "node:http";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Logger } from "pino";
import type { Store } from "../store/index.js";
import type { AuthConfigInput } from "./authConfig.js";
import { parseAuthConfig } from "./authConfig.js";
import { createOwnerAuth, LOCAL_OWNER } from "./ownerAuth.js";
import type { Principal } from "./principal.js";

/** Who a request acts as: the owner token, a user's access token or cookie, or an API key. */
export type Authenticate = (request: FastifyRequest) => Promise<Principal>;

/** Who opened a relay WebSocket, when it carried valid credentials (undefined: anonymous). */
export type IdentifyUpgrade = (request: IncomingMessage, ip: string) => Promise<Principal | undefined>;

export async function createAuthentication(
  app: FastifyInstance,
  deps: { store: Store; logger: Logger; ownerToken: string; auth: AuthConfigInput | undefined },
): Promise<{ authenticate: Authenticate; identifyUpgrade: IdentifyUpgrade }> {
  if (!deps.auth) {
    const owner = createOwnerAuth(deps.ownerToken);
    return {
      authenticate: async (request) => ({ userId: owner.authenticate(request.headers.authorization) ?? LOCAL_OWNER, role: "admin", via: "owner-token", scope: "full" }),
      identifyUpgrade: async () => undefined,
    };
  }
  // Accounts load their crypto (argon2, jose) only on a hub that has accounts.
  const { createAuth } = await import("./createAuth.js");
  const auth = await createAuth({ store: deps.store, config: parseAuthConfig(deps.auth), log: deps.logger.child({ component: "auth" }), ownerToken: deps.ownerToken });
  auth.registerAuthRoutes(app);
  auth.registerAdminRoutes(app);
  return {
    authenticate: (request) => auth.authenticate({ method: request.method, url: request.url, headers: request.headers, ip: request.ip }),
    // Link holders need no account to view: a socket without valid credentials is anonymous.
    identifyUpgrade: async (request, ip) => {
      if (!request.headers.cookie && !request.headers.authorization) return undefined;
      return auth.authenticate({ method: "GET", url: request.url ?? "/v1/relay", headers: request.headers, ip }).catch(() => undefined);
    },
  };
}
