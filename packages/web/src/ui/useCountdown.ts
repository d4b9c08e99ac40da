// Seconds left of a wait (a Retry-After), ticking once a second down to 0; undefined when none.
import { useEffect, useState } from "react";

/** `seconds` starts a new wait whenever `key` changes (a new refusal with the same wait counts too). */
export function useCountdown(seconds: number | undefined, key: unknown): number | undefined {
  const [left, setLeft] = useState(seconds);
  useEffect(() => {
    setLeft(seconds);
    if (seconds === undefined) return;
    const deadline = Date.now() + seconds * 1000;
    const timer = setInterval(() => {
      const remaining = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
      setLeft(remaining);
      if (remaining === 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [seconds, key]);
  return left;
}
