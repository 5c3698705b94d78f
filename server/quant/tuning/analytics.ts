/**
 * Study analytics for the UI, from the trial list alone (complete trials, as Optuna's plots):
 *
 * - `optimizationHistory`: each complete trial's value and the best value so far.
 * - `parallelCoordinates`: complete trials × (params, value), columnar.
 * - `paramImportances`: first-order fANOVA on a random forest, as Optuna's default
 *   `FanovaImportanceEvaluator` (Hutter et al. 2014): a forest of 64 trees (depth ≤ 64, all
 *   features per split, bootstrap, seeded) regresses the value on the parameters; for each tree,
 *   with the parameters uniform over the space, parameter j's importance is the variance of the
 *   tree's marginal in j (the tree averaged over every other parameter) over the tree's total
 *   variance. Importances are the mean over trees (trees that are constant skipped), normalised
 *   to sum 1. Coordinates: ln x for log parameters, the index for categorical ones (each choice a
 *   cell of width 1; Optuna one-hot encodes them instead), x otherwise; Optuna uses the raw
 *   value for log parameters too. Interactions are not attributed to any parameter (only the
 *   main effects are compared), and with few trials the forest, hence the figures, are rough.
 */
import { RandomForestRegressor, type ForestTree } from "../models/random-forest";
import { toInternal, type Choice, type Param, type SearchSpace } from "./space";
import type { Direction, TrialRecord } from "./trial";

const completeTrials = (trials: readonly TrialRecord[]) => trials.filter((t) => t.state === "complete");

export interface OptimizationHistory {
  numbers: number[];
  values: number[];
  /** Best value among the complete trials up to and including this one. */
  best: number[];
}

export function optimizationHistory(trials: readonly TrialRecord[], direction: Direction): OptimizationHistory {
  const out: OptimizationHistory = { numbers: [], values: [], best: [] };
  let best = direction === "minimize" ? Infinity : -Infinity;
  for (const t of completeTrials(trials)) {
    const v = t.value!;
    best = direction === "minimize" ? Math.min(best, v) : Math.max(best, v);
    out.numbers.push(t.number);
    out.values.push(v);
    out.best.push(best);
  }
  return out;
}

export interface ParallelCoordinates {
  /** The space's parameters, in order (ranges, log flags, choices for the axes). */
  params: Param[];
  numbers: number[];
  values: number[];
  /** columns[name][i]: trial numbers[i]'s value of parameter `name`. */
  columns: Record<string, Choice[]>;
}

export function parallelCoordinates(space: SearchSpace, trials: readonly TrialRecord[]): ParallelCoordinates {
  const done = completeTrials(trials);
  const columns: Record<string, Choice[]> = {};
  for (const p of space) columns[p.name] = done.map((t) => t.params[p.name] ?? null);
  return { params: space, numbers: done.map((t) => t.number), values: done.map((t) => t.value!), columns };
}

export interface ParamImportance {
  name: string;
  importance: number;
}

/** [low, high] of parameter p in fANOVA coordinates. */
function axis(p: Param): [number, number] {
  if (p.type === "categorical") return [-0.5, p.choices.length - 0.5];
  return p.log ? [Math.log(p.low), Math.log(p.high)] : [p.low, p.high];
}

function coordinate(p: Param, value: Choice): number {
  const x = toInternal(p, value);
  return p.type !== "categorical" && p.log ? Math.log(x) : x;
}

interface LeafBoxes {
  /** lo[l·F + j], hi[l·F + j]: leaf l's interval in parameter j. */
  lo: Float64Array;
  hi: Float64Array;
  value: Float64Array;
}

/** The leaves of `t` as boxes of the space (every leaf's region, clipped to the axes). */
function leafBoxes(t: ForestTree, axes: readonly [number, number][]): LeafBoxes {
  const lo: number[] = [], hi: number[] = [], value: number[] = [];
  const walk = (node: number, boxLo: number[], boxHi: number[]) => {
    const f = t.feature[node]!;
    if (f < 0) {
      lo.push(...boxLo); hi.push(...boxHi); value.push(t.value[node]!);
      return;
    }
    const thr = Math.min(Math.max(t.threshold[node]!, boxLo[f]!), boxHi[f]!);
    walk(t.left[node]!, boxLo, boxHi.map((v, j) => (j === f ? thr : v)));
    walk(t.right[node]!, boxLo.map((v, j) => (j === f ? thr : v)), boxHi);
  };
  walk(0, axes.map((a) => a[0]), axes.map((a) => a[1]));
  return { lo: Float64Array.from(lo), hi: Float64Array.from(hi), value: Float64Array.from(value) };
}

