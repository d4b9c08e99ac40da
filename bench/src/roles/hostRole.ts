// Benchmark process: the CLI's side of N sessions, as `porthole run` wires it: each a HostSession
// (sealing, ack window, screen mirror) attached to the hub, fed by a real PTY (spawnPtyAgent) whose
// output it sends and to which it writes viewers' keystrokes, with the PTY paused on back-pressure.
import { tmpdir } from "node:os";
import { spawnPtyAgent, type PtyAgent, type PtyExit } from "@porthole/agents";
import { HostSession, type HostSessionOptions } from "@porthole/cli";
import { formatPairingUrl, generateKeyPair, type KeyPair } from "@porthole/protocol";
import WebSocket from "ws";
import { registerSessions } from "../support/hubApi.js";
import { serve, waitFor } from "../support/serve.js";
import { ECHO_SCRIPT } from "../support/echoScript.js";

/** How a session answers keystrokes: a PTY running `cat` in raw mode, a JS echo, or not at all. */
export type EchoKind = "pty" | "js" | "none";

interface Hosted {
  host: HostSession;
  hostPublicKey: Uint8Array;
  echo: EchoKind;
  agent?: PtyAgent;
  online: boolean;
  /** The echo PTY finished its set-up (always true without one). */
  ready: boolean;
  /** Times the ack window filled and the PTY was paused. */
  pauses: number;
  /** Times the hub connection dropped (the host reconnects). */
  drops: number;
}

export interface HostSetup {
  /** Pairing URLs, one per session (the viewers' input). */
  links: string[];
  /** Sessions per echo kind actually used ("pty" unless PTYs ran out). */
  echo: Record<EchoKind, number>;
  ptyError?: string;
}

export interface BulkResult {
  /** Output bytes read from the PTY. */
  bytes: number;
  /** PTY reads (each becomes at least one output frame). */
  chunks: number;
  /** Times the window filled and the PTY was paused. */
  pauses: number;
  exit: PtyExit;
  /** Whether the hub confirmed storing the last frame. */
  stored: boolean;
  /** Hub connection drops during the run, and the warnings the host logged (message: count). */
  drops: number;
  warnings: Record<string, number>;
}

/** What the host sessions warned about (e.g. errors the hub reported), counted by message. */
const warnings = new Map<string, number>();

/** A pino-shaped logger that prints nothing and counts warnings and errors. */
const countingLog = (() => {
  const noop = () => undefined;
  const count = (fields: unknown, message?: string) => {
    const detail = typeof fields === "object" && fields !== null ? ((fields as { problem?: string; code?: string }).problem ?? (fields as { code?: string }).code ?? "") : "";
    const key = `${message ?? String(fields)}${detail ? `: ${detail}` : ""}`;
    warnings.set(key, (warnings.get(key) ?? 0) + 1);
  };
  const log: Record<string, unknown> = { fatal: count, error: count, warn: count, info: noop, debug: noop, trace: noop, level: "warn" };
  log.child = () => log;
  return log as unknown as HostSessionOptions["log"];
})();

const ptyEnv: Record<string, string> = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: tmpdir(), TERM: "xterm-256color", LANG: "C.UTF-8" };
const sessions: Hosted[] = [];

function attach(hubUrl: string, id: string, hostToken: string, hostKey: KeyPair): Hosted {
  const hosted = { hostPublicKey: hostKey.publicKey, echo: "none", online: false, ready: false, pauses: 0, drops: 0 } as Omit<Hosted, "host"> as Hosted;
  hosted.host = new HostSession({
    hubUrl,
    sessionId: id,
    hostToken,
    hostKey,
    cols: 80,
    rows: 24,
    openSocket: (url) => new WebSocket(url) as never,
    log: countingLog,
    onConnection: (state) => {
      hosted.online = state === "online";
      if (state === "offline") hosted.drops++;
    },
    onBackpressure: (paused) => {
      if (!paused) return hosted.agent?.resume();
      hosted.pauses++;
      hosted.agent?.pause();
    },
    onInput: (data) => {
      if (hosted.echo === "pty") hosted.agent?.write(data);
      else if (hosted.echo === "js") hosted.host.output(data);
    },
  });
  return hosted;
}

function linkOf(hubUrl: string, id: string, hosted: Hosted): string {
  return formatPairingUrl({ hubUrl, sessionId: id, hostPublicKey: hosted.hostPublicKey, ...(hosted.host.pairingSecret ? { pairingSecret: hosted.host.pairingSecret } : {}) });
}

/** Starts the echo PTY; output before its "R" (stty's doing) is not sent. */
function startEchoPty(hosted: Hosted): void {
  const agent = spawnPtyAgent({ command: "sh", args: ["-c", ECHO_SCRIPT], cwd: tmpdir(), env: ptyEnv, cols: 80, rows: 24 });
  hosted.agent = agent;
  agent.onData((data) => {
    if (hosted.ready) return hosted.host.output(data);
    const at = data.indexOf(0x52); // "R"
    if (at < 0) return;
    hosted.ready = true;
    if (at + 1 < data.length) hosted.host.output(data.subarray(at + 1));
  });
}

serve(
  {
    async setup(args: { hubUrl: string; count: number; echo: EchoKind }): Promise<HostSetup> {
      const keys = Array.from({ length: args.count }, () => generateKeyPair());
      const registered = await registerSessions(args.hubUrl, keys.map((k) => k.publicKey));
      const echo: Record<EchoKind, number> = { pty: 0, js: 0, none: 0 };
      let ptyError: string | undefined;
      const links: string[] = [];
      for (const [i, { id, hostToken }] of registered.entries()) {
        const hosted = attach(args.hubUrl, id, hostToken, keys[i]!);
        let kind: EchoKind = args.echo === "pty" && ptyError ? "js" : args.echo;
        if (kind === "pty") {
          try {
            startEchoPty(hosted);
          } catch (error) {
            ptyError = error instanceof Error ? error.message : String(error);
            kind = "js";
          }
        }
        hosted.echo = kind;
        if (kind !== "pty") hosted.ready = true;
        echo[kind]++;
        sessions.push(hosted);
        links.push(linkOf(args.hubUrl, id, hosted));
        hosted.host.start();
      }
      await waitFor(() => sessions.every((s) => s.online), "every host attached", 30_000);
      await waitFor(() => sessions.every((s) => s.ready), "every echo PTY ready", 30_000);
      return { links, echo, ...(ptyError ? { ptyError } : {}) };
    },

    /** Runs `command` in a PTY on the first session and sends all of its output; resolves after exit. */
    async bulk(args: { command: string; args: string[] }): Promise<BulkResult> {
      const hosted = sessions[0];
      if (!hosted) throw new Error("call setup first");
      let bytes = 0;
      let chunks = 0;
      hosted.pauses = 0;
      hosted.drops = 0;
      warnings.clear();
      const agent = spawnPtyAgent({ command: args.command, args: args.args, cwd: tmpdir(), env: ptyEnv, cols: 80, rows: 24 });
      hosted.agent = agent;
      agent.onData((data) => {
        bytes += data.length;
        chunks++;
        hosted.host.output(data);
      });
      const exit = await new Promise<PtyExit>((resolve) => agent.onExit(resolve));
      const stored = await hosted.host.end(exit, 30_000);
      return { bytes, chunks, pauses: hosted.pauses, exit, stored, drops: hosted.drops, warnings: Object.fromEntries(warnings) };
    },
  },
  () => {
    for (const s of sessions) {
      s.agent?.kill("SIGKILL");
      s.host.close();
    }
  },
);
