/**
 * Pruners: decide from a running trial's intermediate values whether to stop it early.
 *
 * `median` is Optuna 3.1's MedianPruner (a PercentilePruner at 50, `pruners/_percentile.py`):
 * at the trial's last reported step s it prunes when
 *   - at least `nStartupTrials` trials are complete,
 *   - s ≥ `nWarmupSteps`, and s is the first report in its interval (steps counted from the
 *     warm-up in multiples of `intervalSteps`; a later report in the same interval is not checked),
 *   - and the trial's best intermediate value so far (over all its steps, NaN ignored; all NaN
 *     prunes at once) is worse than the median of the complete trials' values at step s (NaN
 *     ignored, linear interpolation as numpy's `nanpercentile`), given at least `nMinTrials` of
 *     them reported step s.
 * Note "best so far", not "the value at s": with per-fold values as steps, report the running
 * mean over the folds done so that the comparison is like for like.
 */
import { z } from "zod";
import { lastIntermediate, type Direction, type TrialRecord } from "./trial";

export const MedianPrunerSchema = z.strictObject({
  kind: z.literal("median"),
  nStartupTrials: z.number().int().min(0).default(5),
  nWarmupSteps: z.number().int().min(0).default(0),
  intervalSteps: z.number().int().min(1).default(1),
  nMinTrials: z.number().int().min(1).default(1),
});
export const NopPrunerSchema = z.strictObject({ kind: z.literal("none") });
export const PrunerSchema = z.discriminatedUnion("kind", [MedianPrunerSchema, NopPrunerSchema]);
export type PrunerConfig = z.output<typeof PrunerSchema>;
export type PrunerInput = z.input<typeof PrunerSchema>;
export type MedianPrunerConfig = z.output<typeof MedianPrunerSchema>;

/** numpy `nanpercentile(values, q)` (linear interpolation), NaN when no value is a number. */
export function nanPercentile(values: readonly number[], q: number): number {
  const s = Float64Array.from(values.filter((v) => !Number.isNaN(v))).sort();
  if (s.length === 0) return NaN;
  const pos = ((s.length - 1) * q) / 100;
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return s[lo]! + (pos - lo) * (s[hi]! - s[lo]!);
}

/** Optuna's `_is_first_in_interval_step`: no other report since the interval that holds `step` began. */
function isFirstInInterval(step: number, steps: readonly number[], warmup: number, interval: number): boolean {
  const nearestLowerPruningStep = Math.floor((step - warmup) / interval) * interval + warmup;
  let secondLast = -1;
  for (const s of steps) if (s > secondLast && s !== step) secondLast = s;
  return secondLast < nearestLowerPruningStep;
}

/** Whether the median pruner stops `trial` now, given the study's `trials`. */
export function medianPrunes(cfg: MedianPrunerConfig, trial: TrialRecord, trials: readonly TrialRecord[], direction: Direction): boolean {
  const complete = trials.filter((t) => t.state === "complete");
  if (complete.length === 0 || complete.length < cfg.nStartupTrials) return false;
  const last = lastIntermediate(trial);
  if (!last || last.step < cfg.nWarmupSteps) return false;
  if (!isFirstInInterval(last.step, trial.intermediate.map(([s]) => s), cfg.nWarmupSteps, cfg.intervalSteps)) return false;

  const own = trial.intermediate.map(([, v]) => v ?? NaN).filter((v) => !Number.isNaN(v));
  if (own.length === 0) return true;
  const best = direction === "minimize" ? Math.min(...own) : Math.max(...own);

  const atStep: number[] = [];
  for (const t of complete) for (const [s, v] of t.intermediate) if (s === last.step) { atStep.push(v ?? NaN); break; }
  if (atStep.length < cfg.nMinTrials) return false;
  const median = nanPercentile(atStep, 50);
  if (Number.isNaN(median)) return false;
  return direction === "minimize" ? best > median : best < median;
}

export function shouldPrune(cfg: PrunerConfig, trial: TrialRecord, trials: readonly TrialRecord[], direction: Direction): boolean {
  return cfg.kind === "median" && medianPrunes(cfg, trial, trials, direction);
}
