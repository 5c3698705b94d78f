/**
 * Probabilistic and deflated Sharpe ratios.
 *
 * Sources: D. H. Bailey & M. López de Prado, "The Sharpe Ratio Efficient Frontier", Journal of
 * Risk 15(2), 2012 (PSR, eq. for the SR standard error under non-normal returns, after Mertens
 * 2002); D. H. Bailey & M. López de Prado, "The Deflated Sharpe Ratio: Correcting for Selection
 * Bias, Backtest Overfitting and Non-Normality", Journal of Portfolio Management 40(5), 2014,
 * pp. 94–107 (DSR, eqs. 1–2; its numerical example is a test in deflated-sharpe.test.ts).
 *
 *   PSR(SR*) = Φ( (SR̂ − SR*) · √(T − 1) / √(1 − γ̂₃·SR̂ + (γ̂₄ − 1)/4 · SR̂²) )
 *   SR₀      = √V[{SR̂ₙ}] · ( (1 − γ)·Φ⁻¹(1 − 1/N) + γ·Φ⁻¹(1 − 1/(N·e)) ),  γ ≈ 0.5772 (Euler–Mascheroni)
 *   DSR      = PSR(SR₀)
 *
 * Units: every Sharpe ratio here is PER PERIOD (not annualised) and V is the variance of the
 * per-period Sharpe ratios of the N trials; divide an annualised Sharpe by √periodsPerYear and
 * its variance by periodsPerYear first ({@link deannualize}). T is the number of returns, γ̂₃ the
 * skewness and γ̂₄ the (non-excess) kurtosis of the selected strategy's returns (population
 * moments, see sharpe.ts). Edge cases: T < 2 or a non-positive variance term → NaN; N = 1 → SR₀ = 0
 * (no selection, DSR = PSR(0)); N < 1 or V < 0 → NaN.
 */
import { normCdf, normInv } from "./normal";
import { momentsKernel, sharpeKernel, type ReturnMoments4 } from "./sharpe";

export const EULER_GAMMA = 0.5772156649015329;

export interface SharpeStats {
  /** Per-period Sharpe ratio SR̂. */
  sharpe: number;
  /** Number of returns T. */
  n: number;
  /** Skewness γ̂₃ (0 for normal returns). */
  skew: number;
  /** Kurtosis γ̂₄, not excess (3 for normal returns). */
  kurtosis: number;
}

/** Standard error of the per-period SR̂: √((1 − γ₃·SR + (γ₄ − 1)/4·SR²) / (T − 1)). */
export function sharpeStandardError({ sharpe, n, skew, kurtosis }: SharpeStats): number {
  const v = 1 - skew * sharpe + ((kurtosis - 1) / 4) * sharpe * sharpe;
  if (!(n >= 2) || !(v > 0)) return NaN;
  return Math.sqrt(v / (n - 1));
}

/** PSR: probability that the true per-period Sharpe exceeds `benchmark` (per period). */
export function probabilisticSharpeRatio(stats: SharpeStats, benchmark = 0): number {
  const se = sharpeStandardError(stats);
  if (!(se > 0)) return NaN;
  return normCdf((stats.sharpe - benchmark) / se);
}

/**
 * SR₀: the expected maximum per-period Sharpe of `nTrials` independent trials whose true Sharpe
 * is 0, given the variance of their estimated Sharpes (false strategy theorem).
 */
export function expectedMaxSharpe(nTrials: number, trialSharpeVariance: number): number {
  if (!(nTrials >= 1) || !(trialSharpeVariance >= 0)) return NaN;
  if (nTrials === 1) return 0;
  return (
    Math.sqrt(trialSharpeVariance) *
    ((1 - EULER_GAMMA) * normInv(1 - 1 / nTrials) + EULER_GAMMA * normInv(1 - 1 / (nTrials * Math.E)))
  );
}

/** DSR = PSR(SR₀) for the selected strategy's stats, N trials and the trials' Sharpe variance. */
export function deflatedSharpeRatio(stats: SharpeStats, nTrials: number, trialSharpeVariance: number): number {
  return probabilisticSharpeRatio(stats, expectedMaxSharpe(nTrials, trialSharpeVariance));
}

/** Per-period stats of a return series (Sharpe without annualisation, population moments). */
export function sharpeStats(returns: Float64Array, riskFreePerPeriod = 0): SharpeStats {
  const m = momentsKernel(returns);
  return { sharpe: sharpeKernel(returns, riskFreePerPeriod, 1), n: returns.length, skew: m.skew, kurtosis: m.kurtosis };
}

/**
 * {@link sharpeStats} of the simple returns of an equity curve (r[t] = equity[t]/equity[t−1] − 1,
 * equity[−1] = start) in two passes, without materialising the returns.
 */
export function equitySharpeStats(equity: Float64Array, start: number, riskFreePerPeriod = 0): SharpeStats {
  const n = equity.length;
  const rf = riskFreePerPeriod;
  let s = 0;
  let prev = start;
  for (let i = 0; i < n; i++) {
    const e = equity[i]!;
    s += e / prev - 1 - rf;
    prev = e;
  }
  const mean = s / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  prev = start;
  for (let i = 0; i < n; i++) {
    const e = equity[i]!;
    const d = e / prev - 1 - rf - mean;
    prev = e;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  if (n < 2) return { sharpe: NaN, n, skew: NaN, kurtosis: NaN };
  const sd = Math.sqrt(m2 / (n - 1));
  const v = m2 / n;
  return {
    sharpe: sd > 0 ? mean / sd : NaN,
    n,
    skew: v > 0 ? m3 / n / Math.pow(v, 1.5) : NaN,
    kurtosis: v > 0 ? m4 / n / (v * v) : NaN,
  };
}

/** {@link equitySharpeStats} from moments already summed by `equityReturnMoments4` (bit for bit). */
export function sharpeStatsFromMoments({ n, mean, ss, m3, m4 }: ReturnMoments4): SharpeStats {
  if (n < 2) return { sharpe: NaN, n, skew: NaN, kurtosis: NaN };
  const sd = Math.sqrt(ss / (n - 1));
  const v = ss / n;
  return {
    sharpe: sd > 0 ? mean / sd : NaN,
    n,
    skew: v > 0 ? m3 / n / Math.pow(v, 1.5) : NaN,
    kurtosis: v > 0 ? m4 / n / (v * v) : NaN,
  };
}

/** Annualised Sharpe (and optionally its cross-trial variance) → per-period units. */
export function deannualize(annualSharpe: number, periodsPerYear: number, annualVariance?: number) {
  return {
    sharpe: annualSharpe / Math.sqrt(periodsPerYear),
    variance: annualVariance === undefined ? undefined : annualVariance / periodsPerYear,
  };
}

/**
 * Sample variance (ddof = 1) of the trials' Sharpe ratios, ignoring NaNs; NaN with fewer than
 * two finite values. Pass per-period Sharpes (or deannualize the result).
 */
export function trialSharpeVariance(sharpes: Float64Array): number {
  let n = 0;
  let s = 0;
  for (let i = 0; i < sharpes.length; i++) {
    const v = sharpes[i]!;
    if (v === v) {
      n++;
      s += v;
    }
  }
  if (n < 2) return NaN;
  const m = s / n;
  let q = 0;
  for (let i = 0; i < sharpes.length; i++) {
    const v = sharpes[i]!;
    if (v === v) q += (v - m) * (v - m);
  }
  return q / (n - 1);
}
