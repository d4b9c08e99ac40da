// The relay's side of a viewer connection. Before the host admits it, a viewer can only exchange
// handshake messages. After, it receives output from any sequence number still stored, then live;
// a viewer that reads slowly is served from the store instead of from memory.
import { FrameType, PortholeError, decodeFrame, parseMessage, viewerToHub, withFrameId, type ViewerToHub } from "@porthole/protocol";
import type { Logger } from "pino";
import type { Bus, SessionEvent, Unsubscribe } from "../bus/index.js";
import type { SessionRecord, Store } from "../store/index.js";
import type { SocketSender } from "./socketSender.js";

export interface ViewerConnectionDeps {
  store: Store;
  bus: Bus;
  log: Logger;
  highWaterBytes: number;
}

/** Hello attempts one connection may make. */
const MAX_HELLOS = 5;
/** Time a viewer has to be admitted by the host after joining, in ms. */
const ADMISSION_TIMEOUT_MS = 30_000;
/** Bytes of stored output read per step while catching up. */
const CATCH_UP_BYTES = 256 * 1024;

export class ViewerConnection {
  readonly id: number;
  admitted = false;
  private admissionTimer: ReturnType<typeof setTimeout> | undefined;
  private hellos = 0;
  /** Key-confirmation frames allowed before admission: one per hello. */
  private confirmations = 0;
  private unsubscribe: Unsubscribe | undefined;
  /** Next output sequence number this viewer needs. */
  private next = 0;
  /** "idle": not syncing; "catchup": reading from the store; "live": sending published frames. */
  private mode: "idle" | "catchup" | "live" = "idle";
  private pumping = false;
  /** Highest output sequence number known to be stored. */
  private lastKnown: number;
  private closed = false;

  constructor(
    private readonly sender: SocketSender,
    private readonly session: SessionRecord,
    private readonly deps: ViewerConnectionDeps,
  ) {
    this.id = 1 + Math.floor(Math.random() * 2 ** 31 - 1);
    this.lastKnown = session.lastSeq;
  }

  get sessionId(): string {
    return this.session.id;
  }

  async start(): Promise<void> {
    const { bus } = this.deps;
    // Events published while the host is looked up wait until `joined` is sent: the viewer must
    // hear of the session before any news of it, or it would say hello twice.
    let held: SessionEvent[] | undefined = [];
    this.unsubscribe = await bus.subscribe(this.sessionId, (event) => (held ? held.push(event) : this.onEvent(event)));
    const host = await bus.getHost(this.sessionId);
    this.sender.json({ t: "joined", viewer: this.id, hostOnline: host !== null, ended: this.session.endedAt !== null, ...(host ? { hostConnection: host } : {}) });
    for (const event of held) this.onEvent(event);
    held = undefined;
    this.admissionTimer = setTimeout(() => {
      if (!this.admitted) this.sender.close(new PortholeError("forbidden", "not admitted by the host in time"));
    }, ADMISSION_TIMEOUT_MS);
  }

  private onEvent(event: SessionEvent): void {
    switch (event.t) {
      case "output":
        return this.onOutput(event.seq, event.frame);
      case "stored":
        return this.onStored(event.lastSeq);
      case "toViewer":
        if (event.viewer === 0 || event.viewer === this.id) this.sender.json(event.message);
        return;
      case "direct":
        if (event.viewer === this.id) this.sender.bytes(event.frame);
        return;
      case "admit":
        if (event.viewer === this.id) {
          this.admitted = true;
          clearTimeout(this.admissionTimer);
        }
        return;
      case "closeViewer":
        if (event.viewer === 0 || event.viewer === this.id) this.sender.close(new PortholeError(event.code, event.reason));
        return;
      default:
        return;
    }
  }

  onText(text: string): void {
    const message = parseMessage(viewerToHub, text);
    if (typeof message === "string") return this.sender.error("protocol_error", message);
    this.handle(message).catch((error: unknown) => this.deps.log.error({ err: error }, "handling a viewer message failed"));
  }

  onBinary(bytes: Uint8Array): void {
    if (!this.admitted) {
      // Before admission the only frame a viewer may send is its key confirmation, once per hello.
      if (this.confirmations >= this.hellos) return this.sender.error("forbidden", "input before the host admitted this viewer");
      this.confirmations++;
    }
    const frame = decodeFrame(bytes);
    if (typeof frame === "string") return this.sender.error("protocol_error", frame);
    if (frame.type !== FrameType.input) return this.sender.error("protocol_error", "viewers send input frames only");
    void this.deps.bus.publish(this.sessionId, { t: "input", frame: withFrameId(bytes, this.id) });
  }

