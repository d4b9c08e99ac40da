// Every status line starts with its status word, and stuck states say what to do.
import type { ViewerStatus } from "@porthole/protocol";
import { describe, expect, it } from "vitest";
import { statusText } from "./statusText.js";

const statuses: ViewerStatus[] = ["connecting", "waiting", "live", "reconnecting", "ended", "failed"];

describe("statusText", () => {
  it.each(statuses)("starts with the word %s", (status) => {
    expect(statusText(status, "some detail").label.startsWith(status)).toBe(true);
  });

  it("gives the reason and a way out when failed", () => {
    const text = statusText("failed", "pairing refused");
    expect(text.label).toContain("pairing refused");
    expect(text.hint).toMatch(/scan the qr code again/i);
  });

  it("tells a waiting viewer to check the desk", () => {
    expect(statusText("waiting", "waiting for the host").hint).toContain("porthole run");
  });
});
