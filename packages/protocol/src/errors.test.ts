import { describe, expect, it } from "vitest";
import { PortholeError, errorCodes, toPortholeError } from "./errors.js";

describe("errors", () => {
  it("maps every code to a client status and a WebSocket close code, without reuse", () => {
    const closeCodes = Object.values(errorCodes).map((c) => c.ws);
    for (const { http, ws } of Object.values(errorCodes)) {
      expect(http).toBeGreaterThanOrEqual(400);
      expect(ws === 1002 || ws === 1009 || ws === 1011 || ws === 1013 || (ws >= 4000 && ws < 5000)).toBe(true);
    }
    expect(closeCodes.filter((c) => c === 4460)).toHaveLength(1);
  });

  it("hides unknown throws behind `internal` and never serialises a stack", () => {
    const error = toPortholeError(new Error("db password is hunter2"));
    expect(error.code).toBe("internal");
    expect(JSON.stringify(error)).not.toMatch(/hunter2|at /);
    expect(new PortholeError("not_found").httpStatus).toBe(404);
  });
});
