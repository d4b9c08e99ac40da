// The bytes a real terminal keyboard sends for the keys phones lack (the key row), and the
// sticky Ctrl modifier. Must stay in step with xterm's own keyboard encoding.

/** The keys on the phone key row. */
export type RowKey = "esc" | "tab" | "ctrl-c" | "up" | "down" | "left" | "right" | "enter";

export interface KeyModes {
  /** DECCKM is on (vim, less, readline): arrows send ESC O x instead of ESC [ x. */
  applicationCursor?: boolean;
  /** The sticky Ctrl modifier is armed. */
  ctrl?: boolean;
}

const ARROW_LETTER = { up: "A", down: "B", right: "C", left: "D" } as const;

/** The bytes to send for a key-row key. */
export function keyBytes(key: RowKey, modes: KeyModes = {}): string {
  switch (key) {
    case "esc":
      return "\x1b";
    case "tab":
      return "\t";
    case "ctrl-c":
      return "\x03";
    case "enter":
      return "\r";
    case "up":
    case "down":
    case "left":
    case "right": {
      const letter = ARROW_LETTER[key];
      if (modes.ctrl) return `\x1b[1;5${letter}`;
      return modes.applicationCursor ? `\x1bO${letter}` : `\x1b[${letter}`;
    }
  }
}

const CTRL_SYMBOLS: Record<string, string> = {
  "@": "\x00",
  " ": "\x00",
  "2": "\x00",
  "[": "\x1b",
  "3": "\x1b",
  "\\": "\x1c",
  "4": "\x1c",
  "]": "\x1d",
  "5": "\x1d",
  "^": "\x1e",
  "6": "\x1e",
  _: "\x1f",
  "7": "\x1f",
  "?": "\x7f",
  "8": "\x7f",
};

/** Applies Ctrl to one typed character (c → \x03); anything else is returned unchanged. */
export function withCtrl(text: string): string {
  if (text.length !== 1) return text;
  const code = text.charCodeAt(0);
  const isLetter = (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
  if (isLetter) return String.fromCharCode(code & 0x1f);
  return CTRL_SYMBOLS[text] ?? text;
}
