// The host's side of a session (the CLI): seals output into numbered frames, keeps each one until
// the hub has stored it (resending after a reconnect), pairs and admits viewers, answers their
// input, chat commands and snapshot requests, and reconnects with back-off while the agent keeps
// running. Chat events travel in the same numbered output stream as the terminal.
import {
  FrameType,
  CHAT_PAGE_EVENTS,
  MAX_FRAME_BYTES,
  PayloadKind,
  MAX_CHUNK_BYTES,
  acceptHello,
  decodeFrame,
  decodePayload,
  encodeFrame,
  encodePayload,
  fromBase64Url,
  generatePairingSecret,
  hostChannels,
  hubToHost,
  messageData,
  parseMessage,
  relayUrl,
  toBase64Url,
  SOCKET_OPEN,
  type AttentionReason,
  type ChatCommand,
  type ChatEvent,
  type HostToHub,
  type KeyPair,
  type Payload,
  type SendChannel,
  type SessionFeatures,
  type ReceiveChannel,
  type SocketFactory,
  type SocketLike,
} from "@porthole/protocol";
import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import { ChatHistory, fitChatEvent } from "./chatHistory.js";
import { ScreenMirror } from "./screenMirror.js";
import { sealOutputFrame } from "./outputSealer.js";

export interface HostSessionOptions {
  hubUrl: string;
  sessionId: string;
  hostToken: string;
  hostKey: KeyPair;
  cols: number;
  rows: number;
  openSocket: SocketFactory;
  log: Logger;
  /** Output bytes sent but not yet stored by the hub before the agent is paused. */
  windowBytes?: number;
  /** Called with true when output must stop (window full) and false when it may go on. */
  onBackpressure?(paused: boolean): void;
  /** What the session offers viewers (told in each grant); default terminal only. */
  features?: SessionFeatures;
  /** Keystrokes from a viewer, to write to the agent. */
  onInput?(data: Uint8Array): void;
  /** A viewer's chat command (only with `features.chat`); refuse it with refuseChatCommand. */
  onChatCommand?(command: ChatCommand, viewer: number): void;
  /** The pairing secret changed (used, or revoked): the printed link is stale. */
  onPairingSecret?(secret: Uint8Array): void;
  /** Hub connection state, for the person at the desk. */
  onConnection?(state: "online" | "offline", detail: string): void;
  /** A viewer paired, resumed, left, or failed to pair. */
  onViewer?(event: "paired" | "resumed" | "left" | "refused", detail: string): void;
}

interface Viewer {
  device: string;
  toViewer: SendChannel;
  fromViewer: ReceiveChannel;
}

/** How long streaming output is gathered into one frame, in ms. */
const GATHER_MS = 2;

/** Most bytes of chat events (JSON) in one snapshot or page: well inside one frame. */
const CHAT_PAGE_BYTES = 512 * 1024;

/** Failed pairing attempts before the pairing secret is replaced (stops guessing). */
const MAX_PAIRING_FAILURES = 10;

export class HostSession {
  /** The last sequence number given to an output frame. */
  seq = 0;
  pairingSecret: Uint8Array | undefined = generatePairingSecret();
  private outputKey = randomBytes(32);
  private keyFromSeq = 1;
  private unacked: { seq: number; frame: Uint8Array }[] = [];
  private unackedBytes = 0;
  private backpressured = false;
  private readonly knownDevices = new Set<string>();
  private readonly viewers = new Map<number, Viewer>();
  /** Viewers whose hello verified, waiting for their key confirmation. */
  private readonly pending = new Map<number, Viewer & { mode: "pair" | "resume"; secret: Uint8Array | undefined }>();
  private readonly mirror: ScreenMirror;
  private readonly chatHistory = new ChatHistory();
  private socket: SocketLike | undefined;
  private attached = false;
  private attempts = 0;
  private pairingFailures = 0;
  /** Recently used pairing secrets, only to tell a person their link was already used. */
  private spentSecrets: Uint8Array[] = [];
  private closed = false;
  private ended = false;
  /** Attention asked for while the hub was out of reach (see askForAttention). */
  private pendingAttention: { reason: AttentionReason; at: number } | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private ackWaiters: (() => void)[] = [];
  /** Output gathered in this turn of the event loop, not yet sealed. */
  private gathered: Uint8Array[] = [];
  private gatheredBytes = 0;
  private flushTimer: ReturnType<typeof setTimeout> | ReturnType<typeof setImmediate> | undefined;
  private lastFlushAt = -Infinity;
  cols: number;
  rows: number;

