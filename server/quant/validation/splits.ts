/**
 * Train/test splits for time series, as row-index arrays (Int32Array of bar indices, ascending),
 * never per-row objects.
 *
 * Label windows: a row at bar i carries a label that looks ahead `labelHorizon` bars, e.g.
 * y[i] = ln(c[i+h]/c[i]) (see `labels.ts`), so its label window is bars [i, i+h], both ends
 * inclusive (it reads close i+h). A training row leaks when its label window overlaps the bars
 * the test rows' labels read; purging removes those rows (López de Prado, *Advances in
 * Financial Machine Learning*, 2018, §7.4).
 *
 * - `walkForwardSplits`: calendar-month windows over a time column (W4 of BENCHMARKS.md).
 *   Every training row precedes every test row.
 * - `purgedKFold`: contiguous k-fold with purging on both sides of the test fold and an embargo
 *   after it (training rows may come after the test fold here, so the embargo matters).
 */
import { DAY_MS } from "../data/calendar";
import { parseTimestamp } from "../data/timestamps";

/** One split: ascending bar indices of its training and test rows. */
export interface IndexFold {
  /** Position of the fold in the returned list (0, 1, …). */
  index: number;
  train: Int32Array;
  test: Int32Array;
}

/**
 * A walk-forward fold with its calendar windows, epoch ms UTC, half-open: training bars have
 * trainStart ≤ time < trainEnd (less the purged/embargoed ones), test bars
 * testStart ≤ time < testEnd. trainEnd = testStart.
 */
export interface WalkForwardFold extends IndexFold {
  trainStart: number;
  trainEnd: number;
  testStart: number;
  testEnd: number;
}

/** A date as epoch ms UTC, or as text `parseTimestamp` reads (e.g. "2000-01-01"). */
export type DateInput = number | string;

export interface WalkForwardOptions {
  /** Length of the training window in calendar months (integer ≥ 1). */
  trainMonths: number;
  /** Length of each test window in calendar months (integer ≥ 1). */
  testMonths: number;
  /** Months between consecutive folds' windows (integer ≥ 1; default `testMonths`). */
  stepMonths?: number;
  /**
   * `rolling` (default): fold k trains on [start + k·step, +trainMonths). `expanding`: every
   * fold trains from `start`. In both, fold k tests on [start + k·step + trainMonths, +testMonths).
   */
  mode?: "expanding" | "rolling";
  /** Anchor of the first window; bars before it are not used. Default: 00:00 UTC on the 1st of
   * the first bar's month. */
  start?: DateInput;
  /** Bars at or after it are not used. The data is taken to cover [start, end): default one
   * day past the last bar (daily bars cover their whole day). */
  end?: DateInput;
  /** Keep only folds whose test window lies entirely within the covered data (testEnd ≤ end);
   * default true. When false, the last fold may have a partial test window. */
  completeTestWindowsOnly?: boolean;
  /** Drop the last `purgeRows` training rows of each fold (the W4 rule "purge the last 5
   * training rows"); applied after `labelHorizon` and `embargo`. Default 0. */
  purgeRows?: number;
  /** Purge training rows whose label window [i, i + labelHorizon] reaches the first test bar.
   * Default 0 (no label look-ahead). */
  labelHorizon?: number;
  /** Gap of this many bars between the last training bar and the first test bar. Default 0. */
  embargo?: number;
}

function checkInteger(fn: string, field: string, v: number, min: number): void {
  if (!Number.isInteger(v) || v < min) throw new RangeError(`${fn}: ${field} must be an integer ≥ ${min} (got ${v})`);
}

function dateMs(fn: string, field: string, v: DateInput): number {
  const ms = typeof v === "number" ? v : parseTimestamp(v);
  if (!Number.isFinite(ms)) throw new RangeError(`${fn}: ${field} is not a date (got ${JSON.stringify(v)})`);
  return ms;
}

/**
 * `ms` plus `months` calendar months in UTC, keeping the time of day; the day of month is
 * clipped to the target month's length (Jan 31 + 1 month = Feb 28/29), as pandas'
 * `DateOffset(months=…)`.
 */
export function addMonthsUtc(ms: number, months: number): number {
  const d = new Date(ms);
  const y = d.getUTCFullYear(), m = d.getUTCMonth(), day = d.getUTCDate();
  const timeOfDay = ms - Date.UTC(y, m, day);
  const lastDay = new Date(Date.UTC(y, m + months + 1, 0)).getUTCDate();
  return Date.UTC(y, m + months, Math.min(day, lastDay)) + timeOfDay;
}

