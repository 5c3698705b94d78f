/**
 * Historical value at risk and expected shortfall of the per-period equity returns
 * (r[t] = equity[t] / equity[t−1] − 1, equity[−1] = start cash, as every metric uses).
 *
 * Conventions (one definition, used by the metric registry):
 *  - Level 95% ⇒ tail probability p = 1 − 0.95 = 0.05.
 *  - q = the p-quantile of the n returns with linear interpolation between order statistics
 *    (numpy's default `np.quantile(r, p)`, Hyndman & Fan type 7): h = (n − 1)·p, i = ⌊h⌋,
 *    q = x₍ᵢ₎ + (h − i)·(x₍ᵢ₊₁₎ − x₍ᵢ₎) with x sorted ascending (0-based).
 *  - VaR = −q: the loss (as a positive fraction of equity) not exceeded in 95% of periods.
 *  - ES  = −mean{ r[t] : r[t] ≤ q }: the average loss in the periods at or beyond the VaR
 *    (empyrical's `conditional_value_at_risk`: `returns[returns <= np.percentile(returns, 5)].mean()`).
 *  - Both are POSITIVE for losses; they are negative when even the worst 5% of periods gained.
 *    ES ≥ VaR always. Not annualised (one period's loss).
 *  - Edge cases: NaN with no returns or when any return is NaN (e.g. an equity of 0 followed by 0).
 *    One return: VaR = ES = −r[0].
 *
 * The kernel finds the two order statistics without sorting the n returns: a strided sample
 * brackets the target rank, one pass counts and sums the returns below the bracket and copies
 * those inside it (≈ 2% of n for n = 10⁶), and a quickselect on that copy finishes. If the
 * bracket misses the rank (possible only for adversarial orderings) it repeats the pass with an
 * unbounded bracket. The result equals the sort-based {@link tailRiskReference} exactly (the
 * same interpolation formula on the same two order statistics; the ES sum may differ in the last
 * bits because it adds in another order).
 */

import { equityCentralSums, type ReturnMoments4 } from "../validation/sharpe";

export interface TailRisk {
  /** Value at risk (positive = loss), per period. */
  var: number;
  /** Expected shortfall / CVaR (positive = loss), per period. */
  es: number;
}

