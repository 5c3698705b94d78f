/**
 * Data drift of one feature between a reference sample (the model's training window) and a
 * current sample (recent serving inputs), and of a whole feature set (Evidently's data drift
 * preset, with the statistics defined once here).
 *
 * Missing values: values that are not finite (NaN, ±Inf) are ignored by every statistic and
 * counted (`referenceMissing`, `currentMissing`). A side with no finite value gives NaN
 * statistics.
 *
 * Statistics (x = reference, y = current):
 * - PSI over 10 quantile bins fitted on the reference: the bin edges are the reference deciles
 *   q(0.1) … q(0.9) (numpy's default linear interpolation, Hyndman & Fan type 7); equal edges
 *   (ties in the reference) are kept once, so a tied sample has fewer bins; bins are
 *   right-closed, (−∞, e₁], (e₁, e₂], …, (e_k, +∞), so current values outside the reference
 *   range land in the outer bins (pd.cut's convention; np.histogram would drop them).
 *   PSI = Σ (a − e)·ln(a / e) over bins, with e, a the reference and current shares, each
 *   floored at ε = 1e-4 (the usual practice: an empty bin would otherwise give ∞; the shares are
 *   not renormalised after flooring). Levels, boundaries inclusive on the upper side:
 *   PSI < 0.1 "ok", 0.1 ≤ PSI < 0.25 "warn", PSI ≥ 0.25 "alert".
 * - KS: the two-sample Kolmogorov–Smirnov statistic D = sup_t |F_x(t) − F_y(t)| (scipy
 *   ks_2samp's statistic) and its asymptotic p-value from the limiting Kolmogorov distribution,
 *   p = Q_KS(√(n·m/(n+m))·D) with Q_KS(λ) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²} (R's
 *   ks.test(exact = FALSE); scipy.stats.kstwobign.sf). scipy's ks_2samp(method="asymp")
 *   instead uses kstwo.sf(D, round(n·m/(n+m))), a finite-n distribution whose p-values are
 *   slightly smaller for small samples; both converge as n, m grow. The p-value assumes
 *   independent rows.
 * - Wasserstein / σ: the 1-D Wasserstein (earth mover's) distance ∫ |F_x − F_y| dt between the
 *   empirical distributions (scipy.stats.wasserstein_distance) divided by the reference's
 *   population standard deviation (ddof 0, as Evidently's normed Wasserstein). NaN when that σ
 *   is 0.
 * - Jensen–Shannon DISTANCE (not divergence), natural log (scipy.spatial.distance.jensenshannon
 *   defaults): √((KL(P‖M) + KL(Q‖M)) / 2), M = (P + Q)/2, over the PSI bins with the raw shares
 *   (no ε: 0·ln 0 = 0). Range [0, √ln 2 ≈ 0.8326].
 *
 * Drift rule: a feature is drifted when its PSI level is "alert" (PSI ≥ 0.25). KS is reported
 * but does not decide: its p-value assumes independent rows, and features over overlapping
 * windows (moving averages, RSI, multi-bar returns) are strongly autocorrelated, so over
 * hundreds of bars p falls below 0.05 for shifts of no practical size; PSI does not depend on the
 * sample sizes. The data set has drifted when the share of drifted features is ≥ 0.5 (over the
 * features with finite values on both sides).
 */
import type { Columns } from "../models/estimator";
import { stdKernel } from "../validation/sharpe";

/** Number of quantile bins of the PSI and Jensen–Shannon statistics. */
export const DRIFT_BINS = 10;
/** Floor of the bin shares in the PSI (an empty bin would give ln 0). */
export const PSI_EPSILON = 1e-4;
/** PSI levels: < warn "ok", [warn, alert) "warn", ≥ alert "alert". */
export const PSI_LEVELS = { warn: 0.1, alert: 0.25 } as const;
/** Share of drifted features at or above which the data set has drifted. */
export const DATASET_DRIFT_SHARE = 0.5;

export type DriftLevel = "ok" | "warn" | "alert";

/** The level of a PSI value; null for NaN (no finite values on a side), never a silent "ok". */
export function psiLevel(psi: number): DriftLevel | null {
  if (Number.isNaN(psi)) return null;
  if (psi >= PSI_LEVELS.alert) return "alert";
  if (psi >= PSI_LEVELS.warn) return "warn";
  return "ok";
}

// ------------------------------------------------------------------ samples

/** The finite values of x, sorted ascending (a fresh array). */
export function sortedFinite(x: Float64Array): Float64Array {
  let m = 0;
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i]!)) m++;
  const out = new Float64Array(m);
  let k = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (Number.isFinite(v)) out[k++] = v;
  }
  return out.sort();
}

