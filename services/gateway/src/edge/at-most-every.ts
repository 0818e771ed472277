/**
 * Passes a call on at most once per interval, with how many calls it held back since the last
 * one: an outage seen by every request logs one line every few seconds, not one per request.
 */
export function atMostEvery<T>(
  intervalMs: number,
  report: (value: T, heldBack: number) => void,
  now: () => number = Date.now,
): (value: T) => void {
  let lastReported = -Infinity;
  let heldBack = 0;
  return (value) => {
    const at = now();
    if (at - lastReported < intervalMs) {
      heldBack += 1;
      return;
    }
    lastReported = at;
    report(value, heldBack);
    heldBack = 0;
  };
}