/** First index i with time[i] ≥ t (time ascending); time.length when none. */
export function lowerBound(time: Float64Array, t: number): number {
  let lo = 0, hi = time.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** [from, from + 1, …, to − 1] (empty when to ≤ from). */
function range(from: number, to: number): Int32Array {
  const out = new Int32Array(Math.max(0, to - from));
  for (let k = 0; k < out.length; k++) out[k] = from + k;
  return out;
}

/**
 * Walk-forward folds by calendar months over `time` (epoch ms, strictly increasing).
 *
 * Fold k (k = 0, 1, …) with anchor A = `start`: test window [A + k·step + train,
 * A + k·step + train + test) months; training window [A + k·step, test start) (`rolling`) or
 * [A, test start) (`expanding`). Windows are computed from A each time (not chained), so a
 * clipped month end does not drift. Folds stop at the first incomplete test window (or, when
 * `completeTestWindowsOnly` is false, at the first with no bar in [start, end)). Training rows:
 * the bars of the training window, less those at or after bar a − max(embargo, labelHorizon)
 * (a = the first test bar), less the last `purgeRows` of what remains. Folds left with no
 * training or no test row are omitted. Every training index is below every test index.
 */
export function walkForwardSplits(time: Float64Array, opts: WalkForwardOptions): WalkForwardFold[] {
  const fn = "walkForwardSplits";
  const n = time.length;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(time[i]!)) throw new RangeError(`${fn}: time[${i}] is not finite`);
    if (i > 0 && !(time[i]! > time[i - 1]!)) throw new RangeError(`${fn}: time must be strictly increasing (time[${i}] ≤ time[${i - 1}])`);
  }
  const { trainMonths, testMonths } = opts;
  const stepMonths = opts.stepMonths ?? testMonths;
  const mode = opts.mode ?? "rolling";
  const purgeRows = opts.purgeRows ?? 0, labelHorizon = opts.labelHorizon ?? 0, embargo = opts.embargo ?? 0;
  checkInteger(fn, "trainMonths", trainMonths, 1);
  checkInteger(fn, "testMonths", testMonths, 1);
  checkInteger(fn, "stepMonths", stepMonths, 1);
  checkInteger(fn, "purgeRows", purgeRows, 0);
  checkInteger(fn, "labelHorizon", labelHorizon, 0);
  checkInteger(fn, "embargo", embargo, 0);
  if (mode !== "rolling" && mode !== "expanding") throw new RangeError(`${fn}: mode must be "rolling" or "expanding" (got ${JSON.stringify(mode)})`);
  if (n === 0) return [];

  const first = new Date(time[0]!);
  const anchor = opts.start !== undefined ? dateMs(fn, "start", opts.start) : Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1);
  const end = opts.end !== undefined ? dateMs(fn, "end", opts.end) : time[n - 1]! + DAY_MS;
  if (!(end > anchor)) throw new RangeError(`${fn}: end must be after start`);
  const lo = lowerBound(time, anchor), hi = lowerBound(time, end);
  const completeOnly = opts.completeTestWindowsOnly ?? true;
  const cut = Math.max(embargo, labelHorizon);

  const folds: WalkForwardFold[] = [];
  for (let k = 0; ; k++) {
    const trainStart = mode === "rolling" ? addMonthsUtc(anchor, k * stepMonths) : anchor;
    const testStart = addMonthsUtc(anchor, k * stepMonths + trainMonths);
    const testEnd = addMonthsUtc(anchor, k * stepMonths + trainMonths + testMonths);
    if (completeOnly ? testEnd > end : testStart >= end || lowerBound(time, testStart) >= hi) break;
    const a = Math.max(lo, lowerBound(time, testStart));
    const b = Math.min(hi, lowerBound(time, testEnd));
    const t0 = Math.max(lo, lowerBound(time, trainStart));
    const t1 = Math.max(t0, a - cut - purgeRows);
    if (t1 === t0 || b === a) continue;
    folds.push({ index: folds.length, trainStart, trainEnd: testStart, testStart, testEnd, train: range(t0, t1), test: range(a, b) });
  }
  return folds;
}

export interface PurgedKFoldOptions {
  /** Label look-ahead h in bars: row i's label window is [i, i + h]. Default 0. */
  labelHorizon?: number;
  /** Bars after the purged zone that follows each test fold, also kept out of training. Default 0. */
  embargo?: number;
}

/**
 * López de Prado's purged k-fold over rows 0..n−1 (time order). Test folds are contiguous,
 * sized as numpy's `array_split` (the first n mod k folds have one row more). For test fold
 * [a, b] the test labels read bars [a, b + h]. Training rows: i < a − h (label window
 * [i, i + h] ends before a) and i > b + h + embargo (label window starts after the test labels'
 * bars, then `embargo` bars more). (The book's `PurgedKFold` keeps row b + h + embargo itself,
 * and with h = embargo = 0 even row b of the test fold; this version does not.)
 */
export function purgedKFold(n: number, k: number, opts: PurgedKFoldOptions = {}): IndexFold[] {
  const fn = "purgedKFold";
  const h = opts.labelHorizon ?? 0, embargo = opts.embargo ?? 0;
  checkInteger(fn, "n", n, 2);
  checkInteger(fn, "k", k, 2);
  if (k > n) throw new RangeError(`${fn}: k must be ≤ n (got k = ${k}, n = ${n})`);
  checkInteger(fn, "labelHorizon", h, 0);
  checkInteger(fn, "embargo", embargo, 0);
  const base = Math.floor(n / k), extra = n % k;
  const folds: IndexFold[] = [];
  let a = 0;
  for (let f = 0; f < k; f++) {
    const size = base + (f < extra ? 1 : 0);
    const b = a + size - 1;
    const leftEnd = Math.max(0, a - h);
    const rightStart = Math.min(n, b + h + embargo + 1);
    const train = new Int32Array(leftEnd + (n - rightStart));
    for (let i = 0; i < leftEnd; i++) train[i] = i;
    for (let i = rightStart; i < n; i++) train[leftEnd + i - rightStart] = i;
    folds.push({ index: f, train, test: range(a, b + 1) });
    a = b + 1;
  }
  return folds;
}
