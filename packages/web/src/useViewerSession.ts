// Runs a ViewerClient (from @porthole/protocol) for one pairing link, drawing into an xterm
// Terminal; exposes status, exit, security warnings, the session's features and its chat to React.
// Reconnects when the page is shown.
import { ViewerClient, toBase64Url, type ChatCommand, type PairingLink, type SessionFeatures, type SocketLike, type ViewerStatus } from "@porthole/protocol";
import type { Terminal } from "@xterm/xterm";
import { useCallback, useEffect, useRef, useState } from "react";
import { withoutPairingSecret } from "./appRoute.js";
import { useChatLog } from "./chat/useChatLog.js";
import { localDeviceStore } from "./localDeviceStore.js";
import type { ExitInfo } from "./StatusLine.js";

/** Security warnings kept for the banner; older ones are dropped. */
const MAX_WARNINGS = 5;

/** Once paired, the secret is spent: drop `p=` from the address bar (never sent anywhere). */
function forgetSecretInAddressBar(): void {
  const href = withoutPairingSecret(window.location.href);
  if (href !== window.location.href) window.history.replaceState(window.history.state, "", href);
}

export function useViewerSession(link: PairingLink, term: Terminal | undefined) {
  const [state, setState] = useState<{ status: ViewerStatus; detail: string }>({ status: "connecting", detail: "" });
  const [exit, setExit] = useState<ExitInfo>();
  const [warnings, setWarnings] = useState<string[]>([]);
  const [features, setFeatures] = useState<SessionFeatures>({ chat: false, headless: false });
  const [refusal, setRefusal] = useState<string>();
  const chat = useChatLog();
  const clientRef = useRef<ViewerClient | undefined>(undefined);

  useEffect(() => {
    if (!term) return;
    const devices = localDeviceStore({ storage: window.localStorage, hubUrl: link.hubUrl, onPaired: forgetSecretInAddressBar });
    if (devices.isPaired(link.sessionId, toBase64Url(link.hostPublicKey))) forgetSecretInAddressBar();
    const client = new ViewerClient({
      link,
      devices,
      openSocket: (url) => new WebSocket(url) as unknown as SocketLike,
      onData: (bytes) => term.write(bytes),
      onReset: ({ data, cols, rows }) => {
        term.reset();
        term.resize(cols, rows);
        term.write(data);
      },
      onResize: ({ cols, rows }) => term.resize(cols, rows),
      onStatus: (status, detail) => setState({ status, detail }),
      onExit: (info) => setExit(info),
      onSecurity: (message) => setWarnings((old) => [...old, message].slice(-MAX_WARNINGS)),
      onFeatures: setFeatures,
      onChat: chat.add,
      onChatReset: chat.reset,
      onChatPage: chat.prepend,
      latestFirst: true,
      onChatRefused: ({ command, reason }) => setRefusal(`Could not ${command.replace(/_/g, " ")}: ${reason}`),
    });
    clientRef.current = client;
    client.setVisible(document.visibilityState === "visible");
    client.start();
    const reconnectIfVisible = () => {
      // The hub sends push notifications only while no viewer is visible.
      client.setVisible(document.visibilityState === "visible");
      if (document.visibilityState === "visible") client.reconnectNow();
    };
    document.addEventListener("visibilitychange", reconnectIfVisible);
    window.addEventListener("online", reconnectIfVisible);
    window.addEventListener("pageshow", reconnectIfVisible);
    return () => {
      document.removeEventListener("visibilitychange", reconnectIfVisible);
      window.removeEventListener("online", reconnectIfVisible);
      window.removeEventListener("pageshow", reconnectIfVisible);
      client.close();
      clientRef.current = undefined;
    };
  }, [link, term, chat.add, chat.reset, chat.prepend]);

  /** Sends keystrokes or text to the agent (queued while reconnecting). */
  const send = useCallback((data: string | Uint8Array) => clientRef.current?.sendInput(data), []);
  const dismissWarnings = useCallback(() => setWarnings([]), []);
  /** Sends a chat command; false when it could not go (the session ended, the queue is full). */
  const sendChat = useCallback((command: ChatCommand) => clientRef.current?.sendChatCommand(command) ?? false, []);
  const dismissRefusal = useCallback(() => setRefusal(undefined), []);
  /** Asks the host for the chat page before the oldest event shown (when there may be one). */
  const loadOlderChat = useCallback(() => chat.loadOlder((before) => clientRef.current?.requestChatPage(before) ?? false), [chat.loadOlder]);
  return { ...state, exit, warnings, dismissWarnings, send, features, chat: chat.log, olderChat: chat.older, loadOlderChat, sendChat, refusal, dismissRefusal };
}
