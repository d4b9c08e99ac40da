// The bus carries a session's events between the hub that holds its host connection and every
// hub that holds its viewers. Two engines: in-process (default) and Redis (many hubs).
import type { HubToHost, HubToViewer } from "@porthole/protocol";

/** Everything that happens to one session, as seen by the connections that serve it. */
export type SessionEvent =
  /**
   * An output frame as it arrives from the host, before it is stored: live viewers get it at once.
   * Not yet durable: a viewer that missed it reads it from the store once `stored` covers it.
   */
  | { t: "output"; seq: number; frame: Uint8Array }
  /** Every output frame up to `lastSeq` is committed to the store (published after the commit). */
  | { t: "stored"; lastSeq: number }
  /** A control message for one viewer, or for all when `viewer` is 0. */
  | { t: "toViewer"; viewer: number; message: HubToViewer }
  /** An encrypted frame from the host for one viewer. */
  | { t: "direct"; viewer: number; frame: Uint8Array }
  /** The host admitted a viewer after its handshake. */
  | { t: "admit"; viewer: number }
  /** Close one viewer (0: all) with an error code. */
  | { t: "closeViewer"; viewer: number; code: "pairing_failed" | "revoked" | "not_found"; reason: string }
  /** A control message for the host. */
  | { t: "toHost"; message: HubToHost }
  /** An encrypted input frame for the host, its id stamped with the viewer id. */
  | { t: "input"; frame: Uint8Array }
  /** A new host connection attached: any other host connection of this session must close. */
  | { t: "hostAttached"; connection: string }
  /** An admitted viewer's page became visible (repeated while it stays so) or hidden. */
  | { t: "visibility"; viewer: number; visible: boolean };

export type Unsubscribe = () => void;

export interface Bus {
  readonly engine: "memory" | "redis";
  publish(sessionId: string, event: SessionEvent): Promise<void>;
  subscribe(sessionId: string, listener: (event: SessionEvent) => void): Promise<Unsubscribe>;
  /** Records that this host connection serves the session now (replacing any other). */
  setHost(sessionId: string, connection: string): Promise<void>;
  /** Clears the record if it still names this connection; true when it did. */
  releaseHost(sessionId: string, connection: string): Promise<boolean>;
  /** The host connection id serving a session, if any. */
  getHost(sessionId: string): Promise<string | null>;
  close(): Promise<void>;
}
