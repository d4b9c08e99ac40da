// Who is looking at a session: visible reports count for LOOKER_FRESH_MS, hidden or leaving stops
// them at once, and revoking sharing (every viewer closed) forgets them all.
import { describe, expect, it } from "vitest";
import { LOOKER_FRESH_MS, SessionLookers } from "./sessionLookers.js";

describe("SessionLookers", () => {
  it("counts a visible viewer until it is hidden, leaves, or goes quiet", () => {
    let now = 1_000_000;
    const lookers = new SessionLookers(() => now);
    expect(lookers.anyoneLooking()).toBe(false);
    lookers.onEvent({ t: "visibility", viewer: 7, visible: true });
    lookers.onEvent({ t: "visibility", viewer: 8, visible: false });
    expect(lookers.anyoneLooking()).toBe(true);
    lookers.onEvent({ t: "visibility", viewer: 7, visible: false });
    expect(lookers.anyoneLooking()).toBe(false);

    lookers.onEvent({ t: "visibility", viewer: 7, visible: true });
    lookers.onEvent({ t: "toHost", message: { t: "left", viewer: 7 } });
    expect(lookers.anyoneLooking()).toBe(false);

    lookers.onEvent({ t: "visibility", viewer: 9, visible: true });
    now += LOOKER_FRESH_MS;
    expect(lookers.anyoneLooking()).toBe(true);
    lookers.onEvent({ t: "visibility", viewer: 9, visible: true });
    now += LOOKER_FRESH_MS + 1;
    expect(lookers.anyoneLooking()).toBe(false);

    lookers.onEvent({ t: "visibility", viewer: 10, visible: true });
    lookers.onEvent({ t: "closeViewer", viewer: 0, code: "revoked", reason: "the owner revoked sharing" });
    expect(lookers.anyoneLooking()).toBe(false);
  });
});
