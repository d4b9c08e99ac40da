// @porthole/hub: the server. HTTP API, WebSocket relay, store, bus; serves the web app.
export { createHub, type Hub, type HubDeps } from "./createHub.js";
export { hubConfigSchema, parseHubConfig, type HubConfig, type HubConfigInput } from "./config.js";
export { openStore, openSqliteStore, openPostgresStore, type Store, type SessionRecord } from "./store/index.js";
export { createInProcessBus, createRedisBus, type Bus } from "./bus/index.js";
export { createMasterKeyFile, masterKeyFileName, parseMasterKey, planRotation, readMasterKeyFile, rotateSecrets, type MasterKey, type RotationPlan, type UserSecrets } from "./secrets/index.js";
export type { InitAdminResult, AuthConfigInput } from "./auth/index.js";
/** RFC 8291 message encryption; decryptPushMessage is the browser's half, for tests and fake push services. */
export { decryptPushMessage, encryptPushMessage } from "./push/webPushCrypto.js";
import type { initAdmin as InitAdmin } from "./auth/initAdmin.js";

/** Makes the first admin (`porthole serve --init-admin`); loads the account code only when called. */
export async function initAdmin(...args: Parameters<typeof InitAdmin>): ReturnType<typeof InitAdmin> {
  const { initAdmin: run } = await import("./auth/initAdmin.js");
  return run(...args);
}
