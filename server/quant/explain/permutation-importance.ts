/**
 * Permutation importance (Breiman 2001; sklearn's `permutation_importance`): how much a fitted
 * model's score on a data set worsens when one feature column is shuffled, breaking its link to
 * the target while keeping its distribution. Works with any `Estimator`: only `predict` (and
 * `predictProba` for probability metrics) is called, on `Columns` where the shuffled feature is
 * the only new column (the others are the caller's arrays, shared, never written).
 *
 * importance = mean over repeats of the score drop: baseline − permuted when higher is better
 * (R², accuracy, ROC AUC), permuted − baseline for losses (RMSE, MAE, log loss); so in both
 * cases positive means the feature helps. std = population standard deviation over repeats
 * (ddof 0, as sklearn).
 *
 * Bands (in the metric's own unit), boundaries explicit:
 *   importance > 1e-3          → "critical"
 *   1e-4 < importance ≤ 1e-3   → "moderate"
 *   0 < importance ≤ 1e-4      → "minimal"
 *   importance ≤ 0, or NaN     → "none"
 */
import { SeededRandom } from "../data/random";
import { nRows, type Classifier, type Columns, type Estimator } from "../models/estimator";
import { MODEL_METRICS, type ModelMetricKey } from "../validation/metrics";
import { meanKernel, stdKernel } from "../validation/sharpe";

export type ImportanceBand = "critical" | "moderate" | "minimal" | "none";

/** Lower limits (exclusive) of the bands above "minimal". */
export const IMPORTANCE_BAND_LIMITS = { critical: 1e-3, moderate: 1e-4 } as const;

/** The band of an importance value (see the module comment for the boundaries). */
export function importanceBand(importance: number): ImportanceBand {
  if (importance > IMPORTANCE_BAND_LIMITS.critical) return "critical";
  if (importance > IMPORTANCE_BAND_LIMITS.moderate) return "moderate";
  if (importance > 0) return "minimal";
  return "none";
}

/** A score of a model on (X, y). */
export interface Scorer {
  /** Name reported with the result (the registry key for built-in metrics). */
  key: string;
  higherIsBetter: boolean;
  score(model: Estimator, X: Columns, y: Float64Array): number;
}

/** Registry classification metrics whose `compute` reads `proba`. */
const PROBABILITY_METRICS: readonly ModelMetricKey[] = ["roc_auc", "log_loss"];

/** A `Scorer` from a regression or classification metric of `MODEL_METRICS`. */
export function metricScorer(key: ModelMetricKey): Scorer {
  const def = MODEL_METRICS[key];
  if (!def) throw new RangeError(`unknown metric "${key}" (known: ${Object.keys(MODEL_METRICS).join(", ")})`);
  const { task, higherIsBetter } = def;
  const needsTask = (model: Estimator) => {
    if (model.task !== task) throw new RangeError(`metric "${key}" is a ${task} metric, the model is a ${model.task} model`);
  };
  if (task === "regression") {
    const compute = def.compute;
    return {
      key,
      higherIsBetter,
      score: (model, X, y) => {
        needsTask(model);
        return compute({ yTrue: y, yPred: model.predict(X) });
      },
    };
  }
  if (task === "classification") {
    const compute = def.compute;
    const withProba = PROBABILITY_METRICS.includes(key);
    return {
      key,
      higherIsBetter,
      score: (model, X, y) => {
        needsTask(model);
        const clf = model as Classifier;
        return compute({ yTrue: y, yPred: clf.predict(X), classes: clf.classes, proba: withProba ? clf.predictProba(X) : undefined });
      },
    };
  }
  throw new RangeError(`metric "${key}" is a ${task} metric; pass a Scorer for it`);
}

export interface PermutationImportanceOptions {
  /** A regression/classification key of `MODEL_METRICS`, or any `Scorer`. */
  metric: ModelMetricKey | Scorer;
  /** Shuffles per feature (integer ≥ 1; default 5). */
  nRepeats?: number;
  /** Seed of the shuffles (default 0). */
  seed?: number;
  /** Feature names in column order (default "x0", "x1", …). */
  names?: readonly string[];
}

export interface FeatureImportance {
  /** Column index in X. */
  feature: number;
  name: string;
  /** Mean score drop over the repeats (positive = the feature helps). */
  importance: number;
  /** Population standard deviation of the drops. */
  std: number;
  band: ImportanceBand;
  /** The drop of each repeat. */
  drops: Float64Array;
}

export interface PermutationImportanceResult {
  metric: string;
  higherIsBetter: boolean;
  /** Score on the unshuffled data. */
  baseline: number;
  nRepeats: number;
  seed: number;
  /** One entry per feature, in column order. */
  features: FeatureImportance[];
}

/**
 * Permutation importance of every feature of a fitted `model` on (X, y). One seeded stream
 * (`SeededRandom(seed)`) drives all shuffles, feature by feature, repeat by repeat: each repeat
 * applies a fresh Fisher–Yates shuffle to the row order of the previous one, which is again a
 * uniformly random permutation, independent of the earlier ones.
 */
export function permutationImportance(model: Estimator, X: Columns, y: Float64Array, opts: PermutationImportanceOptions): PermutationImportanceResult {
  const fn = "permutationImportance";
  const n = nRows(X, model.nFeatures);
  const p = X.length;
  const nRepeats = opts.nRepeats ?? 5;
  const seed = opts.seed ?? 0;
  if (!Number.isInteger(nRepeats) || nRepeats < 1) throw new RangeError(`${fn}: nRepeats must be an integer ≥ 1 (got ${nRepeats})`);
  if (!Number.isInteger(seed)) throw new RangeError(`${fn}: seed must be an integer (got ${seed})`);
  if (y.length !== n) throw new RangeError(`${fn}: y has ${y.length} rows, X has ${n}`);
  if (n < 2) throw new RangeError(`${fn}: X needs at least 2 rows to shuffle (got ${n})`);
  if (opts.names && opts.names.length !== p) throw new RangeError(`${fn}: names has ${opts.names.length} entries, X has ${p} features`);
  const scorer = typeof opts.metric === "string" ? metricScorer(opts.metric) : opts.metric;
  const baseline = scorer.score(model, X, y);
  if (Number.isNaN(baseline)) throw new RangeError(`${fn}: the baseline ${scorer.key} is NaN (e.g. a constant target); no importance can be measured`);
  const sign = scorer.higherIsBetter ? 1 : -1;

  const rng = new SeededRandom(seed);
  const order = new Int32Array(n);
  const shuffled = new Float64Array(n);
  const permuted = X.slice();
  const features: FeatureImportance[] = [];
  for (let j = 0; j < p; j++) {
    const col = X[j]!;
    for (let i = 0; i < n; i++) order[i] = i;
    permuted[j] = shuffled;
    const drops = new Float64Array(nRepeats);
    for (let r = 0; r < nRepeats; r++) {
      rng.shuffle(order);
      for (let i = 0; i < n; i++) shuffled[i] = col[order[i]!]!;
      drops[r] = sign * (baseline - scorer.score(model, permuted, y));
    }
    permuted[j] = col;
    const importance = meanKernel(drops);
    features.push({ feature: j, name: opts.names?.[j] ?? `x${j}`, importance, std: stdKernel(drops, 0), band: importanceBand(importance), drops });
  }
  return { metric: scorer.key, higherIsBetter: scorer.higherIsBetter, baseline, nRepeats, seed, features };
}
