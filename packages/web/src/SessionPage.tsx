// The /s/:id page: reads the pairing link from the address (fragment included, never sent
// anywhere) and shows the live session, or why the link cannot be used.
import { parsePairingUrl } from "@porthole/protocol";
import { useState } from "react";
import { pairedLinkFor } from "./push/pairedLink.js";
import { SessionView } from "./SessionView.js";
import { StatusLine } from "./StatusLine.js";

export function SessionPage() {
  const [link] = useState(() => {
    // Opened from a notification (no key in the address): take it from this browser's paired sessions.
    const paired = pairedLinkFor(window.location.href, window.localStorage);
    if (paired) window.history.replaceState(window.history.state, "", paired);
    return parsePairingUrl(window.location.href);
  });
  if (typeof link !== "string") return <SessionView link={link} />;
  return (
    <main className="home">
      <StatusLine status="failed" detail={`this link cannot be used: ${link}`} exit={undefined} />
      <p>
        <a href="/">Your sessions</a>
      </p>
    </main>
  );
}
