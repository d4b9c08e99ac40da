// What a viewer sends while it is not live (reconnecting, pairing): keystrokes and chat commands,
// kept in order up to a byte bound and sent once the stream is live again. Used by viewerClient.ts.
import { encodePayload, type Payload } from "../payload.js";

export class Outbox {
  private queued: Payload[] = [];
  private bytes = 0;

  /** @param limitBytes most encoded payload bytes kept; more is refused. */
  constructor(private readonly limitBytes: number) {}

  /** Keeps a payload for later; false when it would pass the bound (the payload is dropped). */
  add(payload: Payload): boolean {
    const size = encodePayload(payload).length;
    if (this.bytes + size > this.limitBytes) return false;
    this.queued.push(payload);
    this.bytes += size;
    return true;
  }

  /** Everything kept, oldest first; the outbox is empty afterwards. */
  take(): Payload[] {
    const taken = this.queued;
    this.queued = [];
    this.bytes = 0;
    return taken;
  }
}
