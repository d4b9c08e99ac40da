// The font-size fit: the desk's columns must fit the page width without reflowing.
import { describe, expect, it } from "vitest";
import { fitFontSize } from "./fitFontSize.js";

const phone = { cellWidthPerPx: 0.6, min: 4, max: 20 };

describe("fitFontSize", () => {
  it("fits 80 columns in a 390px phone", () => {
    const size = fitFontSize({ ...phone, availableWidth: 370, cols: 80 });
    expect(size).toBe(7.5);
    expect(size * 0.6 * 80).toBeLessThanOrEqual(370);
  });

  it("never overflows the width, for many widths and column counts", () => {
    for (let width = 200; width <= 2000; width += 37) {
      for (const cols of [40, 80, 120, 200]) {
        const size = fitFontSize({ ...phone, availableWidth: width, cols });
        if (size > phone.min) expect(size * 0.6 * cols).toBeLessThanOrEqual(width + 1e-9);
      }
    }
  });

  it("takes the largest size on the step grid", () => {
    const size = fitFontSize({ ...phone, availableWidth: 500, cols: 80 });
    expect(size).toBe(10.25);
    expect((size + 0.25) * 0.6 * 80).toBeGreaterThan(500);
  });

  it("clamps to the bounds", () => {
    expect(fitFontSize({ ...phone, availableWidth: 3000, cols: 80 })).toBe(20);
    expect(fitFontSize({ ...phone, availableWidth: 200, cols: 300 })).toBe(4);
  });

  it("falls back to the minimum before anything is measured", () => {
    expect(fitFontSize({ ...phone, availableWidth: 0, cols: 80 })).toBe(4);
    expect(fitFontSize({ ...phone, availableWidth: 400, cols: 80, cellWidthPerPx: 0 })).toBe(4);
  });
});
