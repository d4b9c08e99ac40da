// The sticky Ctrl modifier of the key row: armed by a tap, applied to the next key, then released.
import { useCallback, useRef, useState } from "react";

export function useStickyCtrl() {
  const [armed, setArmedState] = useState(false);
  const armedRef = useRef(false);
  const setArmed = useCallback((value: boolean) => {
    armedRef.current = value;
    setArmedState(value);
  }, []);
  const toggle = useCallback(() => setArmed(!armedRef.current), [setArmed]);
  /** Whether Ctrl applies to the key being sent now; releases it. */
  const take = useCallback(() => {
    const was = armedRef.current;
    if (was) setArmed(false);
    return was;
  }, [setArmed]);
  return { armed, toggle, take };
}
