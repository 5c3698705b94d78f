/**
 * Moving averages over Float64Array columns (batch kernels), each with a plain reference.
 *
 * Conventions (BENCHMARKS.md): SMA is NaN until `window` values are in the window and NaN while
 * any value in the window is NaN; EMA is seeded with the first finite value (alpha = 2/(span+1)),
 * leading NaNs stay NaN and a NaN input yields NaN without touching the state.
 * Floating-point note: the running-sum SMA drifts from the naive sum by a few ulps per 1e6 bars;
 * tests compare against the references at a relative tolerance, never bit for bit.
 */

/**
 * Simple moving average (pandas `x.rolling(window).mean()`): NaN for the first `window − 1` bars
 * and while any of the last `window` values is NaN. Uses bars ≤ t only.
 */
export function sma(x: Float64Array, window: number, out: Float64Array = new Float64Array(x.length)): Float64Array {
  const n = x.length;
  let sum = 0;
  let nan = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (v !== v) nan++;
    else sum += v;
    if (i >= window) {
      const o = x[i - window]!;
      if (o !== o) nan--;
      else sum -= o;
    }
    out[i] = i + 1 >= window && nan === 0 ? sum / window : NaN;
  }
  return out;
}

/** Reference for {@link sma}: mean of the slice, recomputed at every bar. */
export function smaReference(x: ArrayLike<number>, window: number): number[] {
  return perWindowReference(x, window, (i) => {
    let s = 0;
    for (let j = i + 1 - window; j <= i; j++) s += x[j]!;
    return s / window;
  });
}

/** Reference helper: NaN before the first full window, else `atBar(i)` (readable, not a kernel). */
function perWindowReference(x: ArrayLike<number>, window: number, atBar: (i: number) => number): number[] {
  const res: number[] = [];
  for (let i = 0; i < x.length; i++) res.push(i + 1 < window ? NaN : atBar(i));
  return res;
}

/**
 * Exponential moving average (pandas `x.ewm(span=span, adjust=False).mean()`), seeded with the
 * first finite value; alpha = 2/(span+1). No warm-up NaNs beyond leading NaN inputs; a NaN
 * input gives NaN at that bar and leaves the state unchanged. Uses bars ≤ t only.
 */
export function ema(x: Float64Array, span: number, out: Float64Array = new Float64Array(x.length)): Float64Array {
  return emaAlpha(x, 2 / (span + 1), out);
}

/** EMA with an explicit smoothing factor `alpha` (see {@link ema}). Uses bars ≤ t only. */
export function emaAlpha(x: Float64Array, alpha: number, out: Float64Array = new Float64Array(x.length)): Float64Array {
  const n = x.length;
  let m = NaN;
  const beta = 1 - alpha;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (v !== v) {
      out[i] = NaN;
      continue;
    }
    m = m !== m ? v : alpha * v + beta * m;
    out[i] = m;
  }
  return out;
}

/**
 * Wilder smoothing (pandas `ewm(alpha=1/period, adjust=False)` seeded with an SMA): NaN before
 * bar `start + period − 1`; there the value is the mean of x[start..start+period−1]; then
 * y = (1 − 1/period)·y + x/period. Inputs from `start` on must be finite. Uses bars ≤ t only.
 */
export function wilder(
  x: Float64Array,
  period: number,
  start = 0,
  out: Float64Array = new Float64Array(x.length),
): Float64Array {
  const n = x.length;
  const first = start + period - 1;
  const a = 1 / period;
  const b = 1 - a;
  let y = 0;
  for (let i = 0; i < n; i++) {
    if (i < first) {
      if (i >= start) y += x[i]!;
      out[i] = NaN;
    } else if (i === first) {
      y = (y + x[i]!) / period;
      out[i] = y;
    } else {
      y = b * y + a * x[i]!;
      out[i] = y;
    }
  }
  return out;
}

