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
  const res: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (i + 1 < window) {
      res.push(NaN);
      continue;
    }
    let s = 0;
    for (let j = i + 1 - window; j <= i; j++) s += x[j]!;
    res.push(s / window);
  }
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
