/**
 * Return-style features over Float64Array columns: k-bar log and simple returns, lagged
 * returns, overnight gap, high–low range. Inputs must be finite and prices positive. Each
 * kernel has a plain reference (`…Reference`) below it.
 */

/**
 * k-bar log return ln c[t] − ln c[t−period] (one log per bar: the last `period` logs are kept in a
 * ring, so the result equals the reference and the pipeline's fused path bit for bit); NaN for
 * bars < period. Uses bars ≤ t only.
 */
export function logReturn(close: Float64Array, period = 1, out: Float64Array = new Float64Array(close.length)): Float64Array {
  const n = close.length;
  const ring = new Float64Array(period); // ln c of bars t − period..t − 1
  let pos = 0;
  for (let i = 0; i < n; i++) {
    const l = Math.log(close[i]!);
    out[i] = i < period ? NaN : l - ring[pos]!;
    ring[pos] = l;
    pos = pos + 1 === period ? 0 : pos + 1;
  }
  return out;
}

/** ln x elementwise (the first step of several log returns computed together). Uses bar t only. */
export function logOf(x: Float64Array, out: Float64Array = new Float64Array(x.length)): Float64Array {
  const n = x.length;
  for (let i = 0; i < n; i++) out[i] = Math.log(x[i]!);
  return out;
}

/**
 * Lag difference x[t] − x[t−k]; NaN for bars < k. Runs from the last bar down, so `out` may be
 * `x` itself (in place). Uses bars ≤ t only.
 */
export function lagDifference(x: Float64Array, k: number, out: Float64Array = new Float64Array(x.length)): Float64Array {
  const n = x.length;
  for (let i = n - 1; i >= k; i--) out[i] = x[i]! - x[i - k]!;
  const w = k < n ? k : n;
  for (let i = 0; i < w; i++) out[i] = NaN;
  return out;
}

export function lagDifferenceReference(x: ArrayLike<number>, k: number): number[] {
  return Array.from(x, (v, i) => (i < k ? NaN : v - x[i - k]!));
}

export function logReturnReference(close: ArrayLike<number>, period = 1): number[] {
  return Array.from(close, (c, i) => (i < period ? NaN : Math.log(c) - Math.log(close[i - period]!)));
}

/** k-bar simple return c[t]/c[t−period] − 1; NaN for bars < period. Uses bars ≤ t only. */
export function simpleReturn(close: Float64Array, period = 1, out: Float64Array = new Float64Array(close.length)): Float64Array {
  const n = close.length;
  for (let i = 0; i < n; i++) out[i] = i < period ? NaN : close[i]! / close[i - period]! - 1;
  return out;
}

export function simpleReturnReference(close: ArrayLike<number>, period = 1): number[] {
  return Array.from(close, (c, i) => (i < period ? NaN : (c - close[i - period]!) / close[i - period]!));
}

/**
 * Lagged one-bar log return: ln(c[t−lag]/c[t−lag−1]), the return `lag` bars before the current
 * one (lag 0 = the current bar's return); NaN for bars < lag + 1. Uses bars ≤ t only.
 */
export function laggedReturn(close: Float64Array, lag = 1, out: Float64Array = new Float64Array(close.length)): Float64Array {
  const n = close.length;
  for (let i = 0; i < n; i++) out[i] = i < lag + 1 ? NaN : Math.log(close[i - lag]! / close[i - lag - 1]!);
  return out;
}

export function laggedReturnReference(close: ArrayLike<number>, lag = 1): number[] {
  const r = logReturnReference(close, 1);
  return r.map((_, i) => (i < lag ? NaN : r[i - lag]!));
}

/** Overnight gap o[t]/c[t−1] − 1; NaN at bar 0. Uses bars ≤ t only. */
export function gap(open: Float64Array, close: Float64Array, out: Float64Array = new Float64Array(close.length)): Float64Array {
  const n = close.length;
  if (n > 0) out[0] = NaN;
  for (let i = 1; i < n; i++) out[i] = open[i]! / close[i - 1]! - 1;
  return out;
}

export function gapReference(open: ArrayLike<number>, close: ArrayLike<number>): number[] {
  return Array.from(open, (o, i) => (i === 0 ? NaN : (o - close[i - 1]!) / close[i - 1]!));
}

/** High–low range relative to close, (h − l)/c; no warm-up. Uses bar t only. */
export function hlRange(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  out: Float64Array = new Float64Array(close.length),
): Float64Array {
  const n = close.length;
  for (let i = 0; i < n; i++) out[i] = (high[i]! - low[i]!) / close[i]!;
  return out;
}

export function hlRangeReference(high: ArrayLike<number>, low: ArrayLike<number>, close: ArrayLike<number>): number[] {
  return Array.from(close, (c, i) => (high[i]! - low[i]!) / c);
}
