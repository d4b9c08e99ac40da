// What the status line says for each viewer status: the status word first (tests look for it),
// then what it means and, when stuck, what the person can do.
import type { ViewerStatus } from "@porthole/protocol";

export interface StatusText {
  /** Starts with the status word: connecting, waiting, live, reconnecting, ended, failed. */
  label: string;
  /** What to do about it, when there is something to do. */
  hint?: string;
}

export function statusText(status: ViewerStatus, detail: string): StatusText {
  switch (status) {
    case "connecting":
      return { label: detail ? `connecting · ${detail}` : "connecting" };
    case "waiting":
      return { label: "waiting for the desk", hint: "Is “porthole run” still running on your computer?" };
    case "live":
      return { label: "live · connected" };
    case "reconnecting":
      return { label: detail ? `reconnecting · ${detail}` : "reconnecting" };
    case "ended":
      return { label: "ended" };
    case "failed":
      return {
        label: detail ? `failed · ${detail}` : "failed",
        hint: "Scan the QR code again, or run “porthole run” on your computer for a new link.",
      };
  }
}