/** Reference for {@link wilder}: explicit SMA seed, then the recursion. */
export function wilderReference(x: ArrayLike<number>, period: number, start = 0): number[] {
  const res: number[] = [];
  let y = NaN;
  for (let i = 0; i < x.length; i++) {
    if (i < start + period - 1) res.push(NaN);
    else if (i === start + period - 1) {
      y = meanOf(x, start, i + 1);
      res.push(y);
    } else {
      y = y + (x[i]! - y) / period;
      res.push(y);
    }
  }
  return res;
}

/**
 * Linearly weighted moving average (weights 1..window, newest heaviest): NaN for the first
 * `window − 1` bars; inputs must be finite. O(1) per bar via running sums. Uses bars ≤ t only.
 */
export function wma(x: Float64Array, window: number, out: Float64Array = new Float64Array(x.length)): Float64Array {
  const n = x.length;
  const denom = (window * (window + 1)) / 2;
  let sum = 0; // plain sum of the window
  let num = 0; // weighted sum of the window
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (i < window) {
      num += (i + 1) * v;
      sum += v;
      out[i] = i === window - 1 ? num / denom : NaN;
    } else {
      num += window * v - sum; // every old weight drops by one, the newest gets `window`
      sum += v - x[i - window]!;
      out[i] = num / denom;
    }
  }
  return out;
}

/** Reference for {@link wma}: the weighted sum of each window, recomputed. */
export function wmaReference(x: ArrayLike<number>, window: number): number[] {
  return perWindowReference(x, window, (i) => {
    let s = 0;
    for (let k = 0; k < window; k++) s += (window - k) * x[i - k]!;
    return s / ((window * (window + 1)) / 2);
  });
}

/** Double EMA: 2·EMA(x) − EMA(EMA(x)), EMAs seeded with the first value; no warm-up NaNs. Uses bars ≤ t only. */
export function dema(x: Float64Array, span: number, out: Float64Array = new Float64Array(x.length)): Float64Array {
  const n = x.length;
  const a = 2 / (span + 1);
  const b = 1 - a;
  let e1 = NaN;
  let e2 = NaN;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (i === 0) e1 = e2 = v;
    else {
      e1 = a * v + b * e1;
      e2 = a * e1 + b * e2;
    }
    out[i] = 2 * e1 - e2;
  }
  return out;
}

/** Triple EMA: 3·e1 − 3·e2 + e3 (e_k the k-fold EMA, seeded with the first value); no warm-up NaNs. Uses bars ≤ t only. */
export function tema(x: Float64Array, span: number, out: Float64Array = new Float64Array(x.length)): Float64Array {
  const n = x.length;
  const a = 2 / (span + 1);
  const b = 1 - a;
  let e1 = NaN;
  let e2 = NaN;
  let e3 = NaN;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (i === 0) e1 = e2 = e3 = v;
    else {
      e1 = a * v + b * e1;
      e2 = a * e1 + b * e2;
      e3 = a * e2 + b * e3;
    }
    out[i] = 3 * e1 - 3 * e2 + e3;
  }
  return out;
}

/** Reference for {@link dema}. */
export function demaReference(x: ArrayLike<number>, span: number): number[] {
  const e1 = emaReference(x, span);
  const e2 = emaReference(e1, span);
  return e1.map((v, i) => 2 * v - e2[i]!);
}

/** Reference for {@link tema}. */
export function temaReference(x: ArrayLike<number>, span: number): number[] {
  const e1 = emaReference(x, span);
  const e2 = emaReference(e1, span);
  const e3 = emaReference(e2, span);
  return e1.map((v, i) => 3 * v - 3 * e2[i]! + e3[i]!);
}

/** Mean of x[from..to) (reference helper). */
export function meanOf(x: ArrayLike<number>, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i]!;
  return s / (to - from);
}

/** Reference for {@link ema}: the textbook recursion m = m + alpha·(v − m). */
export function emaReference(x: ArrayLike<number>, span: number): number[] {
  const alpha = 2 / (span + 1);
  const res: number[] = [];
  let m: number | undefined;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (Number.isNaN(v)) {
      res.push(NaN);
      continue;
    }
    m = m === undefined ? v : m + alpha * (v - m);
    res.push(m);
  }
  return res;
}
