/**
 * Ensemble weights on the probability simplex (w ≥ 0, Σw = 1), chosen on a validation fold
 * the members were NOT trained on (otherwise the weights reward overfit members).
 *
 * - `simplexLeastSquares`: regressors only, exact. min ‖y − P w‖² s.t. w ≥ 0, Σw = 1, solved
 *   by the primal active-set method (Nocedal & Wright, Numerical Optimization, Alg. 16.3) on
 *   Q = PᵀP/n, c = Pᵀy/n: each step solves the equality-constrained problem on the free set.
 * - `geneticWeights`: any objective (lower is better), e.g. `rmseObjective`,
 *   `logLossObjective`, `macroF1LossObjective`. Seeded: the same seed gives the same weights
 *   and history. Tournament selection, arithmetic crossover (a convex mix of two parents stays
 *   on the simplex), Gaussian mutation clipped at 0 then renormalised, elitism (so the best
 *   score never gets worse from one generation to the next).
 * - `optimiseRegressorWeights` runs both and reports both.
 *
 * Member outputs are columns: `predictions[m]` (regressors) or `probas[m][k]` (classifiers,
 * class k in `classes` order), n validation rows each.
 */
import { SeededRandom } from "../data/random";
import { classReport, logLoss, macroAverage, rmse } from "../validation/metrics";
import { argmaxLabels } from "./linear";
import { choleskySolve, pinvSolve } from "./linear-numeric";

/** Lower is better. Called with a view that is reused: copy it to keep it. */
export type WeightObjective = (weights: Float64Array) => number;

// ------------------------------------------------------------------ blending

/** out[i] = Σ_m w[m]·cols[m][i] (one pass per member; allocates only when `out` is omitted). */
export function blendColumns(cols: readonly Float64Array[], w: ArrayLike<number>, out = new Float64Array(cols[0]?.length ?? 0)): Float64Array {
  if (cols.length !== w.length) throw new Error(`weights has ${w.length} entries for ${cols.length} members`);
  out.fill(0);
  for (let m = 0; m < cols.length; m++) {
    const c = cols[m]!, wm = w[m]!;
    if (c.length !== out.length) throw new Error(`member ${m} has ${c.length} rows, expected ${out.length}`);
    if (wm === 0) continue;
    for (let i = 0; i < c.length; i++) out[i] = out[i]! + wm * c[i]!;
  }
  return out;
}

/** Weights divided by their sum; throws unless every weight is finite and ≥ 0 with a positive sum. */
export function normaliseWeights(w: ArrayLike<number>, nMembers: number, field = "weights"): Float64Array {
  if (w.length !== nMembers) throw new Error(`${field} has ${w.length} entries for ${nMembers} members`);
  let s = 0;
  for (let m = 0; m < nMembers; m++) {
    const v = w[m]!;
    if (!Number.isFinite(v) || v < 0) throw new Error(`${field}[${m}] must be finite and ≥ 0, got ${v}`);
    s += v;
  }
  if (!(s > 0)) throw new Error(`${field} sum to 0`);
  return Float64Array.from(w, (v) => v / s);
}

// ------------------------------------------------------------------ objectives

function checkMembers(n: number, nMembers: number): void {
  if (nMembers === 0) throw new Error("no ensemble members");
  if (n === 0) throw new Error("no validation rows");
}

/** RMSE of the blended prediction against y. */
export function rmseObjective(predictions: readonly Float64Array[], y: Float64Array): WeightObjective {
  checkMembers(y.length, predictions.length);
  const blend = new Float64Array(y.length);
  return (w) => rmse(y, blendColumns(predictions, w, blend));
}

/** Blends each class column of the members' probabilities into `out` (one column per class). */
function probaBlender(probas: readonly (readonly Float64Array[])[], classes: Float64Array, n: number) {
  checkMembers(n, probas.length);
  probas.forEach((p, m) => {
    if (p.length !== classes.length) throw new Error(`member ${m} has ${p.length} probability columns for ${classes.length} classes`);
  });
  const byClass = Array.from(classes, (_, k) => probas.map((p) => p[k]!));
  const out = Array.from(classes, () => new Float64Array(n));
  return (w: Float64Array) => {
    for (let k = 0; k < classes.length; k++) blendColumns(byClass[k]!, w, out[k]);
    return out;
  };
}

