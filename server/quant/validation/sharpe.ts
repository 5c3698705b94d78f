/**
 * Sharpe-family kernels over a Float64Array of per-period returns (STYLE.md §6–7).
 *
 * Conventions (one definition each; the metric registry and the deflated Sharpe ratio use these):
 *  - Sharpe = mean(r − rf) / std(r − rf, ddof = 1) × √periodsPerYear. NaN when n < 2 or the
 *    standard deviation is 0 (a zero denominator is NaN, not ±Inf; vectorbt returns inf here,
 *    backtesting.py NaN). Pass periodsPerYear = 1 for the per-period (non-annualised) ratio.
 *  - Sortino = mean(r − rf) / DD × √periodsPerYear with the downside deviation
 *    DD = sqrt(Σ min(r − rf, 0)² / n) over ALL n periods (Sortino & Price 1994; empyrical's
 *    `downside_risk` with required return rf). NaN when n < 1 or DD = 0.
 *  - Skewness and kurtosis are the population (biased) moment ratios m3/m2^1.5 and m4/m2²
 *    (scipy.stats.skew / kurtosis(fisher=False) defaults); kurtosis is NOT excess (normal = 3),
 *    as in Bailey & López de Prado's PSR formula. NaN when n < 2 or m2 = 0.
 * NaN returns propagate (a NaN anywhere gives NaN).
 */

/** Arithmetic mean; NaN for an empty array. */
export function meanKernel(r: Float64Array): number {
  const n = r.length;
  if (n === 0) return NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += r[i]!;
  return s / n;
}

/** Standard deviation with `ddof` (two-pass); NaN when n − ddof ≤ 0. */
export function stdKernel(r: Float64Array, ddof = 1): number {
  const n = r.length;
  if (n - ddof <= 0) return NaN;
  const m = meanKernel(r);
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = r[i]! - m;
    v += d * d;
  }
  return Math.sqrt(v / (n - ddof));
}

/**
 * First and second moments of x = r − rf that the Sharpe family needs: n, mean(x), Σ(x − mean)²
 * (two-pass) and Σ min(x, 0)² (downside). Computed once, shared by Sharpe, volatility and Sortino.
 */
export interface ReturnMoments {
  n: number;
  mean: number;
  /** Σ (x − mean)² */
  ss: number;
  /** Σ min(x, 0)² */
  down2: number;
}

/** {@link ReturnMoments} of a return series. */
export function returnMomentsKernel(r: Float64Array, rf = 0): ReturnMoments {
  const n = r.length;
  let s = 0;
  let d2 = 0;
  for (let i = 0; i < n; i++) {
    const x = r[i]! - rf;
    s += x;
    // min(x, 0) without a branch (a random sign mispredicts half the time): (x − |x|)/2 is
    // exactly x for x < 0 and +0 otherwise, so the sum equals the branchy one bit for bit.
    const neg = (x - Math.abs(x)) * 0.5;
    d2 += neg * neg;
  }
  const mean = n > 0 ? s / n : NaN;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = r[i]! - rf - mean;
    ss += d * d;
  }
  return { n, mean, ss, down2: d2 };
}

/**
 * First pass shared by {@link equityReturnMoments} and {@link equityReturnMoments4}: the mean of
 * the excess simple returns and Σ min(x, 0)², in the same order as `returnMomentsKernel`.
 */
function equityFirstPass(equity: Float64Array, start: number, rf: number): { mean: number; down2: number } {
  const n = equity.length;
  let s = 0;
  let d2 = 0;
  let prev = start;
  for (let i = 0; i < n; i++) {
    const e = equity[i]!;
    const x = e / prev - 1 - rf;
    prev = e;
    s += x;
    const neg = (x - Math.abs(x)) * 0.5; // min(x, 0), branch-free (see returnMomentsKernel)
    d2 += neg * neg;
  }
  const mean = n > 0 ? s / n : NaN;
  return { mean, down2: d2 };
}

/**
 * {@link ReturnMoments} of the simple returns of an equity curve (r[t] = equity[t]/equity[t−1] − 1,
 * equity[−1] = start) without materialising the returns: the same operations in the same order
 * as `returnMomentsKernel(equityReturns(equity, start), rf)`, so the results are identical.
 */
export function equityReturnMoments(equity: Float64Array, start: number, rf = 0): ReturnMoments {
  const n = equity.length;
  const { mean, down2: d2 } = equityFirstPass(equity, start, rf);
  let ss = 0;
  let prev = start;
  for (let i = 0; i < n; i++) {
    const e = equity[i]!;
    const d = e / prev - 1 - rf - mean;
    prev = e;
    ss += d * d;
  }
  return { n, mean, ss, down2: d2 };
}

