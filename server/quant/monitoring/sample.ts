/**
 * Thinning a sample to a bounded size without favouring either end: what the prediction log
 * keeps of a large request, what a drift reference keeps of a long training window, and what a
 * chart keeps of a long series.
 */

/**
 * `min(n, max)` row indices spread evenly over 0 … n − 1: every row when n ≤ max, else
 * ⌊i·n / max⌋ for i = 0 … max − 1 (ascending, distinct, the first row always included).
 */
export function evenlySpaced(n: number, max: number): Int32Array {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be an integer ≥ 0, got ${n}`);
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`max must be an integer ≥ 1, got ${max}`);
  const k = Math.min(n, max);
  const out = new Int32Array(k);
  for (let i = 0; i < k; i++) out[i] = n <= max ? i : Math.floor((i * n) / max);
  return out;
}
