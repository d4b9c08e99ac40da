// The one error type of Porthole and the table that maps each code to an HTTP status and a
// WebSocket close code. Codes are only ever added, never renamed or reused.

export const errorCodes = {
  bad_request: { http: 400, ws: 4400, text: "The request is malformed." },
  unauthorized: { http: 401, ws: 4401, text: "Authentication is required." },
  forbidden: { http: 403, ws: 4403, text: "Not allowed." },
  not_found: { http: 404, ws: 4404, text: "Not found." },
  conflict: { http: 409, ws: 4409, text: "Conflicts with the current state." },
  session_ended: { http: 410, ws: 4410, text: "The session has ended." },
  payload_too_large: { http: 413, ws: 1009, text: "Too large." },
  unsupported_media_type: { http: 415, ws: 4415, text: "Unsupported content type." },
  rate_limited: { http: 429, ws: 4429, text: "Too many requests." },
  protocol_error: { http: 400, ws: 1002, text: "Protocol violation." },
  crypto_failed: { http: 400, ws: 4460, text: "A frame failed authentication." },
  pairing_failed: { http: 403, ws: 4461, text: "Pairing failed." },
  replaced: { http: 409, ws: 4462, text: "Replaced by a newer connection." },
  revoked: { http: 403, ws: 4463, text: "Sharing was revoked." },
  internal: { http: 500, ws: 1011, text: "Internal error." },
  unavailable: { http: 503, ws: 1013, text: "Temporarily unavailable." },
  /** Device flow (RFC 8628) token polling: not approved yet, keep polling at the interval. */
  authorization_pending: { http: 400, ws: 4470, text: "The request is not approved yet." },
  /** Device flow: polling too fast; add 5 seconds to the interval. */
  slow_down: { http: 400, ws: 4471, text: "Polling too fast." },
  /** Device flow: the device code expired before it was approved; start again. */
  expired_token: { http: 400, ws: 4472, text: "The code expired." },
  /** Device flow: the person denied the request. */
  access_denied: { http: 400, ws: 4473, text: "The request was denied." },
  /** Device flow: an unknown or already used device code. */
  invalid_grant: { http: 400, ws: 4474, text: "The grant is not valid." },
} as const satisfies Record<string, { http: number; ws: number; text: string }>;

export type ErrorCode = keyof typeof errorCodes;

/** An expected failure with a stable code; `message` is safe to show to clients. */
export class PortholeError extends Error {
  override readonly name = "PortholeError";
  constructor(
    readonly code: ErrorCode,
    message: string = errorCodes[code].text,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get httpStatus(): number {
    return errorCodes[this.code].http;
  }

  get wsCloseCode(): number {
    return errorCodes[this.code].ws;
  }

  /** The JSON body sent to clients: never a stack trace. */
  toJSON(): { error: { code: ErrorCode; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

/** Turns anything thrown into a PortholeError; unknown throws become `internal` (cause kept for logs). */
export function toPortholeError(thrown: unknown): PortholeError {
  if (thrown instanceof PortholeError) return thrown;
  return new PortholeError("internal", errorCodes.internal.text, { cause: thrown });
}

/** Throws for states that cannot happen unless the code is wrong. */
export function invariant(condition: unknown, what: string): asserts condition {
  if (!condition) throw new Error(`invariant violation: ${what}`);
}
