// The HTTP edge: every failure becomes a JSON body with a stable code (never a stack trace), and
// every response carries security headers.
import { PortholeError, toPortholeError } from "@porthole/protocol";
import type { FastifyError, FastifyInstance } from "fastify";

const SECURITY_HEADERS: Record<string, string> = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=()",
};

/** The security headers every response carries (HSTS only over https). */
export function securityHeaders(https: boolean): [string, string][] {
  const headers = Object.entries(SECURITY_HEADERS);
  return https ? [...headers, ["strict-transport-security", "max-age=31536000; includeSubDomains"]] : headers;
}

/** The security headers as raw HTTP header lines, for responses written straight to a socket. */
export function securityHeaderLines(): string {
  return securityHeaders(false)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join("");
}

/** Maps Fastify's own errors (body too large, bad JSON, wrong content type) to our codes. */
function fromFastifyError(error: FastifyError): PortholeError | undefined {
  switch (error.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new PortholeError("payload_too_large", "the request body is too large");
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new PortholeError("unsupported_media_type", "send Content-Type: application/json");
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return new PortholeError("bad_request", "the request body is empty or malformed");
    default:
      if (error.statusCode === 400 && error instanceof SyntaxError) return new PortholeError("bad_request", "the body is not valid JSON");
      if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return new PortholeError("bad_request", "the request is malformed");
      return undefined;
  }
}

export function registerErrorHandling(app: FastifyInstance, options: { https: boolean }) {
  app.addHook("onSend", async (_request, reply, payload) => {
    for (const [name, value] of securityHeaders(options.https)) reply.header(name, value);
    return payload;
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = error instanceof PortholeError ? error : fromFastifyError(error);
    const failure = known ?? toPortholeError(error);
    if (failure.code === "internal") request.log.error({ err: error }, "request failed");
    else request.log.info({ code: failure.code }, "request refused");
    void reply.code(failure.httpStatus).type("application/json").send(failure.toJSON());
  });
}

/** 404 for unknown API routes, as JSON. */
export function notFoundBody(): object {
  return new PortholeError("not_found", "no such route").toJSON();
}
