// The command Claude Code runs for each hook: a small Node script, written into the bridge's
// private folder at start, that forwards the hook's stdin JSON to the bridge's Unix socket and
// prints the bridge's answer. If the bridge is gone it prints nothing and exits 0, which Claude Code
// reads as "no decision" (its own prompt stays in charge).

/** Source of the forwarder; run as `node forward.mjs SOCKET_PATH`. */
export const forwarderSource = `// Porthole hook forwarder: stdin -> unix socket -> stdout. Written by @porthole/agents.
import { connect } from "node:net";
const input = [];
process.stdin.on("data", (chunk) => input.push(chunk));
process.stdin.on("end", () => {
  let line;
  try {
    line = JSON.stringify(JSON.parse(Buffer.concat(input).toString("utf8")));
  } catch {
    process.exit(0);
  }
  const reply = [];
  // One JSON line out; the socket stays open until the answer, so the bridge sees us killed.
  const socket = connect(process.argv[2], () => socket.write(line + "\\n"));
  socket.on("data", (chunk) => reply.push(chunk));
  socket.on("end", () => process.stdout.write(Buffer.concat(reply), () => process.exit(0)));
  socket.on("error", () => process.exit(0));
});
`;

/** Quotes one word for a POSIX shell (Claude Code runs hook commands through one). */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
