// The relay's side of a host (CLI) connection: forwards its output frames to live viewers as they
// come, stores them in order, acknowledges them once committed, and routes handshakes and input.
import { randomUUID } from "node:crypto";
import { FrameType, PortholeError, decodeFrame, hostToHub, parseMessage, type AttentionReason, type HostToHub } from "@porthole/protocol";
import type { Logger } from "pino";
import type { Bus, SessionEvent, Unsubscribe } from "../bus/index.js";
import type { HubMetrics } from "../observability/metrics.js";
import { SessionLookers } from "../push/sessionLookers.js";
import type { SessionRecord, Store } from "../store/index.js";
import type { SocketSender } from "./socketSender.js";

export interface HostConnectionDeps {
  store: Store;
  bus: Bus;
  log: Logger;
  replayBytes: number;
  metrics: Pick<HubMetrics, "framesStored" | "frameBytesStored">;
  /** The host asked for the person's attention and no viewer is looking (push notifications). */
  onAttention?: (sessionId: string, reason: AttentionReason) => void;
}

/** Output bytes a host may have sent but not yet had stored; more closes the connection. */
const MAX_PENDING_BYTES = 16 * 1024 * 1024;

export class HostConnection {
  readonly id = randomUUID();
  private unsubscribe: Unsubscribe | undefined;
  private pending: { seq: number; frame: Uint8Array }[] = [];
  private pendingBytes = 0;
  private appending: Promise<void> | undefined;
  private lastQueuedSeq: number;
  private closed = false;
  /** Which viewers, on any hub, have the session on screen. */
  private readonly lookers = new SessionLookers();

  constructor(
    private readonly sender: SocketSender,
    private readonly session: SessionRecord,
    private readonly deps: HostConnectionDeps,
  ) {
    this.lastQueuedSeq = session.lastSeq;
  }

  get sessionId(): string {
    return this.session.id;
  }

  async start(): Promise<void> {
    const { bus } = this.deps;
    // Events published while attaching (a viewer's hello) wait until `attached` is sent, which is
    // the last step: the host answers nothing before the hub is ready to carry its answers.
    let held: SessionEvent[] | undefined = [];
    this.unsubscribe = await bus.subscribe(this.sessionId, (event) => (held ? held.push(event) : this.onEvent(event)));
    await bus.publish(this.sessionId, { t: "hostAttached", connection: this.id });
    await bus.setHost(this.sessionId, this.id);
    await bus.publish(this.sessionId, { t: "toViewer", viewer: 0, message: { t: "host", online: true, connection: this.id } });
    this.sender.json({ t: "attached", lastSeq: this.session.lastSeq });
    for (const event of held) this.onEvent(event);
    held = undefined;
    this.deps.log.info({ lastSeq: this.session.lastSeq }, "host attached");
  }

  private onEvent(event: SessionEvent): void {
    this.lookers.onEvent(event);
    if (event.t === "hostAttached" && event.connection !== this.id) {
      this.sender.close(new PortholeError("replaced", "another host connection attached to this session"));
    } else if (event.t === "toHost") {
      this.sender.json(event.message);
    } else if (event.t === "input") {
      this.sender.bytes(event.frame);
    }
  }

  onBinary(bytes: Uint8Array): void {
    const frame = decodeFrame(bytes);
    if (typeof frame === "string") return this.sender.error("protocol_error", frame);
    if (frame.type === FrameType.output) return this.enqueue(frame.id, bytes);
    if (frame.type === FrameType.direct) {
      void this.deps.bus.publish(this.sessionId, { t: "direct", viewer: frame.id, frame: bytes });
      return;
    }
    this.sender.error("protocol_error", "hosts send output and direct frames only");
  }

  onText(text: string): void {
    const message = parseMessage(hostToHub, text);
    if (typeof message === "string") return this.sender.error("protocol_error", message);
    this.handle(message).catch((error: unknown) => this.deps.log.error({ err: error }, "handling a host message failed"));
  }

