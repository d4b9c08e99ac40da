// Keeps the terminal area scrolled to the bottom (where the prompt is) while the person has not
// scrolled away: on new output and when the area shrinks (the phone keyboard opened).
import type { Terminal } from "@xterm/xterm";
import { useEffect, type RefObject } from "react";

/** How close to the bottom still counts as "at the bottom", in CSS px. */
const SLACK_PX = 8;

export function useStickToBottom(term: Terminal | undefined, area: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const element = area.current;
    if (!term || !element) return;
    let atBottom = true;
    const onScroll = () => {
      atBottom = element.scrollTop + element.clientHeight >= element.scrollHeight - SLACK_PX;
    };
    const stick = () => {
      if (atBottom) element.scrollTop = element.scrollHeight;
    };
    element.addEventListener("scroll", onScroll, { passive: true });
    const observer = new ResizeObserver(stick);
    observer.observe(element);
    const written = term.onWriteParsed(stick);
    const resized = term.onResize(stick);
    return () => {
      element.removeEventListener("scroll", onScroll);
      observer.disconnect();
      written.dispose();
      resized.dispose();
    };
  }, [term, area]);
}
