/**
 * Risk score of each prediction, in [0, 1] (higher = the model is less sure, relative to the
 * market's recent noise), returned by the predict endpoint beside the prediction.
 *
 * Volatility: σ_w[t] = sample standard deviation (ddof 1) of the last w one-bar log returns
 * ln(c[t]/c[t−1]) up to bar t (uses bars ≤ t only); NaN until w returns exist. Recent = 20
 * bars, long run = 252 bars (one trading year) by default.
 *
 * Regression with a quantile interval [lower, upper] of nominal coverage c (the difference of
 * its quantile levels, e.g. q0.1–q0.9 → 0.8) for an h-bar target:
 *   ratio = |upper − lower| / (2·z·σ_recent·√h),  z = Φ⁻¹((1 + c)/2),
 *   score = ratio / (1 + ratio).
 * The denominator is the width of the same-coverage interval of a random walk with the recent
 * volatility (√h scales one bar to the target's horizon), so ratio = 1 (score 0.5) means "as
 * uncertain as the market itself", and the score tends to 0 for a narrow interval and to 1 for
 * a wide one. Crossed quantiles are rearranged (sorted), hence |upper − lower|.
 *
 * Classifier with probabilities p₁ … p_K (each row normalised by its sum):
 *   u = −Σ p_k ln p_k / ln K   (normalised entropy, 0 = certain, 1 = uniform; uses the whole
 *                               distribution, unlike 1 − max p),
 *   v = σ_recent / σ_longrun   (the volatility regime, 1 = usual),
 *   score = 1 − (1 − u)^v.
 * The score equals u in a usual regime, rises toward 1 when recent volatility is above its
 * long-run level and falls toward 0 below it; u = 0 gives 0 and u = 1 gives 1 for any v > 0.
 *
 * Edge cases: a NaN or zero σ in a denominator (σ_recent for intervals, σ_longrun for
 * classifiers) gives NaN, and so does a probability row without a positive sum; σ_recent = 0
 * for a classifier gives v = 0 and score 0.
 */
import { logReturn } from "../features/returns";
import { rollingStd } from "../features/rolling";
import { normInv } from "../validation/normal";

export const RISK_WINDOWS = { recent: 20, longRun: 252 } as const;

/**
 * σ_w[t] of the one-bar log returns of `close` (see the module comment). Prices must be finite
 * and positive.
 */
export function logReturnVolatility(close: Float64Array, window: number, out = new Float64Array(close.length)): Float64Array {
  if (!Number.isInteger(window) || window < 2) throw new RangeError(`window must be an integer ≥ 2, got ${window}`);
  for (let i = 0; i < close.length; i++) {
    const c = close[i]!;
    if (!(c > 0 && c < Infinity)) throw new RangeError(`close[${i}] = ${c}: prices must be finite and positive`);
  }
  if (close.length === 0) return out;
  const r = logReturn(close);
  // returns start at bar 1; the rolling kernel needs finite input from its first element
  out[0] = NaN;
  rollingStd(r.subarray(1), window, 1, out.subarray(1));
  return out;
}

/** Risk score of quantile intervals (module comment); σ is the recent volatility per row. */
export function intervalRiskScore(
  lower: Float64Array,
  upper: Float64Array,
  recentVolatility: Float64Array,
  coverage: number,
  horizon = 1,
  out = new Float64Array(lower.length),
): Float64Array {
  const n = lower.length;
  if (upper.length !== n) throw new RangeError(`upper: length ${upper.length}, lower has ${n}`);
  if (recentVolatility.length !== n) throw new RangeError(`recentVolatility: length ${recentVolatility.length}, lower has ${n}`);
  if (!(coverage > 0 && coverage < 1)) throw new RangeError(`coverage must be in (0, 1), got ${coverage}`);
  if (!(horizon > 0)) throw new RangeError(`horizon must be positive, got ${horizon}`);
  const scale = 2 * normInv((1 + coverage) / 2) * Math.sqrt(horizon);
  for (let i = 0; i < n; i++) {
    const sigma = recentVolatility[i]!;
    const ratio = Math.abs(upper[i]! - lower[i]!) / (scale * sigma);
    out[i] = sigma > 0 ? ratio / (1 + ratio) : NaN;
  }
  return out;
}

/** Risk score of class probabilities (one column per class; module comment). */
export function classRiskScore(
  proba: readonly Float64Array[],
  recentVolatility: Float64Array,
  longRunVolatility: Float64Array,
  out = new Float64Array(recentVolatility.length),
): Float64Array {
  const K = proba.length;
  const n = recentVolatility.length;
  if (K < 2) throw new RangeError(`proba: need at least 2 class columns, got ${K}`);
  proba.forEach((p, k) => {
    if (p.length !== n) throw new RangeError(`proba[${k}]: length ${p.length}, recentVolatility has ${n}`);
  });
  if (longRunVolatility.length !== n) throw new RangeError(`longRunVolatility: length ${longRunVolatility.length}, recentVolatility has ${n}`);
  const lnK = Math.log(K);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let k = 0; k < K; k++) sum += proba[k]![i]!;
    if (!(sum > 0)) {
      out[i] = NaN;
      continue;
    }
    let h = 0;
    for (let k = 0; k < K; k++) {
      const p = proba[k]![i]! / sum;
      if (p > 0) h -= p * Math.log(p);
    }
    const u = Math.min(1, h / lnK);
    const longRun = longRunVolatility[i]!;
    const v = recentVolatility[i]! / longRun;
    out[i] = longRun > 0 && v >= 0 ? 1 - Math.pow(1 - u, v) : NaN;
  }
  return out;
}
