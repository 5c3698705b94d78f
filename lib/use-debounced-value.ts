"use client";

import { useEffect, useRef, useState } from "react";

/**
 * `value` for work that should not run on every change (a search box's query): a change after a
 * quiet spell of `ms` passes at once (leading edge: a paste or a first keystroke is answered
 * without waiting); changes closer together than `ms` pass once they stop (trailing edge).
 */
export function useDebouncedValue<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  const lastChange = useRef(Number.NEGATIVE_INFINITY);
  useEffect(() => {
    // Nothing new: the first render, or back to what has settled (a pending change is dropped).
    if (Object.is(value, settled)) return;
    const now = performance.now();
    const quiet = now - lastChange.current >= ms;
    lastChange.current = now;
    if (quiet) {
      setSettled(value);
      return;
    }
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms, settled]);
  return settled;
}