/** Log loss of the blended probabilities (validation/metrics.ts `logLoss`). */
export function logLossObjective(probas: readonly (readonly Float64Array[])[], y: Float64Array, classes: Float64Array): WeightObjective {
  const blend = probaBlender(probas, classes, y.length);
  return (w) => logLoss(y, blend(w), classes);
}

/** 1 − macro F1 of the blend's argmax decisions (lower is better, like the other objectives). */
export function macroF1LossObjective(probas: readonly (readonly Float64Array[])[], y: Float64Array, classes: Float64Array): WeightObjective {
  const blend = probaBlender(probas, classes, y.length);
  return (w) => 1 - macroAverage(classReport(y, argmaxLabels(blend(w), classes), classes).f1);
}

// ------------------------------------------------------------------ constrained least squares

export interface SimplexLeastSquaresResult {
  weights: Float64Array;
  /** RMSE of P·weights against y. */
  rmse: number;
  /** Active-set iterations. */
  iterations: number;
}

/**
 * min ‖y − P w‖² subject to w ≥ 0, Σw = 1 (exact; see the module comment).
 * `predictions[m]` is member m's prediction column on the validation rows.
 */
export function simplexLeastSquares(predictions: readonly Float64Array[], y: Float64Array, opts: { maxIter?: number } = {}): SimplexLeastSquaresResult {
  const M = predictions.length;
  const n = y.length;
  checkMembers(n, M);
  predictions.forEach((p, m) => {
    if (p.length !== n) throw new Error(`predictions[${m}] has ${p.length} rows, y has ${n}`);
  });
  const Q = new Float64Array(M * M);
  const c = new Float64Array(M);
  for (let a = 0; a < M; a++) {
    const pa = predictions[a]!;
    let s = 0;
    for (let i = 0; i < n; i++) s += pa[i]! * y[i]!;
    c[a] = s / n;
    for (let b = a; b < M; b++) {
      const pb = predictions[b]!;
      let q = 0;
      for (let i = 0; i < n; i++) q += pa[i]! * pb[i]!;
      Q[a * M + b] = Q[b * M + a] = q / n;
    }
  }
  let scale = 0;
  for (let a = 0; a < M; a++) scale = Math.max(scale, Math.abs(Q[a * M + a]!), Math.abs(c[a]!));
  const tol = 1e-12 * Math.max(scale, 1e-300);
  const maxIter = opts.maxIter ?? 10 * M + 100;
  const w = new Float64Array(M).fill(1 / M);
  const active = new Uint8Array(M); // 1: w_m is held at its bound 0
  const g = new Float64Array(M);
  let it = 0;
  for (; it < maxIter; it++) {
    const free: number[] = [];
    for (let m = 0; m < M; m++) if (!active[m]) free.push(m);
    const target = equalityConstrainedMinimum(Q, c, M, free);
    let step = 0;
    for (let f = 0; f < free.length; f++) step = Math.max(step, Math.abs(target[f]! - w[free[f]!]!));
    if (step <= 1e-13) {
      // Stationary on the free set: the bound multipliers μ_m = g_m + ν (ν = −g on the free set) decide.
      for (let a = 0; a < M; a++) {
        let s = -c[a]!;
        for (let b = 0; b < M; b++) s += Q[a * M + b]! * w[b]!;
        g[a] = s;
      }
      let nu = 0;
      for (const f of free) nu -= g[f]!;
      nu /= free.length;
      let worst = -1, worstMu = -tol;
      for (let m = 0; m < M; m++) {
        if (!active[m]) continue;
        const mu = g[m]! + nu;
        if (mu < worstMu) {
          worstMu = mu;
          worst = m;
        }
      }
      if (worst < 0) break;
      active[worst] = 0;
      continue;
    }
    // Move towards the target until a free weight would turn negative (it becomes active).
    let alpha = 1, blocking = -1;
    for (let f = 0; f < free.length; f++) {
      const m = free[f]!;
      const d = target[f]! - w[m]!;
      if (d < 0 && -w[m]! / d < alpha) {
        alpha = -w[m]! / d;
        blocking = m;
      }
    }
    for (let f = 0; f < free.length; f++) {
      const m = free[f]!;
      w[m] = w[m]! + alpha * (target[f]! - w[m]!);
    }
    if (blocking >= 0) {
      w[blocking] = 0;
      active[blocking] = 1;
    }
  }
  if (it === maxIter) throw new Error(`simplexLeastSquares: no convergence in ${maxIter} active-set iterations`);
  let s = 0;
  for (let m = 0; m < M; m++) s += (w[m] = Math.max(0, w[m]!));
  for (let m = 0; m < M; m++) w[m] = w[m]! / s;
  return { weights: w, rmse: rmse(y, blendColumns(predictions, w)), iterations: it };
}