  private async handle(message: HostToHub): Promise<void> {
    const { bus } = this.deps;
    const sid = this.sessionId;
    switch (message.t) {
      case "welcome":
        return bus.publish(sid, { t: "toViewer", viewer: message.viewer, message: { t: "welcome", ephemeral: message.ephemeral, confirm: message.confirm } });
      case "admit":
        return bus.publish(sid, { t: "admit", viewer: message.viewer });
      case "reject":
        await bus.publish(sid, { t: "toViewer", viewer: message.viewer, message: { t: "reject", reason: message.reason } });
        return bus.publish(sid, { t: "closeViewer", viewer: message.viewer, code: "pairing_failed", reason: message.reason });
      case "kick-all":
        return bus.publish(sid, { t: "closeViewer", viewer: 0, code: "revoked", reason: "the owner revoked sharing" });
      case "end":
        await this.appending;
        await this.deps.store.endSession(sid, null, Date.now());
        this.deps.log.info("session ended");
        return bus.publish(sid, { t: "toViewer", viewer: 0, message: { t: "ended" } });
      case "ping":
        return this.sender.json({ t: "pong" });
      case "attention":
        if (this.lookers.anyoneLooking()) return this.deps.log.debug({ reason: message.reason }, "attention: a viewer is looking, no notification");
        return this.deps.onAttention?.(sid, message.reason);
      case "attach":
        return this.sender.error("protocol_error", "already attached");
    }
  }

  private enqueue(seq: number, frame: Uint8Array): void {
    if (seq <= this.lastQueuedSeq) return; // a resend of something already stored or queued
    if (seq !== this.lastQueuedSeq + 1) {
      this.sender.error("protocol_error", `output frame ${seq} skips ahead of ${this.lastQueuedSeq + 1}`);
      return;
    }
    this.lastQueuedSeq = seq;
    // Live viewers see the frame now; the host's ack waits for the commit (stored before acked).
    void this.deps.bus.publish(this.sessionId, { t: "output", seq, frame });
    this.pending.push({ seq, frame });
    this.pendingBytes += frame.length;
    if (this.pendingBytes > MAX_PENDING_BYTES) {
      this.sender.close(new PortholeError("rate_limited", "output arrives faster than it can be stored"));
      return;
    }
    if (!this.appending) this.appending = this.drain();
  }

  /** Appends queued frames in batches, one transaction each; announces and acks after commit. */
  private async drain(): Promise<void> {
    const { store, bus, replayBytes, log } = this.deps;
    try {
      while (this.pending.length > 0 && !this.closed) {
        const batch = this.pending;
        this.pending = [];
        this.pendingBytes = 0;
        const result = await store.appendFrames(this.sessionId, batch.map((f) => ({ seq: f.seq, data: f.frame })), replayBytes);
        if (!result.ok) {
          const error = result.reason === "gap" ? new PortholeError("conflict", `the hub expected frame ${result.expected}`) : new PortholeError("session_ended");
          this.sender.close(error);
          return;
        }
        this.deps.metrics.framesStored.inc(batch.length);
        this.deps.metrics.frameBytesStored.inc(batch.reduce((n, f) => n + f.frame.length, 0));
        await bus.publish(this.sessionId, { t: "stored", lastSeq: result.lastSeq });
        this.sender.json({ t: "ack", seq: result.lastSeq });
      }
    } catch (error) {
      log.error({ err: error }, "storing output failed");
      this.sender.close(new PortholeError("unavailable", "the hub could not store output"));
    } finally {
      this.appending = undefined;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe?.();
    const { bus } = this.deps;
    if (await bus.releaseHost(this.sessionId, this.id)) {
      await bus.publish(this.sessionId, { t: "toViewer", viewer: 0, message: { t: "host", online: false } });
    }
    this.deps.log.info("host detached");
  }
}
