// The chat's message box: Enter or Send queues the message (useChatSession sends it when the agent
// is free); waiting messages are listed above it and can be taken back. Shift+Enter adds a line.
// Test selectors: chat-input, chat-send, chat-queued (one per waiting message), chat-queued-cancel.
import { useState, type FormEvent, type KeyboardEvent } from "react";
import type { QueuedMessage } from "./messageQueue.js";

export function ChatComposer(props: { queued: readonly QueuedMessage[]; disabled: boolean; onSend: (text: string) => void; onCancel: (id: number) => void }) {
  const [text, setText] = useState("");
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (text.trim() === "" || props.disabled) return;
    props.onSend(text);
    setText("");
  };
  const onKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) submit(event);
  };
  return (
    <div className="chat-compose">
      {props.queued.length > 0 && (
        <ul className="chat-queue" aria-label="Messages waiting for the agent">
          {props.queued.map((message) => (
            <li key={message.id} data-testid="chat-queued">
              <span className="chat-queued-label">Queued</span>
              <span className="chat-queued-text">{message.text}</span>
              <button type="button" className="link-button" data-testid="chat-queued-cancel" onClick={() => props.onCancel(message.id)}>
                Cancel
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="chat-form" onSubmit={submit}>
        <textarea
          data-testid="chat-input"
          aria-label="Message to the agent"
          placeholder={props.disabled ? "The session has ended" : "Message Claude…"}
          rows={1}
          value={text}
          maxLength={100_000}
          disabled={props.disabled}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKey}
          enterKeyHint="send"
        />
        <button type="submit" className="button" data-testid="chat-send" disabled={props.disabled || text.trim() === ""} onMouseDown={(event) => event.preventDefault()}>
          Send
        </button>
      </form>
    </div>
  );
}