/**
 * For one tree: each parameter's main-effect variance over the total variance (null when the
 * tree is constant over the space).
 */
export function treeMainEffects(t: ForestTree, axes: readonly [number, number][]): Float64Array | null {
  const F = axes.length;
  const { lo, hi, value } = leafBoxes(t, axes);
  const L = value.length;
  const frac = new Float64Array(L * F);
  const vol = new Float64Array(L).fill(1);
  for (let l = 0; l < L; l++) {
    for (let j = 0; j < F; j++) {
      const [a, b] = axes[j]!;
      frac[l * F + j] = (hi[l * F + j]! - lo[l * F + j]!) / (b - a);
      vol[l]! *= frac[l * F + j]!;
    }
  }
  let mean = 0;
  for (let l = 0; l < L; l++) mean += vol[l]! * value[l]!;
  let total = 0;
  for (let l = 0; l < L; l++) total += vol[l]! * (value[l]! - mean) ** 2;
  if (!(total > 1e-300)) return null;

  const out = new Float64Array(F);
  for (let j = 0; j < F; j++) {
    const [a, b] = axes[j]!;
    const cuts = new Set<number>();
    for (let l = 0; l < L; l++) { cuts.add(lo[l * F + j]!); cuts.add(hi[l * F + j]!); }
    const points = Float64Array.from(cuts).sort();
    let v = 0;
    for (let k = 0; k + 1 < points.length; k++) {
      const x0 = points[k]!, x1 = points[k + 1]!;
      // the marginal on [x0, x1): every leaf spanning it, weighted by its volume outside j
      let m = 0;
      for (let l = 0; l < L; l++) {
        const fj = frac[l * F + j]!;
        if (fj > 0 && lo[l * F + j]! <= x0 && hi[l * F + j]! >= x1) m += (value[l]! * vol[l]!) / fj;
      }
      v += ((x1 - x0) / (b - a)) * (m - mean) ** 2;
    }
    out[j] = v / total;
  }
  return out;
}

/**
 * fANOVA main-effect importances of the space's parameters, normalised to sum 1, most important
 * first (ties in space order). Empty with fewer than 2 complete trials; all 0 when no tree varies.
 */
export function paramImportances(space: SearchSpace, trials: readonly TrialRecord[], seed = 0): ParamImportance[] {
  const done = completeTrials(trials);
  if (done.length < 2) return [];
  const X = space.map((p) => Float64Array.from(done, (t) => coordinate(p, t.params[p.name] ?? null)));
  const y = Float64Array.from(done, (t) => t.value!);
  const forest = new RandomForestRegressor({ nEstimators: 64, maxDepth: 64, minSamplesLeaf: 1, maxFeatures: 1, bootstrap: true, seed }).fit(X, y);
  const axes = space.map(axis);
  const sum = new Float64Array(space.length);
  let counted = 0;
  for (const t of forest.model!.trees) {
    const e = treeMainEffects(t, axes);
    if (!e) continue;
    for (let j = 0; j < e.length; j++) sum[j]! += e[j]!;
    counted++;
  }
  let total = 0;
  for (const v of sum) total += v;
  const out = space.map((p, j) => ({ name: p.name, importance: counted && total > 0 ? sum[j]! / total : 0 }));
  return out.sort((a, b) => b.importance - a.importance);
}

export interface StudyViews {
  history: OptimizationHistory;
  importances: ParamImportance[];
  parallel: ParallelCoordinates;
}

/** The three views of a study's page, from its trial list (what `study.json` stores beside the study). */
export function studyViews(space: SearchSpace, trials: readonly TrialRecord[], direction: Direction, seed = 0): StudyViews {
  return { history: optimizationHistory(trials, direction), importances: paramImportances(space, trials, seed), parallel: parallelCoordinates(space, trials) };
}
