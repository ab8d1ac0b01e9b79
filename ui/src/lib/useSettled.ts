import { useEffect, useState } from "react";

/**
 * True once `ready` has been true (and stays so), or after `fallbackMs` at the latest:
 * requests that can wait (the filter bar's choices, the key's expiry) leave after the
 * page's own first answer instead of competing with it on a busy server.
 */
export function useSettled(ready: boolean, fallbackMs = 1500): boolean {
  const [settled, setSettled] = useState(ready);
  useEffect(() => {
    if (ready) setSettled(true);
  }, [ready]);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(true), fallbackMs);
    return () => clearTimeout(timer);
  }, [fallbackMs]);
  return settled || ready;
}
