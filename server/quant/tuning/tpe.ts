/**
 * TPE (tree-structured Parzen estimator) sampling with Optuna 3.x `TPESampler`'s defaults,
 * univariate (`samplers/_tpe/sampler.py`, v3.1):
 *
 * - The first `nStartupTrials` (10) finished trials are drawn uniformly at random: uniform in
 *   each parameter's internal range (ln for log parameters; ints and stepped floats widened by
 *   half a step, then rounded), categorical choices uniformly.
 * - After that, the n finished trials (complete and pruned) are ranked and split: the best
 *   γ(n) = min(⌈0.1·n⌉, 25) form "below", the rest "above". Complete trials rank by their value;
 *   pruned trials come after every complete one, deeper pruned trials (higher last step) before
 *   shallower ones, equal steps by the value at that last step (NaN last), and pruned trials with
 *   no intermediate value last (Optuna's `(-step, value)` keys).
 * - Per parameter: Parzen estimators l(x) over "below" and g(x) over "above"
 *   (parzen-estimator.ts), `nEiCandidates` (24) candidates drawn from l, the one maximising
 *   log l(x) − log g(x) (the first on ties) is the suggestion.
 * - Running and failed trials are ignored (Optuna without `constant_liar`).
 *
 * Randomness: one SeededRandom per trial, seeded from (study seed, trial number), consumed in the
 * space's parameter order. A suggestion is therefore a function of (seed, trial number, the
 * finished trials) alone — a study rebuilt from its JSON continues exactly as it would have.
 * Optuna instead keeps one RandomState across the study: the same algorithm and distributions,
 * not the same random stream.
 */
import { z } from "zod";
import { SeededRandom } from "../data/random";
import { CategoricalParzenEstimator, fromInternalSpace, numericDomain, NumericParzenEstimator, type ParzenOptions } from "./parzen-estimator";
import { toExternal, toInternal, type Param, type ParamValues, type SearchSpace } from "./space";
import { directionSign, lastIntermediate, type Direction, type TrialRecord } from "./trial";

export const TpeSamplerSchema = z.strictObject({
  kind: z.literal("tpe"),
  nStartupTrials: z.number().int().min(0).default(10),
  nEiCandidates: z.number().int().min(1).max(10_000).default(24),
  priorWeight: z.number().positive().default(1),
  considerMagicClip: z.boolean().default(true),
  considerEndpoints: z.boolean().default(false),
});
/** Uniform random search (TPE's startup draws, forever). */
export const RandomSamplerSchema = z.strictObject({ kind: z.literal("random") });
export const SamplerSchema = z.discriminatedUnion("kind", [TpeSamplerSchema, RandomSamplerSchema]);
export type SamplerConfig = z.output<typeof SamplerSchema>;
export type SamplerInput = z.input<typeof SamplerSchema>;

/** Optuna's `default_gamma`: how many of n finished trials are "below" (good). */
export function defaultGamma(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

/** The study seed and a trial number mixed into one 32-bit seed (murmur3's finaliser). */
export function trialSeed(seed: number, trialNumber: number): number {
  let h = (seed ^ Math.imul(trialNumber + 1, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const isFinished = (t: TrialRecord) => t.state === "complete" || t.state === "pruned";

/** Optuna's ranking key (first by `step`, then by `loss`; smaller is better). */
function rankKey(t: TrialRecord, sign: number): [step: number, loss: number] {
  if (t.state === "complete") return [-Infinity, sign * t.value!];
  const last = lastIntermediate(t);
  if (!last) return [1, 0];
  return [-last.step, Number.isNaN(last.value) ? Infinity : sign * last.value];
}

/**
 * The finished trials split into the `nBelow` best and the rest, each in chronological (list)
 * order (Optuna's `_split_observation_pairs`, single objective, no constraints).
 */
export function splitBelowAbove(finished: readonly TrialRecord[], direction: Direction, nBelow: number): { below: TrialRecord[]; above: TrialRecord[] } {
  const sign = directionSign(direction);
  const keys = finished.map((t) => rankKey(t, sign));
  const order = finished.map((_, i) => i).sort((i, j) => keys[i]![0] - keys[j]![0] || keys[i]![1] - keys[j]![1] || i - j);
  const isBelow = new Uint8Array(finished.length);
  for (const i of order.slice(0, nBelow)) isBelow[i] = 1;
  return { below: finished.filter((_, i) => isBelow[i]), above: finished.filter((_, i) => !isBelow[i]) };
}

/** A uniform draw over parameter p's internal range (Optuna's RandomSampler). */
function randomValue(p: Param, rng: SeededRandom): ParamValues[string] {
  if (p.type === "categorical") return p.choices[rng.int(p.choices.length)]!;
  const d = numericDomain(p);
  return fromInternalSpace(p, d, d.low + (d.high - d.low) * rng.uniform());
}

function internalValues(p: Param, trials: readonly TrialRecord[]): Float64Array {
  return Float64Array.from(trials, (t) => toInternal(p, t.params[p.name] ?? null));
}

/** One parameter by TPE: the candidate from l(x) with the largest log l(x) − log g(x). */
function tpeValue(p: Param, below: readonly TrialRecord[], above: readonly TrialRecord[], nCandidates: number, opts: ParzenOptions, rng: SeededRandom): ParamValues[string] {
  const l = p.type === "categorical" ? new CategoricalParzenEstimator(p, internalValues(p, below), opts) : new NumericParzenEstimator(p, internalValues(p, below), opts);
  const g = p.type === "categorical" ? new CategoricalParzenEstimator(p, internalValues(p, above), opts) : new NumericParzenEstimator(p, internalValues(p, above), opts);
  let best = NaN, bestScore = -Infinity;
  for (let c = 0; c < nCandidates; c++) {
    const x = l.sample(rng);
    const score = l.logPdf(x) - g.logPdf(x);
    if (Number.isNaN(best) || score > bestScore) { best = x; bestScore = score; }
  }
  return toExternal(p, best);
}

/**
 * The parameters of trial `trialNumber` given the study's trials so far. Deterministic in
 * (seed, trialNumber, the finished trials); running and failed trials do not count.
 */
export function sampleParams(
  space: SearchSpace, trials: readonly TrialRecord[], direction: Direction, sampler: SamplerConfig, seed: number, trialNumber: number,
): ParamValues {
  const rng = new SeededRandom(trialSeed(seed, trialNumber));
  const finished = trials.filter(isFinished);
  const out: ParamValues = {};
  if (sampler.kind === "random" || finished.length < sampler.nStartupTrials) {
    for (const p of space) out[p.name] = randomValue(p, rng);
    return out;
  }
  const { below, above } = splitBelowAbove(finished, direction, defaultGamma(finished.length));
  for (const p of space) out[p.name] = tpeValue(p, below, above, sampler.nEiCandidates, sampler, rng);
  return out;
}
