const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
const dayString = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

/**
 * A training window moved so that it ends on `lastBar` (the dataset's last day now), keeping
 * its length in calendar days: `[start, end]` becomes `[lastBar − (end − start), lastBar]`.
 * `end` is the day the window really ended when it was trained (its own end, or the last bar of
 * the data it had). A window without a start (all history) stays without one and grows.
 */
export function shiftWindowToEnd(window: { start?: string; end: string }, lastBar: string): { start?: string; end: string } {
  if (window.start === undefined) return { end: lastBar };
  const length = dayNumber(window.end) - dayNumber(window.start);
  if (!(length >= 0)) throw new RangeError(`window start ${window.start} is after its end ${window.end}`);
  return { start: dayString(dayNumber(lastBar) - length), end: lastBar };
}
