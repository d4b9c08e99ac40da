// The viewer's side of a session, for the web app, tests and benchmarks: joins through the relay,
// pairs or resumes with the host, decrypts output in order, reconnects with back-off.
// Delivery: every output byte and chat event exactly once and in order, or a snapshot that replaces
// the screen and the chat.
import { fromBase64Url, toBase64Url } from "../bytes.js";
import type { ChatCommand, ChatEvent } from "../chat.js";
import { OutputOpener, type SendChannel, type ReceiveChannel } from "../crypto/channel.js";
import { generateKeyPair, joinToken, startViewerHandshake, viewerChannels, type ViewerHandshake } from "../crypto/handshake.js";
import { PortholeError } from "../errors.js";
import { FrameType, decodeFrame, encodeFrame } from "../frames.js";
import { hubToViewer, parseMessage, type ViewerToHub } from "../messages.js";
import { relayUrl, type PairingLink } from "../pairingUrl.js";
import { CHAT_PAGE_EVENTS, MAX_CHAT_PAGE_EVENTS, PayloadKind, decodePayload, encodePayload, type ChatPage, type Payload } from "../payload.js";
import type { DeviceStore } from "./deviceStore.js";
import { Outbox } from "./outbox.js";
import { SOCKET_OPEN, messageData, type SocketFactory, type SocketLike } from "./socket.js";

export type ViewerStatus =
  | "connecting" // opening the socket or handshaking
  | "waiting" // connected, but the host (CLI) is offline
  | "live" // receiving output
  | "reconnecting" // the connection dropped; trying again with back-off
  | "ended" // the agent exited
  | "failed"; // cannot go on without a new link (pairing refused, revoked)

export interface ViewerEvents {
  /** Terminal output, in order, each byte once. */
  onData?(data: Uint8Array): void;
  /** Replace the whole screen with this state (after a long absence). */
  onReset?(screen: { data: string; cols: number; rows: number }): void;
  /** The desk terminal's size changed. */
  onResize?(size: { cols: number; rows: number }): void;
  onStatus?(status: ViewerStatus, detail: string): void;
  /** The agent exited with this code (null when killed by a signal). */
  onExit?(exit: { code: number | null; signal: number | null }): void;
  /** A frame was refused (replayed, out of order, altered): the relay misbehaved. */
  onSecurity?(message: string): void;
  /** What the session offers (from the host's grant, or a first chat event from an older host). */
  onFeatures?(features: SessionFeatures): void;
  /** One chat event, in order, each once. */
  onChat?(event: ChatEvent): void;
  /** Replace the whole chat with these events (the latest ones, after a long absence). */
  onChatReset?(events: ChatEvent[]): void;
  /** The host could not carry out one of this viewer's chat commands. */
  onChatRefused?(refusal: { command: string; reason: string }): void;
  /** Older chat events, the answer to requestChatPage: put them before the oldest shown. */
  onChatPage?(page: ChatPage): void;
}

/** What a session offers its viewers. */
export interface SessionFeatures {
  /** A chat view: chat events arrive and chat commands are understood. */
  chat: boolean;
  /** No desk terminal (`porthole run --headless`): there is no terminal output. */
  headless: boolean;
}

export interface ViewerClientOptions extends ViewerEvents {
  link: PairingLink;
  devices: DeviceStore;
  openSocket: SocketFactory;
  /** Back-off bounds for reconnecting, in ms. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Input and chat commands kept while not live, in encoded bytes; more is dropped. */
  maxQueuedInputBytes?: number;
  /**
   * A viewer starting with nothing shown (a page load) opens a chat session on its latest state: a
   * snapshot (the screen and the latest chat page) instead of replaying every stored frame. Older
   * chat comes with requestChatPage. Default false: replay from the first stored frame.
   */
  latestFirst?: boolean;
}

export class ViewerClient {
  status: ViewerStatus = "connecting";
  /** The last output sequence number applied to the screen. */
  lastSeq = 0;
  /** The host connection this viewer's hello went to, as the hub named it. */
  private hostConnection: string | undefined;
  /** What the session offers; known once the host granted access. */
  features: SessionFeatures = { chat: false, headless: false };
  private socket: SocketLike | undefined;
  private handshake: ViewerHandshake | undefined;
  private toHost: SendChannel | undefined;
  private fromHost: ReceiveChannel | undefined;
  private opener: OutputOpener | undefined;
  private outputKey: Uint8Array | undefined;
  private readonly outbox: Outbox;
  private attempts = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private lastHeard = 0;
  private closed = false;
  /** Whether the page showing this viewer is visible (see setVisible). */
  private visible = false;
  private readonly hostKey: string;

