// The row of keys phones lack (Esc, Tab, Ctrl-C, arrows, Enter) plus a sticky Ctrl modifier.
// Buttons keep the keyboard focus where it was, so the phone keyboard stays open.
import type { MouseEvent } from "react";
import type { RowKey } from "./keyBytes.js";

const KEYS: { key: RowKey; label: string; title: string }[] = [
  { key: "esc", label: "Esc", title: "Escape" },
  { key: "tab", label: "Tab", title: "Tab" },
  { key: "ctrl-c", label: "^C", title: "Ctrl-C (interrupt)" },
  { key: "up", label: "↑", title: "Up" },
  { key: "down", label: "↓", title: "Down" },
  { key: "left", label: "←", title: "Left" },
  { key: "right", label: "→", title: "Right" },
  { key: "enter", label: "⏎", title: "Enter" },
];

const keepFocus = (event: MouseEvent) => event.preventDefault();

export function KeyRow(props: { ctrl: boolean; onToggleCtrl: () => void; onKey: (key: RowKey) => void }) {
  return (
    <div className="key-row" role="toolbar" aria-label="Terminal keys">
      <button
        type="button"
        data-testid="key-ctrl"
        className={props.ctrl ? "key armed" : "key"}
        aria-pressed={props.ctrl}
        title="Ctrl: applies to the next key"
        onMouseDown={keepFocus}
        onClick={props.onToggleCtrl}
      >
        Ctrl
      </button>
      {KEYS.map(({ key, label, title }) => (
        <button
          key={key}
          type="button"
          data-testid={`key-${key}`}
          className="key"
          title={title}
          aria-label={title}
          onMouseDown={keepFocus}
          onClick={() => props.onKey(key)}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
