/**
 * Price channels over Float64Array columns: Bollinger bands, Keltner channels, Donchian
 * channels. Inputs must be finite (validated OHLCV). Each kernel has a plain reference below it.
 */
import { emaReference, meanOf } from "./moving-averages";
import { maxOf, minOf, rollingMax, rollingMin, rollingReference, stdOf } from "./rolling";
import { atr, atrReference } from "./volatility";

/**
 * Bollinger bands: middle = SMA(window), upper/lower = middle ± mult·σ with the population std
 * (ddof 0) over the same window; NaN for the first window − 1 bars. O(1) per bar (sliding
 * Welford update, no E[x²] − E[x]² cancellation). Uses bars ≤ t only.
 */
export function bollinger(
  close: Float64Array,
  window = 20,
  mult = 2,
  upper: Float64Array = new Float64Array(close.length),
  middle: Float64Array = new Float64Array(close.length),
  lower: Float64Array = new Float64Array(close.length),
): { upper: Float64Array; middle: Float64Array; lower: Float64Array } {
  const n = close.length;
  // sliding-window Welford: mean and M2 = Σ(x − mean)² updated as a value enters and one leaves
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    const v = close[i]!;
    if (i < window) {
      const dv = v - mean;
      mean += dv / (i + 1);
      m2 += dv * (v - mean);
    } else {
      const old = close[i - window]!;
      const next = mean + (v - old) / window;
      m2 += (v - old) * (v - next + old - mean);
      mean = next;
    }
    if (i + 1 < window) {
      upper[i] = middle[i] = lower[i] = NaN;
      continue;
    }
    const w = mult * Math.sqrt(m2 > 0 ? m2 / window : 0);
    middle[i] = mean;
    upper[i] = mean + w;
    lower[i] = mean - w;
  }
  return { upper, middle, lower };
}

export function bollingerReference(close: ArrayLike<number>, window = 20, mult = 2) {
  const middle = rollingReference(close.length, window, (a, b) => meanOf(close, a, b));
  const sd = rollingReference(close.length, window, (a, b) => stdOf(close, a, b, 0));
  return {
    upper: middle.map((m, i) => m + mult * sd[i]!),
    middle,
    lower: middle.map((m, i) => m - mult * sd[i]!),
  };
}

/**
 * Keltner channels: middle = EMA(span) of close (seeded with the first close), upper/lower =
 * middle ± mult·ATR(atrPeriod) (Wilder); NaN for bars < atrPeriod (ATR warm-up); the middle has
 * no warm-up. Uses bars ≤ t only.
 */
export function keltner(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  span = 20,
  mult = 2,
  atrPeriod = 10,
  upper: Float64Array = new Float64Array(close.length),
  middle: Float64Array = new Float64Array(close.length),
  lower: Float64Array = new Float64Array(close.length),
): { upper: Float64Array; middle: Float64Array; lower: Float64Array } {
  const n = close.length;
  atr(high, low, close, atrPeriod, upper); // upper holds the ATR until overwritten
  const a = 2 / (span + 1);
  let e = 0;
  for (let i = 0; i < n; i++) {
    e = i === 0 ? close[0]! : a * close[i]! + (1 - a) * e;
    const w = mult * upper[i]!;
    middle[i] = e;
    upper[i] = e + w;
    lower[i] = e - w;
  }
  return { upper, middle, lower };
}

export function keltnerReference(high: ArrayLike<number>, low: ArrayLike<number>, close: ArrayLike<number>, span = 20, mult = 2, atrPeriod = 10) {
  const middle = emaReference(close, span);
  const r = atrReference(high, low, close, atrPeriod);
  return {
    upper: middle.map((m, i) => m + mult * r[i]!),
    middle,
    lower: middle.map((m, i) => m - mult * r[i]!),
  };
}

/**
 * Donchian channels: upper = highest high, lower = lowest low over `window` bars (including
 * bar t), middle = their mean; NaN for the first window − 1 bars. Uses bars ≤ t only.
 */
export function donchian(
  high: Float64Array,
  low: Float64Array,
  window = 20,
  upper: Float64Array = new Float64Array(high.length),
  middle: Float64Array = new Float64Array(high.length),
  lower: Float64Array = new Float64Array(high.length),
): { upper: Float64Array; middle: Float64Array; lower: Float64Array } {
  rollingMax(high, window, upper);
  rollingMin(low, window, lower);
  const n = high.length;
  for (let i = 0; i < n; i++) middle[i] = (upper[i]! + lower[i]!) / 2;
  return { upper, middle, lower };
}

export function donchianReference(high: ArrayLike<number>, low: ArrayLike<number>, window = 20) {
  const upper = rollingReference(high.length, window, (a, b) => maxOf(high, a, b));
  const lower = rollingReference(high.length, window, (a, b) => minOf(low, a, b));
  return { upper, middle: upper.map((u, i) => (u + lower[i]!) / 2), lower };
}