/** {@link ReturnMoments} plus the third and fourth central sums, for the PSR/DSR statistics. */
export interface ReturnMoments4 extends ReturnMoments {
  /** Σ (x − mean)³ */
  m3: number;
  /** Σ (x − mean)⁴ */
  m4: number;
}

/**
 * {@link equityReturnMoments} that also sums (x − mean)³ and (x − mean)⁴ in its second pass, so
 * one run's Sharpe, volatility, Sortino AND its skew/kurtosis for the PSR come from the same two
 * passes (`equitySharpeStats` repeats them otherwise). Same operations in the same order as both,
 * so every shared field is bit for bit theirs (tested).
 */
export function equityReturnMoments4(equity: Float64Array, start: number, rf = 0): ReturnMoments4 {
  const { mean, down2: d2 } = equityFirstPass(equity, start, rf);
  return equityCentralSums(equity, start, rf, mean, d2);
}

/**
 * The second pass of {@link equityReturnMoments4}: Σ(x − mean)², Σ(x − mean)³, Σ(x − mean)⁴ of
 * x = equity[t]/equity[t−1] − 1 − rf, given the first pass's mean and Σ min(x, 0)².
 */
export function equityCentralSums(equity: Float64Array, start: number, rf: number, mean: number, down2: number): ReturnMoments4 {
  const n = equity.length;
  let ss = 0;
  let m3 = 0;
  let m4 = 0;
  let prev = start;
  for (let i = 0; i < n; i++) {
    const e = equity[i]!;
    const d = e / prev - 1 - rf - mean;
    prev = e;
    const dd = d * d;
    ss += dd;
    m3 += dd * d;
    m4 += dd * dd;
  }
  return { n, mean, ss, down2, m3, m4 };
}

/** std(x, ddof = 1) × √periodsPerYear; NaN when n < 2. */
export function volatilityFromMoments(m: ReturnMoments, periodsPerYear = 1): number {
  return m.n < 2 ? NaN : Math.sqrt(m.ss / (m.n - 1)) * Math.sqrt(periodsPerYear);
}

/** mean(x) / std(x, ddof = 1) × √periodsPerYear; NaN when n < 2 or std = 0. */
export function sharpeFromMoments(m: ReturnMoments, periodsPerYear = 1): number {
  if (m.n < 2) return NaN;
  const sd = Math.sqrt(m.ss / (m.n - 1));
  return sd > 0 ? (m.mean / sd) * Math.sqrt(periodsPerYear) : sd === 0 ? NaN : sd;
}

/** mean(x) / sqrt(Σ min(x, 0)² / n) × √periodsPerYear; NaN when n < 1 or no x < 0. */
export function sortinoFromMoments(m: ReturnMoments, periodsPerYear = 1): number {
  if (m.n < 1) return NaN;
  const dd = Math.sqrt(m.down2 / m.n);
  return dd > 0 ? (m.mean / dd) * Math.sqrt(periodsPerYear) : NaN;
}

/** Sharpe ratio (see module doc). `rf` is the risk-free return per period. */
export function sharpeKernel(r: Float64Array, rf = 0, periodsPerYear = 1): number {
  return sharpeFromMoments(returnMomentsKernel(r, rf), periodsPerYear);
}

/** Sortino ratio (see module doc). */
export function sortinoKernel(r: Float64Array, rf = 0, periodsPerYear = 1): number {
  return sortinoFromMoments(returnMomentsKernel(r, rf), periodsPerYear);
}

/** Population skewness m3 / m2^1.5 and kurtosis m4 / m2² (not excess). NaN when n < 2 or m2 = 0. */
export function momentsKernel(r: Float64Array): { mean: number; skew: number; kurtosis: number } {
  const n = r.length;
  const m = meanKernel(r);
  if (n < 2) return { mean: m, skew: NaN, kurtosis: NaN };
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = r[i]! - m;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  if (!(m2 > 0)) return { mean: m, skew: NaN, kurtosis: NaN };
  return { mean: m, skew: m3 / Math.pow(m2, 1.5), kurtosis: m4 / (m2 * m2) };
}

/** Simple returns of an equity curve: r[t] = equity[t] / equity[t−1] − 1, equity[−1] = start. */
export function equityReturns(
  equity: Float64Array,
  start: number,
  out: Float64Array = new Float64Array(equity.length),
): Float64Array {
  let prev = start;
  for (let t = 0; t < equity.length; t++) {
    const e = equity[t]!;
    out[t] = e / prev - 1;
    prev = e;
  }
  return out;
}

/** Reference Sharpe over a plain array (readable, for tests). */
export function sharpeReference(r: number[], rf = 0, periodsPerYear = 1): number {
  if (r.length < 2) return NaN;
  const x = r.map((v) => v - rf);
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  const sd = Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1));
  return sd === 0 ? NaN : (m / sd) * Math.sqrt(periodsPerYear);
}