/** Smallest-first quickselect: moves the k-th smallest of a[lo..hi] to a[k], smaller ones before. */
function selectKth(a: Float64Array, k: number, lo: number, hi: number): void {
  while (hi > lo) {
    // median of three as pivot
    const mid = (lo + hi) >> 1;
    let x = a[lo]!;
    let y = a[mid]!;
    let z = a[hi]!;
    if (x > y) [x, y] = [y, x];
    if (y > z) [y, z] = [z, y];
    if (x > y) y = x;
    const pivot = y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function minOf(a: Float64Array, lo: number, hi: number): number {
  let m = Infinity;
  for (let i = lo; i < hi; i++) if (a[i]! < m) m = a[i]!;
  return m;
}

/** Return at bar i of an equity curve started at `start`. */
const ret = (equity: Float64Array, start: number, i: number) => equity[i]! / (i > 0 ? equity[i - 1]! : start) - 1;

/** Bracket [lo, hi] (bracket[0], bracket[1]) around the rank-⌊(n−1)p⌋ return, from a strided sample. */
function tailBracket(equity: Float64Array, start: number, p: number, bracket: Float64Array): void {
  const n = equity.length;
  bracket[0] = -Infinity;
  bracket[1] = Infinity;
  if (n <= 4096) return;
  const s = Math.min(n, Math.max(2048, Math.round(16 * Math.sqrt(n))));
  const sample = new Float64Array(s);
  for (let j = 0; j < s; j++) sample[j] = ret(equity, start, Math.floor((j * n) / s));
  const mid = p * (s - 1);
  const margin = 5 * Math.sqrt(s * p * (1 - p)) + 2;
  const a = Math.floor(mid - margin);
  const b = Math.ceil(mid + margin) + 1;
  if (a >= 0) {
    selectKth(sample, a, 0, s - 1);
    bracket[0] = sample[a]!;
  }
  if (b < s) {
    selectKth(sample, b, a >= 0 ? a : 0, s - 1);
    bracket[1] = sample[b]!;
  }
}

const capFor = (n: number, lo: number, hi: number) =>
  Math.min(n, lo === -Infinity && hi === Infinity ? n : Math.max(1024, Math.ceil(n * 0.05)));

/**
 * From one pass's tallies (returns below the bracket: count and sum; inside it: copied to `buf`,
 * `m` of them), VaR and ES; null when the bracket missed the ranks (the caller redoes the pass
 * with an unbounded bracket).
 */
function tailFinish(n: number, p: number, buf: Float64Array, m: number, below: number, sumBelow: number): TailRisk | null {
  const h = (n - 1) * p;
  const k = Math.floor(h);
  const frac = h - k;
  const need = k + 1 < n ? k + 1 : k; // the highest 0-based rank the interpolation reads
  if (m > buf.length || below > k || need >= below + m) return null;
  const kk = k - below;
  selectKth(buf, kk, 0, m - 1);
  const xk = buf[kk]!;
  const q = frac > 0 ? xk + frac * (minOf(buf, kk + 1, m) - xk) : xk;
  let sum = sumBelow;
  let cnt = below;
  for (let j = 0; j < m; j++) {
    const v = buf[j]!;
    if (v <= q) {
      sum += v;
      cnt++;
    }
  }
  return { var: -q, es: -(sum / cnt) };
}

/**
 * Historical VaR and ES at `level` (default 0.95) of the equity curve's per-period returns.
 * Allocates only the sample and the bracket copy (O(√n) and ≤ 5% of n). Uses every bar (a
 * whole-run statistic).
 */
export function tailRiskKernel(equity: Float64Array, start: number, level = 0.95): TailRisk {
  const n = equity.length;
  const p = 1 - level;
  if (n === 0 || !(p >= 0 && p <= 1)) return { var: NaN, es: NaN };
  const br = new Float64Array(2);
  tailBracket(equity, start, p, br);
  for (let attempt = 0; attempt < 2; attempt++) {
    const lo = br[0]!;
    const hi = br[1]!;
    const cap = capFor(n, lo, hi);
    const buf = new Float64Array(cap);
    let below = 0;
    let sumBelow = 0;
    let m = 0;
    let nan = false;
    let prev = start;
    for (let i = 0; i < n; i++) {
      const e = equity[i]!;
      const r = e / prev - 1;
      prev = e;
      if (r < lo) {
        below++;
        sumBelow += r;
      } else if (r <= hi) {
        if (m < cap) buf[m] = r;
        m++;
      } else if (r !== r) nan = true;
    }
    if (nan) return { var: NaN, es: NaN };
    const res = tailFinish(n, p, buf, m, below, sumBelow);
    if (res) return res;
    br[0] = -Infinity; // the bracket missed: once more, keeping every return
    br[1] = Infinity;
  }
  /* c8 ignore next */
  return { var: NaN, es: NaN };
}

/**
 * {@link equityReturnMoments4} and {@link tailRiskKernel} of one equity curve with their first
 * passes fused (one division per bar instead of two): r = e/prev − 1 feeds the tail tallies and
 * x = r − rf the moments, the same operations as each kernel alone, so both results are bit for
 * bit theirs (tested). What the metric context calls once per run.
 */
export function equityMomentsAndTail(
  equity: Float64Array,
  start: number,
  rf: number,
  level = 0.95,
): { moments: ReturnMoments4; tail: TailRisk } {
  const n = equity.length;
  const p = 1 - level;
  const br = new Float64Array(2);
  if (n > 0) tailBracket(equity, start, p, br);
  const lo = br[0]!;
  const hi = br[1]!;
  const cap = capFor(n, lo, hi);
  const buf = new Float64Array(cap);
  let below = 0;
  let sumBelow = 0;
  let m = 0;
  let nan = false;
  let s = 0;
  let d2 = 0;
  let prev = start;
  for (let i = 0; i < n; i++) {
    const e = equity[i]!;
    const r = e / prev - 1;
    prev = e;
    const x = r - rf;
    s += x;
    const neg = (x - Math.abs(x)) * 0.5; // min(x, 0), branch-free (see returnMomentsKernel)
    d2 += neg * neg;
    if (r < lo) {
      below++;
      sumBelow += r;
    } else if (r <= hi) {
      if (m < cap) buf[m] = r;
      m++;
    } else if (r !== r) nan = true;
  }
  const mean = n > 0 ? s / n : NaN;
  const moments = equityCentralSums(equity, start, rf, mean, d2);
  let tail: TailRisk | null;
  if (n === 0 || nan || !(p >= 0 && p <= 1)) tail = { var: NaN, es: NaN };
  else tail = tailFinish(n, p, buf, m, below, sumBelow) ?? tailRiskKernel(equity, start, level);
  return { moments, tail };
}

/** Readable reference: sort the returns, interpolate (numpy linear), average the tail. */
export function tailRiskReference(returns: number[], level = 0.95): TailRisk {
  if (returns.length === 0 || returns.some((r) => Number.isNaN(r))) return { var: NaN, es: NaN };
  const x = [...returns].sort((a, b) => a - b);
  const h = (x.length - 1) * (1 - level);
  const i = Math.floor(h);
  const q = h > i ? x[i]! + (h - i) * (x[i + 1]! - x[i]!) : x[i]!;
  const tail = x.filter((r) => r <= q);
  return { var: -q, es: -(tail.reduce((a, b) => a + b, 0) / tail.length) };
}