  private async handle(message: ViewerToHub): Promise<void> {
    switch (message.t) {
      case "hello":
        if (++this.hellos > MAX_HELLOS) return this.sender.close(new PortholeError("rate_limited", "too many handshake attempts"));
        return this.deps.bus.publish(this.sessionId, { t: "toHost", message: { ...message, viewer: this.id } });
      case "sync":
        if (!this.admitted) return this.sender.error("forbidden", "sync before the host admitted this viewer");
        return this.startSync(message.from);
      case "ping":
        return this.sender.json({ t: "pong" });
      case "visibility":
        if (!this.admitted) return this.sender.error("forbidden", "visibility before the host admitted this viewer");
        return this.deps.bus.publish(this.sessionId, { t: "visibility", viewer: this.id, visible: message.visible });
      case "join":
        return this.sender.error("protocol_error", "already joined");
    }
  }

  private async startSync(from: number): Promise<void> {
    const session = await this.deps.store.getSession(this.sessionId);
    if (!session) return this.sender.close(new PortholeError("not_found", "the session was deleted"));
    this.lastKnown = Math.max(this.lastKnown, session.lastSeq);
    const wanted = Math.max(from, 1);
    if (wanted < session.firstSeq && wanted <= session.lastSeq) {
      this.mode = "idle";
      return this.sender.json({ t: "gap", firstSeq: session.firstSeq });
    }
    this.next = wanted;
    this.mode = "catchup";
    await this.pump();
  }

  /** A frame as the host sent it (maybe not stored yet): sent on if it is the next one and the socket keeps up. */
  private onOutput(seq: number, frame: Uint8Array): void {
    if (this.mode !== "live" || seq < this.next) return;
    if (seq === this.next && this.sender.inflight < this.deps.highWaterBytes) {
      this.sender.bytes(frame);
      this.next = seq + 1;
      return;
    }
    // Too far behind to send from memory: catch up from the store once the socket drains (frames
    // not stored yet follow when `stored` announces them).
    this.mode = "catchup";
    void this.pump();
  }

  /** Frames up to `lastSeq` are committed: a viewer that skipped any reads them from the store. */
  private onStored(lastSeq: number): void {
    this.lastKnown = Math.max(this.lastKnown, lastSeq);
    if (this.mode === "live" && this.next <= this.lastKnown) {
      this.mode = "catchup";
      void this.pump();
    }
  }

  /** Sends stored frames from `next` until caught up, never more than the high-water mark at once. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    let emptyReads = 0;
    try {
      while (this.mode === "catchup" && !this.closed) {
        await this.sender.drained();
        if (this.closed || !this.sender.open) return;
        if (this.next > this.lastKnown) {
          this.mode = "live";
          return;
        }
        const frames = await this.deps.store.readFrames(this.sessionId, this.next, CATCH_UP_BYTES);
        const first = frames[0];
        if (!first) {
          // A frame announced while this read ran is committed, so read again; only once nothing
          // newer than `next` is known may the viewer go live.
          if (this.next > this.lastKnown || ++emptyReads > 3) {
            this.mode = "live";
            return;
          }
          continue;
        }
        if (first.seq !== this.next) {
          const session = await this.deps.store.getSession(this.sessionId);
          this.mode = "idle";
          if (session && this.next < session.firstSeq) return this.sender.json({ t: "gap", firstSeq: session.firstSeq });
          throw new Error(`invariant violation: stored output skips from ${this.next} to ${first.seq}`);
        }
        for (const f of frames) {
          if (f.seq !== this.next) break;
          this.sender.bytes(f.data);
          this.next = f.seq + 1;
        }
      }
    } catch (error) {
      this.deps.log.error({ err: error }, "catch-up failed");
      this.sender.close(new PortholeError("unavailable", "could not read stored output"));
    } finally {
      this.pumping = false;
    }
  }

  /** True when this viewer has been sent every stored frame it asked for (or never asked). */
  get settled(): boolean {
    return this.closed || this.mode === "idle" || (this.mode === "live" && this.next > this.lastKnown && this.sender.inflight === 0);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.admissionTimer);
    this.sender.releaseWaiters();
    this.unsubscribe?.();
    await this.deps.bus.publish(this.sessionId, { t: "toHost", message: { t: "left", viewer: this.id } });
  }
}
