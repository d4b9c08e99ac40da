// The Chat tab of a session: the conversation (kept scrolled to the latest while the person has not
// scrolled up; older pages load as the person scrolls to the top), what the agent is doing, and the
// message box. Test selectors: chat-view, chat-scroll, chat-earlier, chat-refused, plus those of the parts.
import type { ChatCommand, PermissionDecision, ViewerStatus } from "@porthole/protocol";
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from "react";
import { sendAttachments } from "./attachFiles.js";
import { ChatComposer } from "./ChatComposer.js";
import { ChatItemView } from "./ChatItemView.js";
import { chatItems, type Activity, type ChatLog } from "./chatItems.js";
import type { OlderState } from "./useChatLog.js";
import { useChatQueue } from "./useChatQueue.js";
import { WorkingBar } from "./WorkingBar.js";

/** How close to the bottom still counts as "at the bottom", in CSS px. */
const SLACK_PX = 40;
/** How close to the top starts loading the page before, in CSS px. */
const OLDER_PX = 400;

export function ChatView(props: {
  log: ChatLog;
  /** Whether older events may be fetched (see useChatLog). */
  older: OlderState;
  /** Asks for the page before the oldest event shown. */
  onLoadOlder: () => void;
  activity: Activity;
  status: ViewerStatus;
  refusal: string | undefined;
  onDismissRefusal: () => void;
  sendCommand: (command: ChatCommand) => boolean;
}) {
  const { log, status, sendCommand, activity, older, onLoadOlder } = props;
  const items = useMemo(() => chatItems(log.events), [log]);
  const live = status === "live";
  const queue = useChatQueue(activity, live, sendCommand);
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  /** The oldest event shown and the content's height at the last render: a page put before it keeps the view still. */
  const shown = useRef({ first: 0, height: 0 });
  const first = log.events[0]?.n ?? 1;

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const before = shown.current;
    if (atBottom.current) element.scrollTop = element.scrollHeight;
    else if (first < before.first) element.scrollTop += element.scrollHeight - before.height;
    shown.current = { first, height: element.scrollHeight };
    // A page that does not fill the view yet: fetch the one before it.
    if (element.scrollTop < OLDER_PX && first > 1 && older === "more" && live) onLoadOlder();
  }, [items, queue.queued, first, older, live, onLoadOlder]);

  const onAnswer = useCallback(
    (id: string, decision: PermissionDecision, reason?: string) => sendCommand({ type: "answer_permission", id, decision, ...(reason !== undefined ? { reason } : {}) }),
    [sendCommand],
  );
  const ended = status === "ended" || status === "failed";
  const [attachProblem, setAttachProblem] = useState<string | undefined>();
  const onSend = (text: string, files: File[]) => {
    atBottom.current = true; // The person's own message brings the latest into view.
    const words = text.trim() === "" ? "Please look at the attached file(s)." : text;
    if (files.length === 0) return queue.send(words);
    // The files' bytes go now, the message when the agent is free (the host keeps them meanwhile).
    void sendAttachments(files, sendCommand).then(
      (refs) => (typeof refs === "string" ? setAttachProblem(refs) : queue.send(words, refs)),
      (error: unknown) => setAttachProblem(`the files could not be read: ${(error as Error).message}`),
    );
  };
  const refusal = props.refusal ?? attachProblem;

  return (
    <div className="chat" data-testid="chat-view">
      <div
        className="chat-scroll"
        ref={scroller}
        onScroll={(event) => {
          const element = event.currentTarget;
          atBottom.current = element.scrollTop + element.clientHeight >= element.scrollHeight - SLACK_PX;
          if (element.scrollTop < OLDER_PX && first > 1 && older === "more") onLoadOlder();
        }}
        data-testid="chat-scroll"
      >
        {first > 1 && (
          <p className="chat-earlier" data-testid="chat-earlier">
            {older === "none" ? (
              "Earlier messages are no longer kept."
            ) : older === "loading" || live ? (
              "Loading earlier messages…"
            ) : (
              "Earlier messages load when the session is back online."
            )}
          </p>
        )}
        {items.length === 0 && <p className="chat-empty">No messages yet. Send one below, or type at the desk.</p>}
        {items.map((item) => (
          <ChatItemView key={item.key} item={item} onAnswer={onAnswer} send={sendCommand} />
        ))}
      </div>
      {refusal !== undefined && (
        <p className="chat-refused" data-testid="chat-refused" role="alert">
          {refusal}{" "}
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setAttachProblem(undefined);
              props.onDismissRefusal();
            }}
          >
            Dismiss
          </button>
        </p>
      )}
      <WorkingBar activity={activity} canInterrupt={live} onInterrupt={() => sendCommand({ type: "interrupt" })} onMode={(mode) => sendCommand({ type: "set_permission_mode", mode })} />
      <ChatComposer
        queued={queue.queued}
        disabled={ended}
        canAttach={live}
        onSend={onSend}
        onCancel={queue.cancel}
      />
    </div>
  );
}