/** The p-quantile of an ascending sample (linear interpolation, numpy's default); NaN when empty. */
export function sortedQuantile(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const i = Math.floor(h);
  if (i + 1 >= n) return sorted[n - 1]!;
  return sorted[i]! + (h - i) * (sorted[i + 1]! - sorted[i]!);
}

// ------------------------------------------------------------------ binned statistics

/**
 * Inner edges of `nBins` quantile bins of an ascending reference sample: the quantiles
 * q(k/nBins), k = 1 … nBins − 1, each equal edge kept once (so ≤ nBins − 1 edges). Empty for an
 * empty sample (one bin holding everything).
 */
export function quantileBinEdges(sortedReference: Float64Array, nBins = DRIFT_BINS): Float64Array {
  if (!Number.isInteger(nBins) || nBins < 2) throw new RangeError(`nBins must be an integer ≥ 2, got ${nBins}`);
  if (sortedReference.length === 0) return new Float64Array(0);
  const edges = new Float64Array(nBins - 1);
  let k = 0;
  for (let b = 1; b < nBins; b++) {
    const q = sortedQuantile(sortedReference, b / nBins);
    if (k === 0 || q > edges[k - 1]!) edges[k++] = q;
  }
  return edges.slice(0, k);
}

/**
 * Share of the values of an ascending sample in each right-closed bin (−∞, e₁], (e₁, e₂], …,
 * (e_k, +∞): edges.length + 1 shares summing to 1 (all 0 for an empty sample).
 */
export function binShares(sorted: Float64Array, edges: Float64Array, out = new Float64Array(edges.length + 1)): Float64Array {
  const n = sorted.length;
  let prev = 0;
  for (let b = 0; b < edges.length; b++) {
    // values ≤ edge b: the first index with value > edge b
    let lo = prev, hi = n;
    const e = edges[b]!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! <= e) lo = mid + 1;
      else hi = mid;
    }
    out[b] = n > 0 ? (lo - prev) / n : 0;
    prev = lo;
  }
  out[edges.length] = n > 0 ? (n - prev) / n : 0;
  return out;
}

/** Σ (a − e)·ln(a/e) over bins, shares floored at `eps` (see the module comment). */
export function psiFromShares(expected: Float64Array, actual: Float64Array, eps = PSI_EPSILON): number {
  if (expected.length !== actual.length) throw new RangeError(`PSI: ${expected.length} expected shares vs ${actual.length} actual`);
  let s = 0;
  for (let b = 0; b < expected.length; b++) {
    const e = Math.max(expected[b]!, eps), a = Math.max(actual[b]!, eps);
    s += (a - e) * Math.log(a / e);
  }
  return s;
}

/** Jensen–Shannon distance (natural log) of two share vectors; each is normalised by its sum. */
export function jensenShannonFromShares(p: Float64Array, q: Float64Array): number {
  if (p.length !== q.length) throw new RangeError(`Jensen–Shannon: ${p.length} vs ${q.length} shares`);
  let sp = 0, sq = 0;
  for (let b = 0; b < p.length; b++) {
    sp += p[b]!;
    sq += q[b]!;
  }
  if (!(sp > 0 && sq > 0)) return NaN;
  let js = 0;
  for (let b = 0; b < p.length; b++) {
    const pb = p[b]! / sp, qb = q[b]! / sq, m = (pb + qb) / 2;
    if (pb > 0) js += pb * Math.log(pb / m);
    if (qb > 0) js += qb * Math.log(qb / m);
  }
  return Math.sqrt(Math.max(0, js / 2));
}

// ------------------------------------------------------------------ distribution distances

/** Two-sample KS statistic sup |F_x − F_y| of two ascending samples; NaN when either is empty. */
export function ksStatisticSorted(x: Float64Array, y: Float64Array): number {
  const n = x.length, m = y.length;
  if (n === 0 || m === 0) return NaN;
  let i = 0, j = 0, d = 0;
  while (i < n && j < m) {
    const v = Math.min(x[i]!, y[j]!);
    while (i < n && x[i] === v) i++;
    while (j < m && y[j] === v) j++;
    const diff = Math.abs(i / n - j / m);
    if (diff > d) d = diff;
  }
  // once one sample is exhausted the gap only narrows
  return d;
}

/**
 * Survival function of the limiting Kolmogorov distribution, Q_KS(λ) = P(K > λ)
 * (scipy.stats.kstwobign.sf). λ ≥ 1: the alternating series 2 Σ (−1)^{k−1} e^{−2k²λ²};
 * λ < 1: 1 − √(2π)/λ · Σ e^{−(2k−1)²π²/(8λ²)} (the theta-function form, which converges fast
 * where the first does not). Absolute error < 1e-15.
 */
