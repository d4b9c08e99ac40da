// Keeps the terminal's font size fitted to the area's width for the desk's exact cols (see
// fitFontSize): on area resize, on desk resize, and once web fonts have loaded.
import type { Terminal } from "@xterm/xterm";
import { useEffect, type RefObject } from "react";
import { fitFontSize } from "./fitFontSize.js";

/** Font bounds, in CSS px. */
export const MIN_FONT_PX = 4;
export const MAX_FONT_PX = 18;
/** xterm's vertical scrollbar overlays the last columns unless we leave room (xterm's default). */
const SCROLLBAR_PX = 14;

/** The width of one monospace cell per px of font size, measured the way xterm does. */
function measureCellWidthPerPx(fontFamily: string): number {
  const probe = document.createElement("span");
  probe.style.cssText = "position:absolute;visibility:hidden;white-space:pre;font-kerning:none;font-size:100px";
  probe.style.fontFamily = fontFamily;
  probe.textContent = "W".repeat(32);
  document.body.append(probe);
  const width = probe.getBoundingClientRect().width;
  probe.remove();
  return width / 32 / 100;
}

export function useFontFit(term: Terminal | undefined, area: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const element = area.current;
    if (!term || !element) return;
    let cellWidthPerPx = measureCellWidthPerPx(term.options.fontFamily ?? "monospace");
    const fit = () => {
      const style = getComputedStyle(element);
      const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
      const available = element.clientWidth - padding - SCROLLBAR_PX;
      let size = fitFontSize({ availableWidth: available, cols: term.cols, cellWidthPerPx, min: MIN_FONT_PX, max: MAX_FONT_PX });
      if (term.options.fontSize !== size) term.options.fontSize = size;
      // xterm rounds cell widths to device pixels; step down if that pushed the grid past the edge.
      const screen = term.element?.querySelector<HTMLElement>(".xterm-screen");
      for (let i = 0; i < 8 && screen && screen.offsetWidth > available && size > MIN_FONT_PX; i++) {
        size -= 0.25;
        term.options.fontSize = size;
      }
    };
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(element);
    const resized = term.onResize(fit);
    let live = true;
    void document.fonts.ready.then(() => {
      if (!live) return;
      cellWidthPerPx = measureCellWidthPerPx(term.options.fontFamily ?? "monospace");
      fit();
    });
    return () => {
      live = false;
      observer.disconnect();
      resized.dispose();
    };
  }, [term, area]);
}
