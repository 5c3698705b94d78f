/**
 * Univariate Parzen estimators of TPE (Optuna 3.1 `samplers/_tpe/parzen_estimator.py`,
 * `multivariate=False`, `consider_prior=True`): one mixture per parameter over the observed
 * values plus a prior component.
 *
 * Numeric parameters live in an internal "uniform" space: ln x for log parameters, x otherwise,
 * on [low, high] widened by half a step for discrete ones (int, float with step) and, for log
 * ints, [ln(low − ½), ln(high + ½)]. Each observation is a normal truncated to that range,
 * centred on it, with σ = the larger gap to its sorted neighbours (the range ends count as
 * neighbours, except that with `considerEndpoints = false` the extreme observations use their
 * inner gap alone), clipped to [range / min(100, 1 + n + 1), range] (`considerMagicClip`); the
 * prior is N(mid-range, range). Categorical parameters: each observation is a distribution over
 * the choices, priorWeight/(n+1) everywhere plus 1 on its own choice, renormalised; the prior is
 * uniform.
 *
 * Scores, exactly as Optuna 3.1 computes them (the peer of BENCHMARKS.md W5 runs 3.1):
 * - ints and stepped floats: the component's mass over the value's cell [x − step/2, x + step/2]
 *   clipped to the range, over its mass on the range (a probability);
 * - continuous floats and log params (log ints too, at ln of the rounded value): the truncated
 *   normal's log density at the standardised point, φ(z)/(Φ(b) − Φ(a)), without the 1/σ of a
 *   density in x. So a component counts in proportion to w·σ, not w: wider components weigh
 *   more. Optuna ≥ 3.5 adds the 1/σ (optuna#5109/#5110) and later scores log ints by their cell
 *   (#6258). Measured on W5 (seeds 0–9, 50 trials): median best RMSE 0.026176 with 3.1's scores,
 *   0.026231 with the 1/σ; on (x − 2)² with 40 trials optuna 3.1 itself does better without it
 *   (median 0.00084 vs 0.0022 over 20 seeds).
 */
import type { SeededRandom } from "../data/random";
import { snapToSupport, type CategoricalParam, type FloatParam, type IntParam } from "./space";
import { logGaussMass, truncnormLogPdf, truncnormPpf } from "./truncnorm";

export interface ParzenOptions {
  /** Weight of the prior component before normalisation (Optuna: 1.0). */
  priorWeight: number;
  /** Floor σ at range / min(100, components) (Optuna: true). */
  considerMagicClip: boolean;
  /** Let the range ends widen the extreme observations' σ (Optuna: false). */
  considerEndpoints: boolean;
}

/**
 * Optuna's `default_weights(n)`: 1 for each of n < 25 observations; from 25 on, the oldest
 * n − 25 ramp linearly from 1/n up to 1 (numpy `linspace(1/n, 1, n − 25)`) and the newest 25 get 1.
 * Observations in chronological order.
 */
export function defaultWeights(n: number): Float64Array {
  const w = new Float64Array(n).fill(1);
  if (n < 25) return w;
  const ramp = n - 25;
  // numpy's linspace: start + i·(stop − start)/(num − 1), the last point exactly `stop`
  for (let i = 0; i < ramp; i++) w[i] = i === ramp - 1 && ramp > 1 ? 1 : 1 / n + (i * (1 - 1 / n)) / (ramp - 1 || 1);
  return w;
}

/** The mixture weights: defaultWeights(n) then the prior's, normalised to sum 1. */
function mixtureWeights(n: number, priorWeight: number): Float64Array {
  const w = new Float64Array(n + 1);
  w.set(defaultWeights(n));
  w[n] = priorWeight;
  let s = 0;
  for (const v of w) s += v;
  for (let i = 0; i <= n; i++) w[i]! /= s;
  return w;
}

/** Index of the component a uniform draw u picks (numpy `choice` with p = weights). */
function pickComponent(weights: Float64Array, u: number): number {
  let c = 0;
  for (let k = 0; k < weights.length; k++) {
    c += weights[k]!;
    if (u < c) return k;
  }
  return weights.length - 1;
}

/** log Σ exp(v_k), stable. */
function logSumExp(v: Float64Array): number {
  let m = -Infinity;
  for (const x of v) if (x > m) m = x;
  if (m === -Infinity) return -Infinity;
  let s = 0;
  for (const x of v) s += Math.exp(x - m);
  return m + Math.log(s);
}

/** Internal range of a numeric parameter (Optuna's `_calculate_parzen_bounds`). */
export interface NumericDomain {
  low: number;
  high: number;
  log: boolean;
  /** Grid step of ints and stepped floats, scored by their cell; 0 for continuous and log parameters. */
  step: number;
}

export function numericDomain(p: FloatParam | IntParam): NumericDomain {
  if (p.type === "int") {
    if (p.log) return { low: Math.log(p.low - 0.5), high: Math.log(p.high + 0.5), log: true, step: 0 };
    return { low: p.low - 0.5 * p.step, high: p.high + 0.5 * p.step, log: false, step: p.step };
  }
  if (p.log) return { low: Math.log(p.low), high: Math.log(p.high), log: true, step: 0 };
  if (p.step !== undefined) return { low: p.low - 0.5 * p.step, high: p.high + 0.5 * p.step, log: false, step: p.step };
  return { low: p.low, high: p.high, log: false, step: 0 };
}

