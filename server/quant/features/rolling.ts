/**
 * Rolling-window building blocks (max, min, sum, standard deviation) over Float64Array columns.
 * Inputs must be finite unless a kernel says otherwise. Each kernel: NaN for the first
 * `window − 1` bars; uses bars ≤ t only. Monotonic-deque max/min are O(1) amortised per bar.
 */

/**
 * Rolling maximum (pandas `rolling(window).max()`); NaN for the first `window − 1` bars. Keeps
 * the current maximum and rescans the window only when it drops out (O(1) typical per bar,
 * O(window) worst case). Inputs must be finite. Uses bars ≤ t only.
 */
export function rollingMax(x: Float64Array, window: number, out: Float64Array = new Float64Array(x.length)): Float64Array {
  const n = x.length;
  let m = -Infinity;
  let mi = -1;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (v >= m) {
      m = v;
      mi = i;
    } else if (mi <= i - window) {
      mi = i - window + 1;
      m = x[mi]!;
      for (let j = mi + 1; j <= i; j++) {
        if (x[j]! >= m) {
          m = x[j]!;
          mi = j;
        }
      }
    }
    out[i] = i + 1 >= window ? m : NaN;
  }
  return out;
}

/** Rolling minimum (pandas `rolling(window).min()`); as {@link rollingMax}. Uses bars ≤ t only. */
export function rollingMin(x: Float64Array, window: number, out: Float64Array = new Float64Array(x.length)): Float64Array {
  const n = x.length;
  let m = Infinity;
  let mi = -1;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (v <= m) {
      m = v;
      mi = i;
    } else if (mi <= i - window) {
      mi = i - window + 1;
      m = x[mi]!;
      for (let j = mi + 1; j <= i; j++) {
        if (x[j]! <= m) {
          m = x[j]!;
          mi = j;
        }
      }
    }
    out[i] = i + 1 >= window ? m : NaN;
  }
  return out;
}

/**
 * Rolling standard deviation with `ddof` (0 = population, pandas `rolling(w).std(ddof=0)`):
 * NaN for the first `window − 1` bars. The mean comes from a running sum and the squared
 * deviations are summed over the window each bar (O(window), no cancellation). Uses bars ≤ t only.
 */
export function rollingStd(
  x: Float64Array,
  window: number,
  ddof = 0,
  out: Float64Array = new Float64Array(x.length),
): Float64Array {
  const n = x.length;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += x[i]!;
    if (i >= window) sum -= x[i - window]!;
    if (i + 1 < window) {
      out[i] = NaN;
      continue;
    }
    const m = sum / window;
    let ss = 0;
    for (let j = i + 1 - window; j <= i; j++) {
      const d = x[j]! - m;
      ss += d * d;
    }
    out[i] = Math.sqrt(ss / (window - ddof));
  }
  return out;
}

/** Rolling maximum over a slice (reference helper). */
export function maxOf(x: ArrayLike<number>, from: number, to: number): number {
  let m = -Infinity;
  for (let i = from; i < to; i++) m = Math.max(m, x[i]!);
  return m;
}

/** Rolling minimum over a slice (reference helper). */
export function minOf(x: ArrayLike<number>, from: number, to: number): number {
  let m = Infinity;
  for (let i = from; i < to; i++) m = Math.min(m, x[i]!);
  return m;
}

/** Standard deviation of x[from..to) with `ddof` (reference helper, two-pass). */
export function stdOf(x: ArrayLike<number>, from: number, to: number, ddof = 0): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i]!;
  const m = s / (to - from);
  let ss = 0;
  for (let i = from; i < to; i++) ss += (x[i]! - m) ** 2;
  return Math.sqrt(ss / (to - from - ddof));
}

/** Applies `f(from, to)` to every full window [t − window + 1, t] (reference helper); NaN before. */
export function rollingReference(n: number, window: number, f: (from: number, to: number) => number): number[] {
  const res: number[] = [];
  for (let t = 0; t < n; t++) res.push(t + 1 < window ? NaN : f(t + 1 - window, t + 1));
  return res;
}
