/**
 * The truncated standard normal on [a, b] in log space, as Optuna 3.1's
 * `samplers/_tpe/_truncnorm.py` (itself SciPy's `truncnorm`): log Φ, the log mass of an
 * interval, the log density and the quantile function. Everything works through log Φ of the
 * left tail so that intervals far out in either tail (|a|, |b| up to ~100 in TPE) keep their
 * precision.
 */
import { normCdf, normInv } from "../validation/normal";

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const LN_HALF = Math.log(0.5);

/** log Φ(a). For a < −20 the asymptotic series of Φ (SciPy's `log_ndtr`). */
export function logNdtr(a: number): number {
  if (a > 6) return -normCdf(-a); // log(1 − ε) ≈ −ε
  if (a > -20) return Math.log(normCdf(a));
  const logLhs = -0.5 * a * a - Math.log(-a) - LOG_SQRT_2PI;
  // Φ(a) ≈ φ(a)/(−a) · Σ_k (−1)^k (2k−1)!! / a^{2k}, summed until it stops changing
  let last = 0, rhs = 1, numerator = 1, denomFactor = 1, sign = 1;
  const denomCons = 1 / (a * a);
  for (let i = 1; Math.abs(last - rhs) > Number.EPSILON; i++) {
    last = rhs;
    sign = -sign;
    denomFactor *= denomCons;
    numerator *= 2 * i - 1;
    rhs += sign * numerator * denomFactor;
  }
  return logLhs + Math.log(rhs);
}

/** log(e^p − e^q) for p ≥ q. */
const logDiff = (p: number, q: number) => p + Math.log1p(-Math.exp(q - p));
/** log(e^p + e^q). */
function logSum(p: number, q: number): number {
  const m = Math.max(p, q);
  return m === -Infinity ? -Infinity : m + Math.log(Math.exp(p - m) + Math.exp(q - m));
}

/** log(Φ(b) − Φ(a)), the log mass of [a, b] under N(0, 1), for a ≤ b. */
export function logGaussMass(a: number, b: number): number {
  if (b <= 0) return logDiff(logNdtr(b), logNdtr(a));
  if (a > 0) return logDiff(logNdtr(-a), logNdtr(-b)); // the right tail through its mirror
  return Math.log1p(-normCdf(a) - normCdf(-b));
}

/**
 * Φ⁻¹(e^y), y ≤ 0. Through the upper tail's complement when e^y > ½; for e^y below ~1e-304
 * (x < −37) by bisection on log Φ over [−100, 100] as Optuna's `_ndtri_exp` does everywhere.
 */
export function ndtriExp(y: number): number {
  if (y > LN_HALF) return -normInv(-Math.expm1(y));
  if (y > -700) return normInv(Math.exp(y));
  let lo = -100, hi = 100, m = 0;
  for (let i = 0; i < 100; i++) {
    m = (lo + hi) / 2;
    if (logNdtr(m) < y) lo = m;
    else hi = m;
  }
  return m;
}

/** Quantile q ∈ [0, 1] of the standard normal truncated to [a, b] (a < b). */
export function truncnormPpf(q: number, a: number, b: number): number {
  if (q === 0) return a;
  if (q === 1) return b;
  let x: number;
  if (a < 0) x = ndtriExp(logSum(logNdtr(a), Math.log(q) + logGaussMass(a, b)));
  else x = -ndtriExp(logSum(logNdtr(-b), Math.log1p(-q) + logGaussMass(a, b)));
  // rounding can leave x a hair outside the support
  return Math.min(Math.max(x, a), b);
}

/**
 * log density at x of the standard normal truncated to [a, b]; −Infinity outside. `logMass`:
 * logGaussMass(a, b) when the caller has it already.
 */
export function truncnormLogPdf(x: number, a: number, b: number, logMass = logGaussMass(a, b)): number {
  if (x < a || x > b) return -Infinity;
  return -0.5 * x * x - LOG_SQRT_2PI - logMass;
}
