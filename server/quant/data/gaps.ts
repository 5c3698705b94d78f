import { DAY_MS, tradingDaysBetween, type TradingCalendar } from "./calendar";

/**
 * Gap detection on one symbol's increasing timestamps (epoch ms). The median step decides the
 * rule:
 * - daily data (20 h ≤ median step ≤ 4 days): a gap is a trading day of `calendar` missing
 *   between two consecutive bars (compared on UTC days);
 * - intraday (median < 20 h) and weekly-or-slower data: a gap is a step larger than
 *   `factor` × the median step. For exchange-traded intraday data this also reports each
 *   overnight and weekend break; they are warnings, capped like every other issue.
 */
export interface GapOptions {
  calendar?: TradingCalendar;
  factor?: number;
}

export interface Gap {
  /** Index (into `time`) of the bar after the gap. */
  index: number;
  /** Missing trading days (daily rule) or the step as a multiple of the median (step rule). */
  size: number;
  rule: "daily" | "step";
}

export const DEFAULT_GAP_FACTOR = 3;

/** Median of consecutive differences; NaN for fewer than 2 bars. */
export function medianStep(time: Float64Array): number {
  if (time.length < 2) return NaN;
  const d = new Float64Array(time.length - 1);
  for (let i = 1; i < time.length; i++) d[i - 1] = time[i]! - time[i - 1]!;
  d.sort();
  const m = d.length >> 1;
  return d.length % 2 ? d[m]! : (d[m - 1]! + d[m]!) / 2;
}

export function findGaps(time: Float64Array, options: GapOptions = {}): Gap[] {
  const { calendar = "nyse", factor = DEFAULT_GAP_FACTOR } = options;
  const med = medianStep(time);
  const gaps: Gap[] = [];
  if (!(med > 0)) return gaps;
  if (med >= (20 / 24) * DAY_MS && med <= 4 * DAY_MS) {
    for (let i = 1; i < time.length; i++) {
      const d0 = Math.floor(time[i - 1]! / DAY_MS), d1 = Math.floor(time[i]! / DAY_MS);
      if (d1 - d0 < 2) continue;
      const missing = tradingDaysBetween(d0, d1, calendar);
      if (missing > 0) gaps.push({ index: i, size: missing, rule: "daily" });
    }
  } else {
    const limit = factor * med;
    for (let i = 1; i < time.length; i++) {
      const step = time[i]! - time[i - 1]!;
      if (step > limit) gaps.push({ index: i, size: step / med, rule: "step" });
    }
  }
  return gaps;
}
