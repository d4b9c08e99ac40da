// The xterm.js terminal: the desk's exact cols × rows, fitted to the page width by font size,
// with screen-reader mode on (tests read output from .xterm-accessibility-tree).
import { Terminal, type ITerminalInitOnlyOptions, type ITerminalOptions } from "@xterm/xterm";
import { useEffect, useRef, useState } from "react";
import { useFontFit } from "./useFontFit.js";
import { useStickToBottom } from "./useStickToBottom.js";

const TERMINAL_OPTIONS: ITerminalOptions & ITerminalInitOnlyOptions = {
  cols: 80,
  rows: 24,
  screenReaderMode: true,
  scrollback: 5000,
  cursorBlink: true,
  fontFamily: 'ui-monospace, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace',
  fontSize: 12,
  theme: {
    background: "#0d1117",
    foreground: "#e6edf3",
    cursor: "#58a6ff",
    selectionBackground: "#264f78",
  },
};

/** Shows a terminal and hands it to `onReady` once open (and `undefined` when it goes away). */
export function TerminalView(props: { onReady: (term: Terminal | undefined) => void }) {
  const areaRef = useRef<HTMLDivElement>(null);
  const hostRef = useRef<HTMLDivElement>(null);
  const [term, setTerm] = useState<Terminal>();
  const { onReady } = props;

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const created = new Terminal(TERMINAL_OPTIONS);
    created.open(host);
    if (window.matchMedia("(pointer: fine)").matches) created.focus();
    setTerm(created);
    onReady(created);
    return () => {
      onReady(undefined);
      setTerm(undefined);
      created.dispose();
    };
  }, [onReady]);

  useFontFit(term, areaRef);
  useStickToBottom(term, areaRef);

  return (
    <div
      className="terminal-area"
      ref={areaRef}
      onClick={(event) => {
        if (event.target === event.currentTarget) term?.focus();
      }}
    >
      <div className="terminal-host" data-testid="terminal" ref={hostRef} />
    </div>
  );
}
