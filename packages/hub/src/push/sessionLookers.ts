// Whether anyone is looking at a session: the viewers whose page said it is visible, kept by the
// hub that holds the session's host connection (from the bus, so viewers on other hubs count).
// A viewer repeats `visible` with its heartbeat; one not heard from for LOOKER_FRESH_MS no longer counts.
import type { SessionEvent } from "../bus/index.js";

/** How long a "visible" report counts without being repeated, in ms (viewers repeat every 15 s). */
export const LOOKER_FRESH_MS = 45_000;

export class SessionLookers {
  /** Viewer id -> when it last said its page is visible, ms since the epoch. */
  private readonly visibleAt = new Map<number, number>();

  constructor(private readonly clock: () => number = Date.now) {}

  /** Follows the session's bus events: visibility reports and viewers leaving. */
  onEvent(event: SessionEvent): void {
    if (event.t === "visibility") {
      if (event.visible) this.visibleAt.set(event.viewer, this.clock());
      else this.visibleAt.delete(event.viewer);
    } else if (event.t === "toHost" && event.message.t === "left") {
      this.visibleAt.delete(event.message.viewer);
    } else if (event.t === "closeViewer" && event.viewer === 0) {
      this.visibleAt.clear();
    }
  }

  /** True when some viewer's page was visible within LOOKER_FRESH_MS. */
  anyoneLooking(): boolean {
    const now = this.clock();
    for (const [viewer, at] of this.visibleAt) {
      if (now - at <= LOOKER_FRESH_MS) return true;
      this.visibleAt.delete(viewer);
    }
    return false;
  }
}
