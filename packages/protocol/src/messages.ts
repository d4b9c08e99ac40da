// JSON control messages on the relay WebSocket (text frames), one zod schema each, checked on
// receive. Binary frames carry everything secret (see frames.ts). Keep in step with docs/protocol.md.
import { z } from "zod";

const sessionId = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, "malformed session id");
const key32 = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "expected a 32-byte base64url key");
const mac32 = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "expected a 32-byte base64url MAC");
const viewerId = z.number().int().min(1).max(2 ** 31);
const seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const helloFields = {
  mode: z.enum(["pair", "resume"]),
  device: key32,
  ephemeral: key32,
  mac: mac32,
};

/** Messages a viewer sends to the hub. */
export const viewerToHub = z.discriminatedUnion("t", [
  /** Join a session's relay (first message); `token` is joinToken(host key), base64url. */
  z.object({ t: z.literal("join"), session: sessionId, token: key32 }).strict(),
  /** Start the handshake with the host; forwarded to it. */
  z.object({ t: z.literal("hello"), ...helloFields }).strict(),
  /** After admission: send stored output from this sequence number, then live output. */
  z.object({ t: z.literal("sync"), from: seq }).strict(),
  /** Keep-alive; the hub answers pong. */
  z.object({ t: z.literal("ping") }).strict(),
  /** After admission: whether this viewer's page is visible, repeated with each heartbeat while it is; the hub notifies only when no viewer is looking. */
  z.object({ t: z.literal("visibility"), visible: z.boolean() }).strict(),
]);
export type ViewerToHub = z.infer<typeof viewerToHub>;

/** Messages the hub sends to a viewer. */
export const hubToViewer = z.discriminatedUnion("t", [
  /** Joined; whether the host is connected now. */
  z.object({ t: z.literal("joined"), viewer: viewerId, hostOnline: z.boolean(), ended: z.boolean(), hostConnection: z.string().max(64).optional() }),
  /** The host came or went. */
  z.object({ t: z.literal("host"), online: z.boolean(), connection: z.string().max(64).optional() }),
  /** The host's answer to hello (from the host, unchanged). */
  z.object({ t: z.literal("welcome"), ephemeral: key32, confirm: mac32 }),
  /** The host refused the hello. */
  z.object({ t: z.literal("reject"), reason: z.string().max(200) }),
  /** Output before `firstSeq` is gone from the hub: ask the host for the screen instead. */
  z.object({ t: z.literal("gap"), firstSeq: seq }),
  /** The session ended: nothing more will be stored. */
  z.object({ t: z.literal("ended") }),
  z.object({ t: z.literal("pong") }),
  /** Something the viewer sent was refused; the connection stays open unless a close follows. */
  z.object({ t: z.literal("error"), code: z.string(), message: z.string() }),
]);
export type HubToViewer = z.infer<typeof hubToViewer>;

/** Why a session needs the person: an approval waits, or the agent finished its turn. */
export const attentionReason = z.enum(["approval", "turn_ended"]);
export type AttentionReason = z.infer<typeof attentionReason>;

/** Messages the host (CLI) sends to the hub. */
export const hostToHub = z.discriminatedUnion("t", [
  /** Attach as the session's host (first message); replaces an older host connection. */
  z.object({ t: z.literal("attach"), session: sessionId, token: z.string().min(16).max(200) }).strict(),
  /** Answer a viewer's hello. */
  z.object({ t: z.literal("welcome"), viewer: viewerId, ephemeral: key32, confirm: mac32 }).strict(),
  /** Let a handshaken viewer receive output. */
  z.object({ t: z.literal("admit"), viewer: viewerId }).strict(),
  /** Refuse a viewer's hello and disconnect it. */
  z.object({ t: z.literal("reject"), viewer: viewerId, reason: z.string().max(200) }).strict(),
  /** Disconnect every viewer (sharing revoked); the session goes on. */
  z.object({ t: z.literal("kick-all") }).strict(),
  /** The agent exited: after the last output frame. */
  z.object({ t: z.literal("end") }).strict(),
  /** The session needs the person; no content, only why. The hub may send a push notification if no viewer is looking. */
  z.object({ t: z.literal("attention"), reason: attentionReason }).strict(),
  z.object({ t: z.literal("ping") }).strict(),
]);
export type HostToHub = z.infer<typeof hostToHub>;

/** Messages the hub sends to the host. */
export const hubToHost = z.discriminatedUnion("t", [
  /** Attached; the hub has stored output up to `lastSeq`: resend anything after it. */
  z.object({ t: z.literal("attached"), lastSeq: seq }),
  /** Output up to `seq` is stored: it will not be lost. */
  z.object({ t: z.literal("ack"), seq }),
  /** A viewer's hello, forwarded. */
  z.object({ t: z.literal("hello"), viewer: viewerId, ...helloFields }),
  /** A viewer left. */
  z.object({ t: z.literal("left"), viewer: viewerId }),
  /** The owner revoked sharing (e.g. `porthole sessions revoke`). */
  z.object({ t: z.literal("revoke") }),
  z.object({ t: z.literal("pong") }),
  z.object({ t: z.literal("error"), code: z.string(), message: z.string() }),
]);
export type HubToHost = z.infer<typeof hubToHost>;

/** Parses a text frame with a schema; returns an error string instead of throwing. */
export function parseMessage<T>(schema: z.ZodType<T>, text: string): T | string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return "message is not JSON";
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    return `invalid message${issue ? `: ${issue.path.join(".") || "(root)"} ${issue.message}` : ""}`;
  }
  return result.data;
}
