// Registers sessions on a benchmark hub through its HTTP API, as the CLI does
// (POST /v1/sessions with the owner token). Keep in step with packages/hub/src/sessions.
import { registrationFields } from "./joinCompat.js";
import { mapLimit } from "./serve.js";

/** The owner token every benchmark hub is started with (hubRole.ts). */
export const OWNER_TOKEN = "bench-owner-token-0123456789abcdef";

export interface RegisteredSession {
  id: string;
  hostToken: string;
}

/** POST /v1/sessions with the owner token, once per host key (16 at once). */
export async function registerSessions(url: string, hostPublicKeys: Uint8Array[]): Promise<RegisteredSession[]> {
  return mapLimit(hostPublicKeys, 16, async (hostPublicKey, i) => {
    const response = await fetch(`${url}/v1/sessions`, {
      method: "POST",
      headers: { authorization: `Bearer ${OWNER_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ command: `bench ${i}`, cols: 80, rows: 24, ...registrationFields(hostPublicKey) }),
    });
    const json = (await response.json()) as { session?: { id: string }; hostToken?: string };
    if (response.status !== 201 || !json.session || !json.hostToken) throw new Error(`session create failed: ${response.status} ${JSON.stringify(json)}`);
    return { id: json.session.id, hostToken: json.hostToken };
  });
}