  constructor(private readonly options: ViewerClientOptions) {
    this.hostKey = toBase64Url(options.link.hostPublicKey);
    this.outbox = new Outbox(options.maxQueuedInputBytes ?? 64 * 1024);
  }

  start(): void {
    this.connect();
  }

  /** Sends keystrokes or pasted text to the agent; queued (bounded) while not live. */
  sendInput(data: string | Uint8Array): void {
    const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
    this.sendOrQueue({ kind: PayloadKind.data, data: bytes });
  }

  /**
   * Sends a chat command (a message, interrupt, an approval); queued (bounded) while not live.
   * Returns false when it was dropped: the session ended or the queue is full.
   */
  sendChatCommand(command: ChatCommand): boolean {
    return this.sendOrQueue({ kind: PayloadKind.chatCommand, body: command });
  }

  private sendOrQueue(payload: Payload): boolean {
    if (this.status === "live") {
      this.sendPayload(payload);
      return true;
    }
    if (this.status === "ended" || this.status === "failed") return false;
    return this.outbox.add(payload);
  }

  /**
   * Asks the host for up to `limit` chat events older than event `before` (the oldest shown); the
   * answer arrives at onChatPage. Returns false when not live (ask again once live).
   */
  requestChatPage(before: number, limit = CHAT_PAGE_EVENTS): boolean {
    if (this.status !== "live") return false;
    this.sendPayload({ kind: PayloadKind.chatPageRequest, body: { before, limit: Math.max(1, Math.min(MAX_CHAT_PAGE_EVENTS, Math.floor(limit))) } });
    return true;
  }

  /**
   * Reconnects at once if the connection is down, and otherwise checks it is still alive: after a
   * phone sleeps, a dead socket can look open for a long time. Call it when the page is shown again.
   */
  reconnectNow(probeMs = 3000): void {
    if (this.closed || this.status === "ended" || this.status === "failed") return;
    if (this.socket?.readyState === SOCKET_OPEN && this.status !== "reconnecting") {
      const sentAt = Date.now();
      this.send({ t: "ping" });
      const socket = this.socket;
      setTimeout(() => {
        if (socket === this.socket && this.lastHeard < sentAt) this.abandon(socket, "no answer after waking up");
      }, probeMs);
      return;
    }
    clearTimeout(this.reconnectTimer);
    this.socket?.close();
    this.connect();
  }

