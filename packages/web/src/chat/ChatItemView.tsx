// One entry of the chat view (see chatItems.ts). Test selectors: chat-message-user,
// chat-message-assistant, chat-attachment (a file sent with a message), chat-file-edit, chat-todo, chat-turn-end, chat-notice, chat-error.
import type { ChatCommand, PermissionDecision } from "@porthole/protocol";
import { memo } from "react";
import { ApprovalCard } from "./ApprovalCard.js";
import { formatSize, turnSummary } from "./chatFormat.js";
import type { ChatItem } from "./chatItems.js";
import { diffStats, parseDiff } from "./diff.js";
import { DiffView } from "./DiffView.js";
import { Markdown } from "./Markdown.js";
import { QuestionCard } from "./QuestionCard.js";
import { ToolCallView, ToolResultBlock } from "./ToolCallView.js";

/** Claude Code's tool for asking the person questions: its approval shows as the questions. */
const QUESTION_TOOL = "AskUserQuestion";

const TODO_MARK = { pending: "○", in_progress: "▸", completed: "✓" } as const;

type Props = {
  item: ChatItem;
  onAnswer: (id: string, decision: PermissionDecision, reason?: string) => boolean;
  /** Sends any other chat command (answers to the agent's questions). */
  send: (command: ChatCommand) => boolean;
};

/** chatItems rebuilds every item on each change, from the same events: compare their fields, so only changed entries render again. */
function sameItem(a: Props, b: Props): boolean {
  if (a.onAnswer !== b.onAnswer || a.send !== b.send) return false;
  const x = a.item as unknown as Record<string, unknown>;
  const y = b.item as unknown as Record<string, unknown>;
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((key) => x[key] === y[key]);
}

export const ChatItemView = memo(function ChatItemView(props: Props) {
  const { item } = props;
  switch (item.kind) {
    case "message":
      return (
        <div className={`msg msg-${item.role}`} data-testid={`chat-message-${item.role}`}>
          <Markdown text={item.text} />
          {item.attachments && (
            <ul className="msg-attachments">
              {item.attachments.map((file, i) => (
                <li key={i} className="msg-attachment" data-testid="chat-attachment">
                  {file.thumbnail !== undefined && <img src={file.thumbnail} alt="" width={48} height={48} />}
                  <span className="msg-attachment-name">{file.name}</span>
                  <span className="msg-attachment-size">{formatSize(file.size)}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      );
    case "tool":
      return <ToolCallView call={item.call} result={item.result} />;
    case "orphan_result":
      return (
        <details className="tool">
          <summary>Tool result</summary>
          <ToolResultBlock result={item.result} />
        </details>
      );
    case "file_edit": {
      const stats = diffStats(parseDiff(item.edit.diff));
      return (
        <div className="file-edit" data-testid="chat-file-edit">
          <div className="file-edit-head">
            <span className="file-edit-path">{item.edit.path}</span>
            <span className="file-edit-stats">
              <span className="diff-plus">+{stats.added}</span> <span className="diff-minus">−{stats.removed}</span>
            </span>
          </div>
          <DiffView diff={item.edit.diff} />
        </div>
      );
    }
    case "todo":
      return (
        <ul className="todo" data-testid="chat-todo" aria-label="To do">
          {item.todo.items.map((todo, i) => (
            <li key={i} className={`todo-${todo.status}`}>
              <span aria-hidden="true">{TODO_MARK[todo.status]}</span> {todo.content}
            </li>
          ))}
        </ul>
      );
    case "approval":
      if (item.request.tool === QUESTION_TOOL) return <QuestionCard request={item.request} resolution={item.resolution} send={props.send} />;
      return <ApprovalCard request={item.request} resolution={item.resolution} onAnswer={(decision, reason) => props.onAnswer(item.request.id, decision, reason)} />;
    case "turn_end":
      return (
        <p className={item.end.interrupted ? "turn-end turn-interrupted" : "turn-end"} data-testid="chat-turn-end">
          {turnSummary(item.end)}
        </p>
      );
    case "notice":
      return (
        <p className={`chat-notice chat-notice-${item.tone}`} data-testid={item.tone === "error" ? "chat-error" : "chat-notice"} role={item.tone === "error" ? "alert" : undefined}>
          {item.text}
        </p>
      );
  }
}, sameItem);
