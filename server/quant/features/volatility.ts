/**
 * Volatility measures over Float64Array columns: true range, ATR (Wilder), NATR, rolling
 * volatility of log returns, Parkinson volatility, z-score of close. Inputs must be finite
 * (validated OHLCV). Each kernel has a plain reference (`…Reference`) below it.
 */
import { meanOf, wilderReference } from "./moving-averages";
import { rollingReference, stdOf } from "./rolling";

/** True range max(h − l, |h − c[t−1]|, |l − c[t−1]|) from bar 1; NaN at bar 0 (no previous close). Uses bars ≤ t only. */
export function trueRange(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  out: Float64Array = new Float64Array(close.length),
): Float64Array {
  const n = close.length;
  if (n > 0) out[0] = NaN;
  for (let i = 1; i < n; i++) {
    const h = high[i]!;
    const l = low[i]!;
    const pc = close[i - 1]!;
    out[i] = Math.max(h - l, Math.abs(h - pc), Math.abs(l - pc));
  }
  return out;
}

export function trueRangeReference(high: ArrayLike<number>, low: ArrayLike<number>, close: ArrayLike<number>): number[] {
  return Array.from(close, (_, i) =>
    i === 0 ? NaN : Math.max(high[i]! - low[i]!, Math.abs(high[i]! - close[i - 1]!), Math.abs(low[i]! - close[i - 1]!)),
  );
}

/**
 * Average true range: Wilder(period) of the true range from bar 1 (SMA seed of TR[1..period]);
 * NaN for bars < period. Uses bars ≤ t only.
 */
export function atr(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period = 14,
  out: Float64Array = new Float64Array(close.length),
): Float64Array {
  const n = close.length;
  const a = 1 / period;
  const b = 1 - a;
  let y = 0;
  if (n > 0) out[0] = NaN;
  for (let i = 1; i < n; i++) {
    const h = high[i]!;
    const l = low[i]!;
    const pc = close[i - 1]!;
    const tr = Math.max(h - l, Math.abs(h - pc), Math.abs(l - pc));
    if (i < period) {
      y += tr;
      out[i] = NaN;
    } else {
      y = i === period ? (y + tr) / period : b * y + a * tr;
      out[i] = y;
    }
  }
  return out;
}

export function atrReference(high: ArrayLike<number>, low: ArrayLike<number>, close: ArrayLike<number>, period = 14): number[] {
  return wilderReference(trueRangeReference(high, low, close), period, 1);
}

/** Normalised ATR: 100·ATR(period)/close; NaN for bars < period. Uses bars ≤ t only. */
export function natr(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period = 14,
  out: Float64Array = new Float64Array(close.length),
): Float64Array {
  atr(high, low, close, period, out);
  const n = close.length;
  for (let i = 0; i < n; i++) out[i] = (100 * out[i]!) / close[i]!;
  return out;
}

export function natrReference(high: ArrayLike<number>, low: ArrayLike<number>, close: ArrayLike<number>, period = 14): number[] {
  return atrReference(high, low, close, period).map((v, i) => (v / close[i]!) * 100);
}

/**
 * Rolling volatility: sample standard deviation (ddof 1) of the last `window` one-bar log
 * returns ln(c[t]/c[t−1]), not annualised; NaN for bars < window. Uses bars ≤ t only.
 */
export function volatility(close: Float64Array, window = 20, out: Float64Array = new Float64Array(close.length)): Float64Array {
  const n = close.length;
  const ring = new Float64Array(window);
  let pos = 0;
  let sum = 0;
  if (n > 0) out[0] = NaN;
  for (let i = 1; i < n; i++) {
    const r = Math.log(close[i]! / close[i - 1]!);
    sum += r - ring[pos]!;
    ring[pos] = r;
    pos = pos + 1 === window ? 0 : pos + 1;
    if (i < window) {
      out[i] = NaN;
      continue;
    }
    const m = sum / window;
    let ss = 0;
    for (let j = 0; j < window; j++) {
      const d = ring[j]! - m;
      ss += d * d;
    }
    out[i] = Math.sqrt(ss / (window - 1));
  }
  return out;
}

export function volatilityReference(close: ArrayLike<number>, window = 20): number[] {
  const r = Array.from(close, (c, i) => (i === 0 ? NaN : Math.log(c / close[i - 1]!)));
  return r.map((_, t) => (t < window ? NaN : stdOf(r, t + 1 - window, t + 1, 1)));
}

/**
 * Parkinson volatility: sqrt(mean(ln(h/l)²) / (4 ln 2)) over `window` bars (per bar, not
 * annualised); NaN for the first window − 1 bars. Uses bars ≤ t only.
 */
export function parkinsonVolatility(
  high: Float64Array,
  low: Float64Array,
  window = 20,
  out: Float64Array = new Float64Array(high.length),
): Float64Array {
  const n = high.length;
  const ring = new Float64Array(window);
  const k = 1 / (4 * Math.LN2 * window);
  let pos = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const lr = Math.log(high[i]! / low[i]!);
    const q = lr * lr;
    sum += q - ring[pos]!;
    ring[pos] = q;
    pos = pos + 1 === window ? 0 : pos + 1;
    out[i] = i + 1 < window ? NaN : Math.sqrt((sum > 0 ? sum : 0) * k);
  }
  return out;
}

export function parkinsonVolatilityReference(high: ArrayLike<number>, low: ArrayLike<number>, window = 20): number[] {
  const q = Array.from(high, (h, i) => Math.log(h / low[i]!) ** 2);
  return rollingReference(q.length, window, (a, b) => Math.sqrt(meanOf(q, a, b) / (4 * Math.log(2))));
}

/**
 * Z-score of close: (c − mean)/std over `window` bars (population std, as Bollinger); NaN for
 * the first window − 1 bars and when the std is 0. Uses bars ≤ t only.
 */
export function zscore(close: Float64Array, window = 20, out: Float64Array = new Float64Array(close.length)): Float64Array {
  const n = close.length;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += close[i]!;
    if (i >= window) sum -= close[i - window]!;
    if (i + 1 < window) {
      out[i] = NaN;
      continue;
    }
    const m = sum / window;
    let ss = 0;
    for (let j = i + 1 - window; j <= i; j++) {
      const d = close[j]! - m;
      ss += d * d;
    }
    const sd = Math.sqrt(ss / window);
    out[i] = sd === 0 ? NaN : (close[i]! - m) / sd;
  }
  return out;
}

export function zscoreReference(close: ArrayLike<number>, window = 20): number[] {
  return rollingReference(close.length, window, (a, b) => {
    const sd = stdOf(close, a, b, 0);
    return sd === 0 ? NaN : (close[b - 1]! - meanOf(close, a, b)) / sd;
  });
}