export function kolmogorovSf(lambda: number): number {
  if (Number.isNaN(lambda)) return NaN;
  if (lambda <= 0) return 1;
  if (lambda < 1) {
    const c = (Math.PI * Math.PI) / (8 * lambda * lambda);
    let s = 0;
    for (let k = 1; k <= 20; k++) {
      const t = Math.exp(-(2 * k - 1) * (2 * k - 1) * c);
      s += t;
      if (t < 1e-17 * s) break;
    }
    return 1 - (Math.sqrt(2 * Math.PI) / lambda) * s;
  }
  let s = 0;
  for (let k = 1; k <= 100; k++) {
    const t = Math.exp(-2 * k * k * lambda * lambda);
    s += k % 2 === 1 ? t : -t;
    if (t < 1e-17) break;
  }
  return Math.min(1, Math.max(0, 2 * s));
}

/** Asymptotic two-sided p-value of a two-sample KS statistic D for sample sizes n, m. */
export function ksPValue(d: number, n: number, m: number): number {
  if (Number.isNaN(d) || n === 0 || m === 0) return NaN;
  return kolmogorovSf(Math.sqrt((n * m) / (n + m)) * d);
}

/**
 * 1-D Wasserstein distance ∫ |F_x(t) − F_y(t)| dt of two ascending samples (the area between
 * their empirical CDFs; scipy.stats.wasserstein_distance without weights). NaN when either is empty.
 */
export function wassersteinSorted(x: Float64Array, y: Float64Array): number {
  const n = x.length, m = y.length;
  if (n === 0 || m === 0) return NaN;
  let i = 0, j = 0, w = 0;
  let prev = Math.min(x[0]!, y[0]!);
  while (i < n || j < m) {
    const v = j >= m || (i < n && x[i]! <= y[j]!) ? x[i]! : y[j]!;
    // F_x and F_y are constant on [prev, v): i/n and j/m
    w += Math.abs(i / n - j / m) * (v - prev);
    while (i < n && x[i] === v) i++;
    while (j < m && y[j] === v) j++;
    prev = v;
  }
  return w;
}

// ------------------------------------------------------------------ one feature, a feature set

export interface FeatureDrift {
  name: string;
  psi: number;
  /** null when the PSI is NaN (a side without finite values). */
  psiLevel: DriftLevel | null;
  ks: number;
  ksPValue: number;
  wassersteinSigma: number;
  jensenShannon: number;
  /** psiLevel === "alert" (see the module comment). */
  drifted: boolean;
  referenceCount: number;
  currentCount: number;
  /** Non-finite values ignored. */
  referenceMissing: number;
  currentMissing: number;
}

/** Every drift statistic of one feature (see the module comment). */
export function driftOf(name: string, reference: Float64Array, current: Float64Array): FeatureDrift {
  const x = sortedFinite(reference), y = sortedFinite(current);
  const evaluated = x.length > 0 && y.length > 0;
  const edges = quantileBinEdges(x);
  const e = binShares(x, edges), a = binShares(y, edges);
  const psi = evaluated ? psiFromShares(e, a) : NaN;
  const ks = ksStatisticSorted(x, y);
  const sigma = stdKernel(x, 0);
  const level = psiLevel(psi);
  return {
    name,
    psi,
    psiLevel: level,
    ks,
    ksPValue: ksPValue(ks, x.length, y.length),
    wassersteinSigma: sigma > 0 ? wassersteinSorted(x, y) / sigma : NaN,
    jensenShannon: evaluated ? jensenShannonFromShares(e, a) : NaN,
    drifted: level === "alert",
    referenceCount: x.length,
    currentCount: y.length,
    referenceMissing: reference.length - x.length,
    currentMissing: current.length - y.length,
  };
}

export interface DatasetDrift {
  features: FeatureDrift[];
  /** Features with finite values on both sides. */
  evaluated: number;
  drifted: number;
  /** drifted / evaluated; NaN when nothing was evaluated. */
  driftedShare: number;
  /** driftedShare ≥ 0.5. */
  datasetDrift: boolean;
}

/**
 * Drift of each feature (column j of `reference` against column j of `current`, named
 * `names[j]`) and of the data set. Columns of one side may have any common length.
 */
export function featureDrift(reference: Columns, current: Columns, names: readonly string[]): DatasetDrift {
  if (reference.length !== names.length) throw new RangeError(`reference: ${reference.length} columns for ${names.length} names`);
  if (current.length !== names.length) throw new RangeError(`current: ${current.length} columns for ${names.length} names`);
  const features = names.map((name, j) => driftOf(name, reference[j]!, current[j]!));
  let evaluated = 0, drifted = 0;
  for (const f of features) {
    if (f.psiLevel === null) continue;
    evaluated++;
    if (f.drifted) drifted++;
  }
  const driftedShare = evaluated > 0 ? drifted / evaluated : NaN;
  return { features, evaluated, drifted, driftedShare, datasetDrift: driftedShare >= DATASET_DRIFT_SHARE };
}
