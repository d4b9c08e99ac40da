// The visible part of the page (visualViewport): shrinks when the phone keyboard opens, so the
// session layout can fit above the keyboard. Heights and offsets in CSS px.
import { useEffect, useState } from "react";

export interface VisibleArea {
  height: number;
  /** How far the visible area is scrolled down from the top of the layout viewport. */
  offsetTop: number;
}

function read(): VisibleArea {
  const viewport = window.visualViewport;
  // While pinch-zoomed, keep the layout size: only the keyboard should squeeze the layout.
  if (!viewport || Math.abs(viewport.scale - 1) > 0.01) return { height: window.innerHeight, offsetTop: 0 };
  return { height: viewport.height, offsetTop: viewport.offsetTop };
}

export function useVisualViewport(): VisibleArea {
  const [area, setArea] = useState(read);
  useEffect(() => {
    const update = () => {
      const next = read();
      setArea((old) => (old.height === next.height && old.offsetTop === next.offsetTop ? old : next));
    };
    const viewport = window.visualViewport;
    viewport?.addEventListener("resize", update);
    viewport?.addEventListener("scroll", update);
    window.addEventListener("resize", update);
    return () => {
      viewport?.removeEventListener("resize", update);
      viewport?.removeEventListener("scroll", update);
      window.removeEventListener("resize", update);
    };
  }, []);
  return area;
}
