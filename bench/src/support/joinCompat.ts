// The join token (a viewer proves it holds the link before the hub lets it join) arrived in the
// protocol while these benchmarks were written. Use it when the built protocol has it, so the
// benchmarks run against either version. Keep in step with protocol's handshake.ts / messages.ts.
import * as protocol from "@porthole/protocol";

const api = protocol as unknown as {
  joinVerifier?: (hostPublicKey: Uint8Array) => string;
  joinToken?: (hostPublicKey: Uint8Array) => Uint8Array;
};

/** Extra fields for POST /v1/sessions: the join verifier, when the protocol has one. */
export function registrationFields(hostPublicKey: Uint8Array): { joinVerifier?: string } {
  return api.joinVerifier ? { joinVerifier: api.joinVerifier(hostPublicKey) } : {};
}

/** The viewer's first message on the relay: `join`, with the join token when the protocol has one. */
export function joinMessage(sessionId: string, hostPublicKey: Uint8Array): string {
  const token = api.joinToken ? { token: protocol.toBase64Url(api.joinToken(hostPublicKey)) } : {};
  return JSON.stringify({ t: "join", session: sessionId, ...token });
}