  constructor(private readonly options: HostSessionOptions) {
    this.cols = options.cols;
    this.rows = options.rows;
    this.mirror = new ScreenMirror(options.cols, options.rows);
  }

  start(): void {
    this.connect();
  }

  /** Viewers paired or resumed on the current connection. */
  get viewerCount(): number {
    return this.viewers.size;
  }

  /**
   * Takes terminal output. After a quiet spell (a keystroke's echo) it goes out in this turn of the
   * event loop; while output streams, it is gathered for up to GATHER_MS into frames of up to
   * MAX_CHUNK_BYTES, so a flood costs a few hundred frames a second, not one per PTY read.
   */
  output(data: Uint8Array): void {
    if (data.length === 0) return;
    this.gathered.push(data);
    this.gatheredBytes += data.length;
    if (this.gatheredBytes >= MAX_CHUNK_BYTES) this.flushOutput();
    else if (!this.flushTimer) {
      const streaming = performance.now() - this.lastFlushAt < GATHER_MS * 2;
      this.flushTimer = streaming ? setTimeout(() => this.flushOutput(), GATHER_MS) : setImmediate(() => this.flushOutput());
    }
  }

  /** Seals what output() gathered into frames and sends them. */
  private flushOutput(): void {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer as ReturnType<typeof setTimeout>);
      clearImmediate(this.flushTimer as ReturnType<typeof setImmediate>);
      this.flushTimer = undefined;
    }
    this.lastFlushAt = performance.now();
    if (this.gatheredBytes === 0) return;
    const data = this.gathered.length === 1 ? this.gathered[0]! : Buffer.concat(this.gathered);
    this.gathered = [];
    this.gatheredBytes = 0;
    for (let offset = 0; offset < data.length; offset += MAX_CHUNK_BYTES) {
      const chunk = data.subarray(offset, offset + MAX_CHUNK_BYTES);
      const seq = ++this.seq;
      this.send(seq, sealOutputFrame(this.outputKey, seq, PayloadKind.data, chunk));
      this.mirror.write(chunk, seq);
    }
  }

  /** The desk terminal changed size. */
  resize(cols: number, rows: number): void {
    this.flushOutput();
    this.cols = cols;
    this.rows = rows;
    const seq = this.emit({ kind: PayloadKind.resize, body: { cols, rows } });
    this.mirror.resize(cols, rows, seq);
  }

  /** One chat event, as the next output frame (after any terminal output gathered before it). */
  chat(event: ChatEvent): void {
    this.flushOutput();
    const fitted = fitChatEvent(event);
    const seq = this.emit({ kind: PayloadKind.chat, body: fitted });
    this.mirror.advance(seq);
    this.chatHistory.add(seq, fitted);
    this.askForAttention(event);
  }

  /**
   * Tells the hub (why, never what) when the person is needed: an approval waits, or a turn ended
   * that they did not interrupt. The hub notifies their devices if no viewer is looking. Events
   * older than a minute (a resumed session's history) ask for nothing.
   */
  private askForAttention(event: ChatEvent): void {
    if (Date.now() - event.at > 60_000) return;
    const reason = event.type === "permission_request" ? "approval" : event.type === "turn_end" && !event.interrupted ? "turn_ended" : undefined;
    if (reason === undefined) return;
    // While the hub is out of reach the latest one waits, and goes once attached if still recent.
    if (this.attached) this.sendJson({ t: "attention", reason });
    else this.pendingAttention = { reason, at: Date.now() };
  }

  /** Tells one viewer its chat command could not be carried out, and why. */
  refuseChatCommand(viewer: number, command: ChatCommand, reason: string): void {
    this.sendDirect(viewer, { kind: PayloadKind.chatRefused, body: { command: command.type, reason: reason.slice(0, 2000) } });
  }

  /** The agent exited: the last output frame. Resolves once the hub stored everything (or timeout). */
  async end(exit: { code: number | null; signal: number | null }, timeoutMs = 5000): Promise<boolean> {
    this.flushOutput();
    const seq = this.emit({ kind: PayloadKind.exit, body: exit });
    this.mirror.advance(seq);
    this.ended = true;
    const stored = await this.flushed(timeoutMs);
    if (stored) this.sendJson({ t: "end" });
    return stored;
  }

  /** Resolves true once every frame is stored by the hub, false after timeoutMs. */
  flushed(timeoutMs: number): Promise<boolean> {
    if (this.unacked.length === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.ackWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  close(): void {
    this.flushOutput();
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.heartbeat);
    this.socket?.close(1000, "host closing");
    this.mirror.dispose();
  }

  private emit(payload: Payload): number {
    const seq = ++this.seq;
    const encoded = encodePayload(payload);
    this.send(seq, sealOutputFrame(this.outputKey, seq, encoded[0]!, encoded.subarray(1)));
    return seq;
  }

  /** Keeps a sealed frame until the hub acknowledges it, and sends it when attached. */
  private send(seq: number, frame: Uint8Array): void {
    this.unacked.push({ seq, frame });
    this.unackedBytes += frame.length;
    if (this.attached) this.socket?.send(frame);
    this.updateBackpressure();
  }

  private updateBackpressure(): void {
    const full = this.unackedBytes > (this.options.windowBytes ?? 4 * 1024 * 1024);
    if (full !== this.backpressured) {
      this.backpressured = full;
      this.options.onBackpressure?.(full);
    }
  }

  private onAck(seq: number): void {
    let dropped = 0;
    while (this.unacked.length > 0 && this.unacked[0]!.seq <= seq) dropped += this.unacked.shift()!.frame.length;
    this.unackedBytes -= dropped;
    this.updateBackpressure();
    if (this.unacked.length === 0) {
      const waiters = this.ackWaiters;
      this.ackWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  private sendJson(message: HostToHub): void {
    if (this.socket?.readyState === SOCKET_OPEN) this.socket.send(JSON.stringify(message));
  }

  private connect(): void {
    const socket = this.options.openSocket(relayUrl(this.options.hubUrl));
    this.socket = socket;
    socket.binaryType = "arraybuffer";
    socket.onopen = () => this.sendJson({ t: "attach", session: this.options.sessionId, token: this.options.hostToken });
    socket.onmessage = (event) => {
      if (socket !== this.socket) return;
      const data = messageData(event.data);
      if (typeof data === "string") this.onText(data);
      else if (data) this.onBinary(data);
    };
    socket.onclose = (event) => {
      if (socket !== this.socket) return;
      this.onClosed(event.code, event.reason);
    };
    socket.onerror = () => {};
    clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => this.sendJson({ t: "ping" }), 20_000);
  }

  private onClosed(code: number, reason: string): void {
    this.attached = false;
    this.viewers.clear();
    this.pending.clear();
    clearInterval(this.heartbeat);
    if (this.closed) return;
    this.options.onConnection?.("offline", reason || `connection closed (${code})`);
    if (code === 4404 || code === 4410) {
      this.options.log.error({ code, reason }, "the hub refused this session; not reconnecting");
      return;
    }
    const delay = Math.min(10_000, 250 * 2 ** this.attempts) * (0.75 + Math.random() * 0.5);
    this.attempts++;
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private onText(text: string): void {
    const message = parseMessage(hubToHost, text);
    if (typeof message === "string") return this.options.log.warn({ problem: message }, "hub sent a bad message");
    switch (message.t) {
      case "attached":
        this.attached = true;
        this.attempts = 0;
        this.onAck(message.lastSeq);
        for (const { frame } of this.unacked) this.socket?.send(frame);
        if (this.ended && this.unacked.length === 0) this.sendJson({ t: "end" });
        if (this.pendingAttention && Date.now() - this.pendingAttention.at < 120_000) this.sendJson({ t: "attention", reason: this.pendingAttention.reason });
        this.pendingAttention = undefined;
        this.options.onConnection?.("online", "connected to the hub");
        return;
      case "ack":
        return this.onAck(message.seq);
      case "hello":
        return this.onHello(message);
      case "left":
        if (this.viewers.delete(message.viewer)) this.options.onViewer?.("left", `viewer ${message.viewer}`);
        if (this.pending.delete(message.viewer)) this.refuse(message.viewer, "the viewer left before confirming its keys: the handshake may have been tampered with");
        return;
      case "revoke":
        return this.revoke();
      case "pong":
        return;
      case "error":
        this.options.log.warn({ code: message.code, problem: message.message }, "hub reported an error");
        return;
    }
  }

  private onHello(message: Extract<ReturnType<typeof hubToHost.parse>, { t: "hello" }>): void {
    const hello = {
      mode: message.mode,
      device: fromBase64Url(message.device)!,
      ephemeral: fromBase64Url(message.ephemeral)!,
      mac: fromBase64Url(message.mac)!,
    };
    try {
      const { welcome, keys } = acceptHello({
        sessionId: this.options.sessionId,
        host: this.options.hostKey,
        hello,
        pairingSecret: this.pairingSecret,
        isKnownDevice: (key) => this.knownDevices.has(toBase64Url(key)),
      });
      const channels = hostChannels(keys);
      this.pending.set(message.viewer, { device: message.device, mode: hello.mode, secret: this.pairingSecret, toViewer: channels.toViewer, fromViewer: channels.fromViewer });
      this.sendJson({ t: "welcome", viewer: message.viewer, ephemeral: toBase64Url(welcome.ephemeral), confirm: toBase64Url(welcome.confirm) });
    } catch (error) {
      const reason = this.usedLink(hello) ? "this pairing link was already used: get a new one with `porthole sessions link`" : error instanceof Error ? error.message : "pairing failed";
      this.refuse(message.viewer, reason);
      if (++this.pairingFailures >= MAX_PAIRING_FAILURES) {
        this.pairingFailures = 0;
        this.rotatePairingSecret();
      }
    }
  }

  /** Whether a refused hello was made with a pairing secret that was already used. */
  private usedLink(hello: Parameters<typeof acceptHello>[0]["hello"]): boolean {
    if (hello.mode !== "pair") return false;
    return this.spentSecrets.some((secret) => {
      try {
        acceptHello({ sessionId: this.options.sessionId, host: this.options.hostKey, hello, pairingSecret: secret, isKnownDevice: () => false });
        return true;
      } catch {
        return false;
      }
    });
  }

  /** The viewer's first frame proves it holds the same keys: admit it and grant the output key. */
  private onConfirm(id: number, pending: Viewer & { mode: "pair" | "resume"; secret: Uint8Array | undefined }, ciphertext: Uint8Array): void {
    this.pending.delete(id);
    let payload: Payload | string;
    try {
      payload = decodePayload(pending.fromViewer.open(ciphertext));
    } catch {
      return this.refuse(id, "key confirmation failed: keys were swapped in transit");
    }
    if (typeof payload === "string" || payload.kind !== PayloadKind.confirm) return this.refuse(id, "expected key confirmation");
    if (pending.mode === "pair") {
      if (pending.secret !== this.pairingSecret) return this.refuse(id, "this pairing link was already used: get a new one with `porthole sessions link`");
      this.knownDevices.add(pending.device);
      this.rotatePairingSecret();
    }
    this.viewers.set(id, { device: pending.device, toViewer: pending.toViewer, fromViewer: pending.fromViewer });
    this.sendJson({ t: "admit", viewer: id });
    this.sendDirect(id, {
      kind: PayloadKind.grant,
      body: { key: toBase64Url(this.outputKey), fromSeq: this.keyFromSeq, lastSeq: this.seq, cols: this.cols, rows: this.rows, ...this.options.features },
    });
    this.options.onViewer?.(pending.mode === "pair" ? "paired" : "resumed", `device ${pending.device.slice(0, 8)}`);
  }

  private refuse(viewer: number, reason: string): void {
    this.options.log.warn({ viewer, reason }, "refused a viewer");
    this.sendJson({ t: "reject", viewer, reason });
    this.options.onViewer?.("refused", reason);
  }

  private rotatePairingSecret(): void {
    if (this.pairingSecret) this.spentSecrets = [this.pairingSecret, ...this.spentSecrets].slice(0, 16);
    this.pairingSecret = generatePairingSecret();
    this.options.onPairingSecret?.(this.pairingSecret);
  }

  /** Forgets every device, changes the output key and the pairing secret, drops all viewers. */
  revoke(): void {
    this.knownDevices.clear();
    this.viewers.clear();
    this.pending.clear();
    this.outputKey = randomBytes(32);
    this.keyFromSeq = this.seq + 1;
    this.sendJson({ t: "kick-all" });
    this.rotatePairingSecret();
    this.options.log.info("sharing revoked: devices forgotten, keys replaced");
  }

  private sendDirect(viewer: number, payload: Payload): void {
    const channel = this.viewers.get(viewer);
    if (!channel || this.socket?.readyState !== SOCKET_OPEN) return;
    this.socket.send(encodeFrame(FrameType.direct, viewer, channel.toViewer.seal(encodePayload(payload))));
  }

  private onBinary(bytes: Uint8Array): void {
    const frame = decodeFrame(bytes);
    if (typeof frame === "string" || frame.type !== FrameType.input) return;
    const pending = this.pending.get(frame.id);
    if (pending) return this.onConfirm(frame.id, pending, frame.payload);
    const viewer = this.viewers.get(frame.id);
    if (!viewer) return;
    let payload: Payload | string;
    try {
      payload = decodePayload(viewer.fromViewer.open(frame.payload));
    } catch (error) {
      this.viewers.delete(frame.id);
      const reason = error instanceof Error ? error.message : "input failed authentication";
      this.options.log.warn({ viewer: frame.id, reason }, "dropped a viewer whose input failed authentication");
      this.sendJson({ t: "reject", viewer: frame.id, reason });
      return;
    }
    if (typeof payload === "string") return this.options.log.warn({ problem: payload }, "viewer sent a bad payload");
    if (payload.kind === PayloadKind.data) this.options.onInput?.(payload.data);
    else if (payload.kind === PayloadKind.chatCommand) {
      if (this.options.features?.chat) this.options.onChatCommand?.(payload.body, frame.id);
      else this.refuseChatCommand(frame.id, payload.body, "this session has no chat view");
    } else if (payload.kind === PayloadKind.snapshotRequest) void this.sendSnapshot(frame.id);
    else if (payload.kind === PayloadKind.chatPageRequest) this.sendChatPage(frame.id, payload.body.before, payload.body.limit);
  }

  /** Older chat events for a viewer paging backward (an empty page for a session with no chat). */
  private sendChatPage(viewer: number, before: number, limit: number): void {
    const page = this.options.features?.chat ? this.chatHistory.page(before, limit, CHAT_PAGE_BYTES) : { events: [], more: false };
    this.sendDirect(viewer, { kind: PayloadKind.chatPage, body: { before, ...page } });
  }

  private async sendSnapshot(viewer: number): Promise<void> {
    const snapshot = await this.mirror.snapshot();
    const ended = this.ended && snapshot.seq === this.seq;
    const body = { ...snapshot, ended };
    if (!this.options.features?.chat) return this.sendDirect(viewer, { kind: PayloadKind.snapshot, body });
    // The chat gets what room the screen leaves in one frame (sealing and headers need little).
    const room = MAX_FRAME_BYTES - 16 * 1024 - encodePayload({ kind: PayloadKind.snapshot, body }).length;
    const chat = this.chatHistory.upTo(snapshot.seq, Math.min(room, CHAT_PAGE_BYTES), CHAT_PAGE_EVENTS);
    this.sendDirect(viewer, { kind: PayloadKind.snapshot, body: { ...body, chat } });
  }
}