/**
 * argmin ½ vᵀQ_FF v − c_Fᵀv subject to Σv = 1 over the free indices F: v = u − ν z with
 * u = Q_FF⁻¹c_F, z = Q_FF⁻¹1, ν = (Σu − 1)/Σz. A singular Q_FF (collinear members) falls back to
 * the minimum-norm solution of the KKT system [[Q_FF, 1], [1ᵀ, 0]].
 */
function equalityConstrainedMinimum(Q: Float64Array, c: Float64Array, M: number, free: readonly number[]): Float64Array {
  const k = free.length;
  const Qf = new Float64Array(k * k);
  const cf = new Float64Array(k);
  for (let a = 0; a < k; a++) {
    cf[a] = c[free[a]!]!;
    for (let b = 0; b < k; b++) Qf[a * k + b] = Q[free[a]! * M + free[b]!]!;
  }
  const u = choleskySolve(Qf, cf, k);
  const z = u && choleskySolve(Qf, new Float64Array(k).fill(1), k);
  if (u && z) {
    let su = 0, sz = 0;
    for (let a = 0; a < k; a++) {
      su += u[a]!;
      sz += z[a]!;
    }
    const nu = (su - 1) / sz;
    return Float64Array.from(u, (v, a) => v - nu * z[a]!);
  }
  const K = new Float64Array((k + 1) * (k + 1));
  const rhs = new Float64Array(k + 1);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) K[a * (k + 1) + b] = Qf[a * k + b]!;
    K[a * (k + 1) + k] = K[k * (k + 1) + a] = 1;
    rhs[a] = cf[a]!;
  }
  rhs[k] = 1;
  return pinvSolve(K, rhs, k + 1).subarray(0, k);
}

// ------------------------------------------------------------------ genetic algorithm

export interface GeneticParams {
  /** Individuals per generation (default 60). */
  populationSize: number;
  /** Generations after the initial population (default 120). */
  generations: number;
  /** Individuals drawn per tournament; the best of them is a parent (default 3). */
  tournamentSize: number;
  /** Probability that a child is a crossover of two parents rather than a copy of one (default 0.9). */
  crossoverRate: number;
  /** Probability that each weight of a child is mutated (default 0.3). */
  mutationRate: number;
  /** Standard deviation of the Gaussian mutation (default 0.05). */
  mutationScale: number;
  /** Best individuals copied unchanged into the next generation (default 2). */
  elite: number;
  seed: number;
}

export const GENETIC_DEFAULTS: GeneticParams = {
  populationSize: 60,
  generations: 120,
  tournamentSize: 3,
  crossoverRate: 0.9,
  mutationRate: 0.3,
  mutationScale: 0.05,
  elite: 2,
  seed: 1,
};

export interface GeneticResult {
  weights: Float64Array;
  score: number;
  /** Best score after each generation (index 0: the initial population); never increases. */
  history: Float64Array;
}

function checkGeneticParams(p: GeneticParams): void {
  const int = (k: keyof GeneticParams, min: number) => {
    if (!Number.isInteger(p[k]) || p[k] < min) throw new Error(`genetic: ${k} must be an integer ≥ ${min}, got ${p[k]}`);
  };
  int("populationSize", 2);
  int("generations", 0);
  int("tournamentSize", 1);
  int("elite", 0);
  for (const k of ["crossoverRate", "mutationRate"] as const) {
    if (!(p[k] >= 0 && p[k] <= 1)) throw new Error(`genetic: ${k} must be in [0, 1], got ${p[k]}`);
  }
  if (!(p.mutationScale >= 0)) throw new Error(`genetic: mutationScale must be ≥ 0, got ${p.mutationScale}`);
  if (p.elite >= p.populationSize) throw new Error("genetic: elite must be smaller than populationSize");
}

