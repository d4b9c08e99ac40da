// The chat's message box: Enter or Send queues the message (useChatSession sends it when the agent
// is free); waiting messages are listed above it and can be taken back. Shift+Enter adds a line.
// Attach picks pictures or any files (several) to send with the message; the host sets the limits.
// Test selectors: chat-input, chat-send, chat-queued (one per waiting message), chat-queued-cancel,
// chat-attach, chat-attach-input, chat-attachment-pending (one per chosen file), chat-attachment-remove.
import { useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { formatSize } from "./chatFormat.js";
import type { QueuedMessage } from "./messageQueue.js";

/** Most files one message may carry (MAX_MESSAGE_ATTACHMENTS in @porthole/protocol). */
const MAX_FILES = 10;

export function ChatComposer(props: {
  queued: readonly QueuedMessage[];
  disabled: boolean;
  /** Files can be attached only while connected (their bytes go at once). */
  canAttach: boolean;
  onSend: (text: string, files: File[]) => void;
  onCancel: (id: number) => void;
}) {
  const [text, setText] = useState("");
  const [files, setFiles] = useState<File[]>([]);
  const picker = useRef<HTMLInputElement>(null);
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if ((text.trim() === "" && files.length === 0) || props.disabled) return;
    props.onSend(text, files);
    setText("");
    setFiles([]);
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
              <span className="chat-queued-text">
                {message.text}
                {message.attachments ? ` (+${message.attachments.length} file${message.attachments.length > 1 ? "s" : ""})` : ""}
              </span>
              <button type="button" className="link-button" data-testid="chat-queued-cancel" onClick={() => props.onCancel(message.id)}>
                Cancel
              </button>
            </li>
          ))}
        </ul>
      )}
      {files.length > 0 && (
        <ul className="chat-pending-files" aria-label="Files to send">
          {files.map((file, i) => (
            <li key={`${file.name}-${i}`} data-testid="chat-attachment-pending">
              <span className="msg-attachment-name">{file.name}</span> <span className="msg-attachment-size">{formatSize(file.size)}</span>
              <button type="button" className="link-button" data-testid="chat-attachment-remove" aria-label={`Remove ${file.name}`} onClick={() => setFiles(files.filter((_, j) => j !== i))}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="chat-form" onSubmit={submit}>
        <input
          ref={picker}
          type="file"
          multiple
          hidden
          data-testid="chat-attach-input"
          onChange={(event) => {
            const chosen = Array.from(event.target.files ?? []);
            setFiles((before) => [...before, ...chosen].slice(0, MAX_FILES));
            event.target.value = "";
          }}
        />
        <button
          type="button"
          className="button button-secondary chat-attach"
          data-testid="chat-attach"
          aria-label="Attach a picture or file"
          title="Attach a picture or file"
          disabled={props.disabled || !props.canAttach || files.length >= MAX_FILES}
          onClick={() => picker.current?.click()}
        >
          📎
        </button>
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
        <button
          type="submit"
          className="button"
          data-testid="chat-send"
          disabled={props.disabled || (text.trim() === "" && files.length === 0)}
          onMouseDown={(event) => event.preventDefault()}
        >
          Send
        </button>
      </form>
    </div>
  );
}
