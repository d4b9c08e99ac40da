// Picks the terminal font size that shows the desk's exact cols across the available width.
// The grid never reflows: only the glyphs get smaller or larger. Cell width ≈ fontSize × charWidth.

export interface FitInput {
  /** Width the terminal may use, in CSS px (already minus padding and scrollbar). */
  availableWidth: number;
  /** The desk terminal's columns. */
  cols: number;
  /** Width of one monospace cell per px of font size (about 0.6 for most monospace fonts). */
  cellWidthPerPx: number;
  /** Bounds, in CSS px. Below `min` the page scrolls sideways instead. */
  min: number;
  max: number;
  /** Font sizes are rounded down to this step, in CSS px. */
  step?: number;
}

/** The largest font size (px) at which `cols` cells fit in `availableWidth`, within bounds. */
export function fitFontSize(input: FitInput): number {
  const { availableWidth, cols, cellWidthPerPx, min, max } = input;
  const step = input.step ?? 0.25;
  if (!(availableWidth > 0) || !(cols > 0) || !(cellWidthPerPx > 0)) return min;
  const exact = availableWidth / (cols * cellWidthPerPx);
  const stepped = Math.floor(exact / step + 1e-9) * step;
  return Math.min(max, Math.max(min, stepped));
}