/** A point of the internal range mapped back to a parameter value (exp for log, snapped to the grid, clipped). */
export function fromInternalSpace(p: FloatParam | IntParam, d: NumericDomain, u: number): number {
  return snapToSupport(p, d.log ? Math.exp(u) : u);
}

export class NumericParzenEstimator {
  readonly weights: Float64Array;
  readonly mus: Float64Array;
  readonly sigmas: Float64Array;
  private readonly domain: NumericDomain;
  /** log mass of the range under each component. */
  private readonly logMassInRange: Float64Array;
  private readonly logWeights: Float64Array;

  /** `observed`: the parameter's values (not internal), oldest first. */
  constructor(private readonly param: FloatParam | IntParam, observed: Float64Array, opts: ParzenOptions) {
    const d = (this.domain = numericDomain(param));
    const n = observed.length;
    this.weights = mixtureWeights(n, opts.priorWeight);
    this.logWeights = this.weights.map(Math.log);
    const mus = (this.mus = new Float64Array(n + 1));
    for (let i = 0; i < n; i++) mus[i] = d.log ? Math.log(observed[i]!) : observed[i]!;
    mus[n] = 0.5 * (d.low + d.high);

    // σ from the gaps between sorted centres (ties keep their chronological order)
    const order = Array.from(mus.keys()).sort((i, j) => mus[i]! - mus[j]! || i - j);
    const s = new Float64Array(n + 3);
    s[0] = d.low;
    order.forEach((k, r) => (s[r + 1] = mus[k]!));
    s[n + 2] = d.high;
    const sorted = new Float64Array(n + 1);
    for (let r = 0; r <= n; r++) sorted[r] = Math.max(s[r + 1]! - s[r]!, s[r + 2]! - s[r + 1]!);
    if (!opts.considerEndpoints && n + 3 >= 4) {
      sorted[0] = s[2]! - s[1]!;
      sorted[n] = s[n + 1]! - s[n]!;
    }
    const range = d.high - d.low;
    const minSigma = opts.considerMagicClip ? range / Math.min(100, n + 2) : 1e-12;
    const sigmas = (this.sigmas = new Float64Array(n + 1));
    order.forEach((k, r) => (sigmas[k] = Math.min(Math.max(sorted[r]!, minSigma), range)));
    sigmas[n] = range;

    this.logMassInRange = new Float64Array(n + 1);
    for (let k = 0; k <= n; k++) this.logMassInRange[k] = logGaussMass((d.low - mus[k]!) / sigmas[k]!, (d.high - mus[k]!) / sigmas[k]!);
  }

  /** One draw from the mixture, as a parameter value (two uniforms from `rng`). */
  sample(rng: SeededRandom): number {
    const k = pickComponent(this.weights, rng.uniform());
    const mu = this.mus[k]!, sigma = this.sigmas[k]!, d = this.domain;
    const z = truncnormPpf(rng.uniform(), (d.low - mu) / sigma, (d.high - mu) / sigma);
    return fromInternalSpace(this.param, d, mu + sigma * z);
  }

  /** Optuna 3.1's log score of parameter value x under the mixture (see the module comment). */
  logPdf(x: number): number {
    const d = this.domain, { mus, sigmas, logWeights } = this;
    const terms = new Float64Array(mus.length);
    const cell = d.step > 0;
    const lo = Math.max(d.low, x - 0.5 * d.step), hi = Math.min(d.high, x + 0.5 * d.step);
    const u = d.log ? Math.log(x) : x;
    for (let k = 0; k < mus.length; k++) {
      const mu = mus[k]!, sigma = sigmas[k]!;
      const lp = cell
        ? logGaussMass((lo - mu) / sigma, (hi - mu) / sigma) - this.logMassInRange[k]!
        : truncnormLogPdf((u - mu) / sigma, (d.low - mu) / sigma, (d.high - mu) / sigma, this.logMassInRange[k]!);
      terms[k] = lp + logWeights[k]!;
    }
    return logSumExp(terms);
  }
}

export class CategoricalParzenEstimator {
  readonly weights: Float64Array;
  /** Row k: component k's probabilities over the choices (row-major, (n + 1) × K). */
  readonly choiceProbs: Float64Array;
  private readonly K: number;

  /** `observed`: chosen indices, oldest first. */
  constructor(param: CategoricalParam, observed: Float64Array, opts: ParzenOptions) {
    const n = observed.length, K = (this.K = param.choices.length);
    this.weights = mixtureWeights(n, opts.priorWeight);
    const probs = (this.choiceProbs = new Float64Array((n + 1) * K).fill(opts.priorWeight / (n + 1)));
    for (let i = 0; i < n; i++) probs[i * K + observed[i]!]! += 1;
    for (let k = 0; k <= n; k++) {
      let s = 0;
      for (let c = 0; c < K; c++) s += probs[k * K + c]!;
      for (let c = 0; c < K; c++) probs[k * K + c]! /= s;
    }
  }

  /** One draw: a choice index (two uniforms from `rng`). */
  sample(rng: SeededRandom): number {
    const k = pickComponent(this.weights, rng.uniform());
    const u = rng.uniform();
    let c = 0, cum = 0;
    for (; c < this.K - 1; c++) {
      cum += this.choiceProbs[k * this.K + c]!;
      if (u < cum) break;
    }
    return c;
  }

  /** log probability of choice index c under the mixture. */
  logPdf(c: number): number {
    let p = 0;
    for (let k = 0; k < this.weights.length; k++) p += this.weights[k]! * this.choiceProbs[k * this.K + c]!;
    return Math.log(p);
  }
}