/** Clip at 0 and divide by the sum (uniform when everything was clipped). */
function projectToSimplex(v: Float64Array): void {
  let s = 0;
  for (let m = 0; m < v.length; m++) s += (v[m] = Math.max(0, v[m]!));
  if (s > 0) for (let m = 0; m < v.length; m++) v[m] = v[m]! / s;
  else v.fill(1 / v.length);
}

/**
 * Minimise `objective` over the simplex with a seeded genetic algorithm. The initial
 * population holds equal weights, each single member (while room), then Dirichlet(1) draws.
 * A NaN score ranks last.
 */
export function geneticWeights(objective: WeightObjective, nMembers: number, params: Partial<GeneticParams> = {}): GeneticResult {
  const p: GeneticParams = { ...GENETIC_DEFAULTS, ...params };
  checkGeneticParams(p);
  if (!Number.isInteger(nMembers) || nMembers < 1) throw new Error(`genetic: nMembers must be an integer ≥ 1, got ${nMembers}`);
  const M = nMembers, P = p.populationSize;
  const rng = new SeededRandom(p.seed);
  let pop = new Float64Array(P * M);
  let next = new Float64Array(P * M);
  let scores = new Float64Array(P);
  let nextScores = new Float64Array(P);
  const ind = (buf: Float64Array, i: number) => buf.subarray(i * M, (i + 1) * M);
  const score = (v: Float64Array) => {
    const s = objective(v);
    return Number.isNaN(s) ? Infinity : s;
  };
  for (let i = 0; i < P; i++) {
    const v = ind(pop, i);
    if (i === 0) v.fill(1 / M);
    else if (i <= M) v[i - 1] = 1;
    else {
      for (let m = 0; m < M; m++) v[m] = -Math.log(1 - rng.uniform());
      projectToSimplex(v);
    }
    scores[i] = score(v);
  }
  const order = Array.from({ length: P }, (_, i) => i);
  const rank = () => order.sort((a, b) => scores[a]! - scores[b]! || a - b);
  const tournament = () => {
    let best = rng.int(P);
    for (let t = 1; t < p.tournamentSize; t++) {
      const c = rng.int(P);
      if (scores[c]! < scores[best]!) best = c;
    }
    return best;
  };
  const history = new Float64Array(p.generations + 1);
  rank();
  history[0] = scores[order[0]!]!;
  for (let gen = 1; gen <= p.generations; gen++) {
    for (let e = 0; e < p.elite; e++) {
      ind(next, e).set(ind(pop, order[e]!));
      nextScores[e] = scores[order[e]!]!;
    }
    for (let i = p.elite; i < P; i++) {
      const child = ind(next, i);
      const a = ind(pop, tournament());
      if (rng.uniform() < p.crossoverRate) {
        const b = ind(pop, tournament());
        const lambda = rng.uniform();
        for (let m = 0; m < M; m++) child[m] = lambda * a[m]! + (1 - lambda) * b[m]!;
      } else child.set(a);
      for (let m = 0; m < M; m++) if (rng.uniform() < p.mutationRate) child[m] = child[m]! + p.mutationScale * rng.normal();
      projectToSimplex(child);
      nextScores[i] = score(child);
    }
    [pop, next] = [next, pop];
    [scores, nextScores] = [nextScores, scores];
    rank();
    history[gen] = scores[order[0]!]!;
  }
  return { weights: Float64Array.from(ind(pop, order[0]!)), score: scores[order[0]!]!, history };
}

// ------------------------------------------------------------------ both, for regressors

export interface RegressorWeightsReport {
  leastSquares: SimplexLeastSquaresResult;
  /** `score` is the RMSE. */
  genetic: GeneticResult;
}

/** Simplex-constrained least squares and the genetic algorithm (RMSE objective) side by side. */
export function optimiseRegressorWeights(predictions: readonly Float64Array[], y: Float64Array, genetic: Partial<GeneticParams> = {}): RegressorWeightsReport {
  return {
    leastSquares: simplexLeastSquares(predictions, y),
    genetic: geneticWeights(rmseObjective(predictions, y), predictions.length, genetic),
  };
}
