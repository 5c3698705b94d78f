/**
 * Quantile binning for the histogram GBDT (gbdt.ts).
 *
 * Each feature gets at most `maxBins − 1` (default 254) finite bins plus one NaN bin:
 * - bin codes 0..nBins−1 hold finite values; code `NAN_BIN` (255) holds NaN.
 * - `edges[k]` (k < nBins − 1) is the upper edge of bin k: a value x is in bin k when
 *   fround(x) ≤ edges[k] and fround(x) > edges[k − 1]. The last finite bin has no upper edge.
 * - Edges are float32 values (Math.fround), and values are compared as float32. A split
 *   "bin ≤ k" is therefore exactly "float32(x) ≤ edges[k]", the comparison ONNX's
 *   TreeEnsemble BRANCH_LEQ makes on a float input: native and ONNX always take the same branch,
 *   also for rows exactly at a threshold.
 * - An edge is the float32 midpoint of two neighbouring distinct float32 values (left value if
 *   the midpoint rounds up onto the right one). With ≤ maxBins − 1 distinct values every value
 *   gets its own bin; otherwise edges sit at quantiles of the (sub)sampled distinct values,
 *   weighted by their counts.
 * ±Infinity are ordinary values (−∞ lands in bin 0, +∞ in the last bin).
 */
import { SeededRandom } from "../data/random";

export const NAN_BIN = 255;
export const MAX_BINS = 256; // histogram slots per feature (codes 0..255)

export interface FeatureBins {
  /** Upper edges (float32 values), ascending; nBins − 1 of them. */
  edges: Float64Array;
}

/** Bin edges of one column. `maxBins` counts finite bins + the NaN bin (≤ 256, default 255). */
export function fitFeatureBins(col: Float64Array, maxBins = 255, sampleRows = 200_000, seed = 0): Float64Array {
  if (maxBins < 2 || maxBins > 256) throw new RangeError("maxBins must be in 2..256");
  const maxFinite = maxBins - 1;
  const n = col.length;
  let vals: Float32Array;
  if (n > sampleRows) {
    const rng = new SeededRandom(seed);
    vals = new Float32Array(sampleRows);
    for (let i = 0; i < sampleRows; i++) vals[i] = col[rng.int(n)]!;
  } else {
    vals = new Float32Array(col);
  }
  vals.sort(); // NaN last
  let m = vals.length;
  while (m > 0 && Number.isNaN(vals[m - 1]!)) m--;
  if (m === 0) return new Float64Array(0);
  // distinct values and counts
  const uniq = new Float64Array(m);
  const cnt = new Float64Array(m);
  let u = 0;
  for (let i = 0; i < m; i++) {
    const v = vals[i]!;
    if (u > 0 && uniq[u - 1] === v) cnt[u - 1]!++;
    else {
      uniq[u] = v;
      cnt[u] = 1;
      u++;
    }
  }
  const edges: number[] = [];
  const edgeBetween = (a: number, b: number) => {
    const mid = Math.fround(a + (b - a) / 2);
    return mid < b && mid >= a ? mid : a;
  };
  if (u <= maxFinite) {
    for (let k = 0; k + 1 < u; k++) edges.push(edgeBetween(uniq[k]!, uniq[k + 1]!));
  } else {
    // cut after the distinct value where the cumulative count crosses q·m, q = 1/maxFinite...
    let cum = 0;
    let next = 1;
    for (let k = 0; k + 1 < u && next < maxFinite; k++) {
      cum += cnt[k]!;
      if (cum >= (next * m) / maxFinite) {
        edges.push(edgeBetween(uniq[k]!, uniq[k + 1]!));
        while (next < maxFinite && cum >= (next * m) / maxFinite) next++;
      }
    }
  }
  return Float64Array.from(edges);
}

/** Bin code of one value given a feature's edges (binary search; NaN → NAN_BIN). */
export function binValue(x: number, edges: Float64Array): number {
  if (Number.isNaN(x)) return NAN_BIN;
  const v = Math.fround(x);
  let lo = 0;
  let hi = edges.length; // answer in [0, edges.length]
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v <= edges[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Row-major bin codes: `out[i * F + j]` is the code of X[j][i]. One Uint8Array of n·F bytes,
 * so a histogram pass reads each row's codes contiguously.
 */
export function binColumnsRowMajor(X: readonly Float64Array[], edges: readonly Float64Array[], out?: Uint8Array): Uint8Array {
  const F = X.length;
  const n = F === 0 ? 0 : X[0]!.length;
  const codes = out ?? new Uint8Array(n * F);
  for (let j = 0; j < F; j++) {
    const c = X[j]!;
    const e = edges[j]!;
    for (let i = 0; i < n; i++) codes[i * F + j] = binValue(c[i]!, e);
  }
  return codes;
}

/** Reference for binValue: count of edges strictly below float32(x) (linear scan). */
export function binValueReference(x: number, edges: ArrayLike<number>): number {
  if (Number.isNaN(x)) return NAN_BIN;
  const v = Math.fround(x);
  let k = 0;
  while (k < edges.length && v > edges[k]!) k++;
  return k;
}