  /**
   * Says whether the person can see this viewer (the web app passes document.visibilityState). The
   * hub sends push notifications for a session only while none of its viewers is visible; a visible
   * viewer repeats it with each heartbeat.
   */
  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    if (this.status === "live") this.send({ t: "visibility", visible });
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.heartbeat);
    this.socket?.close(1000, "viewer closed");
  }

  private setStatus(status: ViewerStatus, detail: string): void {
    this.status = status;
    this.options.onStatus?.(status, detail);
  }

  private connect(): void {
    this.resetConnectionState();
    const socket = this.options.openSocket(relayUrl(this.options.link.hubUrl));
    this.socket = socket;
    socket.binaryType = "arraybuffer";
    socket.onopen = () => {
      this.lastHeard = Date.now();
      this.send({ t: "join", session: this.options.link.sessionId, token: toBase64Url(joinToken(this.options.link.hostPublicKey)) });
    };
    socket.onmessage = (event) => {
      if (socket !== this.socket) return;
      this.lastHeard = Date.now();
      const data = messageData(event.data);
      try {
        if (typeof data === "string") this.onText(data);
        else if (data) this.onBinary(data);
      } catch (error) {
        this.fail(error);
      }
    };
    socket.onclose = (event) => {
      if (socket !== this.socket) return;
      this.onClosed(event.code, event.reason);
    };
    socket.onerror = () => {};
    clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => this.checkHeartbeat(), 15_000);
  }

  private resetConnectionState(): void {
    this.handshake = undefined;
    this.toHost = undefined;
    this.fromHost = undefined;
    this.opener = undefined;
  }

  /**
   * Gives up on a socket that stopped answering without waiting for its close handshake, which a
   * dead network never completes, and reconnects.
   */
  private abandon(socket: SocketLike, reason: string): void {
    socket.onmessage = null;
    socket.onclose = null;
    socket.close(4000, reason);
    this.onClosed(4000, reason);
  }

  private checkHeartbeat(): void {
    if (this.socket?.readyState !== SOCKET_OPEN) return;
    if (Date.now() - this.lastHeard > 40_000) {
      this.abandon(this.socket, "heartbeat timeout");
      return;
    }
    this.send({ t: "ping" });
    if (this.visible && this.status === "live") this.send({ t: "visibility", visible: true });
  }

  private onClosed(code: number, reason: string): void {
    clearInterval(this.heartbeat);
    if (this.closed || this.status === "ended" || this.status === "failed") return;
    if (code === 4461 || code === 4463 || code === 4404) {
      return this.setStatus("failed", reason || "the session is no longer shared with this device");
    }
    this.setStatus("reconnecting", reason || "connection lost");
    const min = this.options.minBackoffMs ?? 250;
    const max = this.options.maxBackoffMs ?? 10_000;
    const delay = Math.min(max, min * 2 ** this.attempts) * (0.75 + Math.random() * 0.5);
    this.attempts++;
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private fail(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof PortholeError && error.code === "pairing_failed") {
      this.options.devices.forget(this.options.link.sessionId);
      this.setStatus("failed", message);
      this.socket?.close(1000);
      return;
    }
    this.options.onSecurity?.(message);
    this.socket?.close(4000, "resynchronising");
  }

  private send(message: ViewerToHub): void {
    if (this.socket?.readyState === SOCKET_OPEN) this.socket.send(JSON.stringify(message));
  }

  private onText(text: string): void {
    const message = parseMessage(hubToViewer, text);
    if (typeof message === "string") return this.options.onSecurity?.(`hub sent a bad message: ${message}`);
    switch (message.t) {
      case "joined":
        this.hostConnection = message.hostConnection;
        if (message.hostOnline) this.sendHello();
        else this.setStatus(message.ended ? "ended" : "waiting", message.ended ? "the session has ended" : "waiting for the host");
        return;
      case "host":
        // The host this viewer already said hello to: nothing changed (it attached just as we joined).
        if (message.online && message.connection !== undefined && message.connection === this.hostConnection) return;
        // A host connection that (re)attached has forgotten every viewer: pair or resume again.
        this.hostConnection = message.online ? message.connection : undefined;
        this.resetConnectionState();
        if (message.online) this.sendHello();
        else if (this.status !== "ended") this.setStatus("waiting", "the host is reconnecting");
        return;
      case "welcome":
        return this.onWelcome(message.ephemeral, message.confirm);
      case "reject":
        throw new PortholeError("pairing_failed", message.reason);
      case "gap":
        return this.requestSnapshot();
      case "ended":
        if (this.status !== "live") this.setStatus("ended", "the session has ended");
        return;
      case "pong":
        return;
      case "error":
        this.options.onSecurity?.(`hub error ${message.code}: ${message.message}`);
        return;
    }
  }

  private sendHello(): void {
    const { link, devices } = this.options;
    let device = devices.loadDevice();
    if (!device) {
      device = generateKeyPair();
      devices.saveDevice(device);
    }
    const resume = devices.isPaired(link.sessionId, this.hostKey);
    if (!resume && !link.pairingSecret) {
      throw new PortholeError("pairing_failed", "this link has no pairing secret and this device is not paired: scan the code again");
    }
    this.handshake = startViewerHandshake({
      mode: resume ? "resume" : "pair",
      sessionId: link.sessionId,
      hostPublicKey: link.hostPublicKey,
      device,
      ...(link.pairingSecret ? { pairingSecret: link.pairingSecret } : {}),
    });
    const { hello } = this.handshake;
    this.send({ t: "hello", mode: hello.mode, device: toBase64Url(hello.device), ephemeral: toBase64Url(hello.ephemeral), mac: toBase64Url(hello.mac) });
    this.setStatus("connecting", resume ? "resuming" : "pairing");
  }

  private onWelcome(ephemeral: string, confirm: string): void {
    if (!this.handshake) return this.options.onSecurity?.("unexpected welcome");
    const keys = this.handshake.finish({ ephemeral: fromBase64Url(ephemeral)!, confirm: fromBase64Url(confirm)! });
    const channels = viewerChannels(keys);
    this.toHost = channels.toHost;
    this.fromHost = channels.fromHost;
    // Key confirmation: the host admits this viewer only once this frame opens with its keys.
    this.sendPayload({ kind: PayloadKind.confirm, body: {} });
  }

  private onBinary(bytes: Uint8Array): void {
    const frame = decodeFrame(bytes);
    if (typeof frame === "string") return this.options.onSecurity?.(`hub sent a bad frame: ${frame}`);
    if (frame.type === FrameType.direct) {
      if (!this.fromHost) return this.options.onSecurity?.("direct frame before the handshake");
      return this.onDirect(this.fromHost.open(frame.payload));
    }
    if (frame.type !== FrameType.output || !this.opener) return;
    const result = this.opener.open(frame.id, frame.payload);
    if (!result.ok) {
      this.options.onSecurity?.(`refused output frame ${frame.id}: ${result.reason}`);
      if (result.reason === "gap") this.send({ t: "sync", from: this.opener.nextSeq });
      else if (result.reason === "altered") this.requestSnapshot();
      return;
    }
    this.lastSeq = frame.id;
    const payload = decodePayload(result.plaintext);
    if (typeof payload === "string") return this.options.onSecurity?.(payload);
    this.applyOutput(payload);
  }

  private applyOutput(payload: Payload): void {
    if (payload.kind === PayloadKind.data) this.options.onData?.(payload.data);
    else if (payload.kind === PayloadKind.chat) {
      if (!this.features.chat) this.setFeatures({ ...this.features, chat: true });
      this.options.onChat?.(payload.body);
    } else if (payload.kind === PayloadKind.resize) this.options.onResize?.(payload.body);
    else if (payload.kind === PayloadKind.exit) {
      this.options.onExit?.(payload.body);
      this.setStatus("ended", `exited with ${payload.body.code ?? `signal ${payload.body.signal}`}`);
    }
  }

  private onDirect(plaintext: Uint8Array): void {
    const payload = decodePayload(plaintext);
    if (typeof payload === "string") return this.options.onSecurity?.(payload);
    if (payload.kind === PayloadKind.grant) {
      const key = fromBase64Url(payload.body.key);
      if (!key || key.length !== 32) throw new PortholeError("crypto_failed", "the host sent a malformed output key");
      this.outputKey = key;
      this.options.devices.markPaired(this.options.link.sessionId, this.hostKey);
      this.setFeatures({ chat: payload.body.chat === true, headless: payload.body.headless === true });
      this.options.onResize?.({ cols: payload.body.cols, rows: payload.body.rows });
      const from = this.lastSeq + 1;
      const latest = this.options.latestFirst === true && this.lastSeq === 0 && payload.body.chat === true && payload.body.lastSeq > 0;
      if (from >= payload.body.fromSeq && !latest) this.startStream(from);
      else this.requestSnapshot();
    } else if (payload.kind === PayloadKind.snapshot) {
      const { seq, data, cols, rows, ended } = payload.body;
      this.lastSeq = seq;
      this.options.onReset?.({ data, cols, rows });
      if (payload.body.chat !== undefined) this.options.onChatReset?.(payload.body.chat);
      if (ended) return this.setStatus("ended", "the session has ended");
      this.startStream(seq + 1);
    } else if (payload.kind === PayloadKind.chatRefused) {
      this.options.onChatRefused?.(payload.body);
    } else if (payload.kind === PayloadKind.chatPage) {
      this.options.onChatPage?.(payload.body);
    }
  }

  private setFeatures(features: SessionFeatures): void {
    this.features = features;
    this.options.onFeatures?.(features);
  }

  private startStream(from: number): void {
    if (!this.outputKey) return;
    this.opener = new OutputOpener(this.outputKey, from);
    this.send({ t: "sync", from });
    if (this.visible) this.send({ t: "visibility", visible: true });
    this.attempts = 0;
    this.setStatus("live", "connected");
    for (const payload of this.outbox.take()) this.sendPayload(payload);
  }

  private requestSnapshot(): void {
    this.opener = undefined;
    this.sendPayload({ kind: PayloadKind.snapshotRequest, body: {} });
  }

  private sendPayload(payload: Payload): void {
    if (!this.toHost || this.socket?.readyState !== SOCKET_OPEN) return;
    this.socket.send(encodeFrame(FrameType.input, 0, this.toHost.seal(encodePayload(payload))));
  }
}
