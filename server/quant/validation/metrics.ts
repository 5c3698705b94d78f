/**
 * Model metrics: ONE registry (STYLE.md §7) for regression, classification and quantile
 * models. Each entry carries its key, label, unit, formula and edge-case rule, and its compute
 * function; reports, the UI and tests read them from here. (Backtest metrics live in
 * `server/quant/backtest/metrics.ts`; DSR/PSR/PBO beside this file.)
 *
 * Conventions:
 * - Inputs are Float64Arrays of equal length n; class labels are numbers (e.g. −1/0/1) and
 *   `classes` lists them in ascending order (default: the distinct labels of yTrue ∪ yPred).
 *   Probabilities are one Float64Array per class, in `classes` order (as `predictProba`).
 * - n = 0 gives NaN; a zero denominator gives NaN (never ±Inf), as backtesting.py does.
 *   Departures from sklearn are marked "(differs from sklearn)".
 * - Binary problems: the positive class is the larger label (`classes[1]`), as sklearn's
 *   default pos_label = 1 for {0, 1}.
 */

export type ModelMetricUnit = "target" | "target²" | "fraction" | "ratio" | "nats";

export interface RegressionInput {
  yTrue: Float64Array;
  yPred: Float64Array;
}

export interface ClassificationInput {
  yTrue: Float64Array;
  yPred: Float64Array;
  /** Class labels in ascending order (default: distinct labels of yTrue and yPred). */
  classes?: Float64Array;
  /** Probabilities per class (in `classes` order); needed by ROC AUC and log loss. */
  proba?: readonly Float64Array[];
}

export interface QuantileInput {
  yTrue: Float64Array;
  /** Predicted α-quantile. */
  yPred: Float64Array;
  /** Quantile level α in (0, 1). */
  alpha: number;
}

export interface IntervalInput {
  yTrue: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
}

interface Common {
  label: string;
  unit: ModelMetricUnit;
  /** The formula, as the UI shows it. */
  formula: string;
  /** What happens at the edges. */
  edge: string;
  /** Whether larger values are better (for sorting and gates). */
  higherIsBetter: boolean;
}

export type ModelMetricDef =
  | (Common & { task: "regression"; compute: (x: RegressionInput) => number })
  | (Common & { task: "classification"; compute: (x: ClassificationInput) => number })
  | (Common & { task: "quantile"; compute: (x: QuantileInput) => number })
  | (Common & { task: "interval"; compute: (x: IntervalInput) => number });

// ------------------------------------------------------------------ regression kernels

function sameLength(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) throw new Error(`length mismatch: ${a.length} vs ${b.length}`);
  return a.length;
}

/** √(Σ (y − ŷ)² / n); NaN when n = 0. */
export function rmse(yTrue: Float64Array, yPred: Float64Array): number {
  const n = sameLength(yTrue, yPred);
  if (n === 0) return NaN;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = yTrue[i]! - yPred[i]!;
    s += d * d;
  }
  return Math.sqrt(s / n);
}

/** Σ |y − ŷ| / n; NaN when n = 0. */
export function mae(yTrue: Float64Array, yPred: Float64Array): number {
  const n = sameLength(yTrue, yPred);
  if (n === 0) return NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.abs(yTrue[i]! - yPred[i]!);
  return s / n;
}

/**
 * 1 − Σ(y − ŷ)² / Σ(y − ȳ)². NaN when n = 0 or y is constant (differs from sklearn, which
 * returns 1 for a perfect fit and 0 otherwise).
 */
export function r2(yTrue: Float64Array, yPred: Float64Array): number {
  const n = sameLength(yTrue, yPred);
  if (n === 0) return NaN;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += yTrue[i]!;
  mean /= n;
  let ssRes = 0, ssTot = 0;
  for (let i = 0; i < n; i++) {
    ssRes += (yTrue[i]! - yPred[i]!) ** 2;
    ssTot += (yTrue[i]! - mean) ** 2;
  }
  return ssTot > 0 ? 1 - ssRes / ssTot : NaN;
}

/**
 * Share of rows with y ≠ 0 where sign(ŷ) = sign(y) (a forward-return prediction calls the
 * direction). Rows with y = 0 are skipped; ŷ = 0 counts as a miss. NaN when no row has y ≠ 0.
 */
export function directionalAccuracy(yTrue: Float64Array, yPred: Float64Array): number {
  const n = sameLength(yTrue, yPred);
  let hit = 0, m = 0;
  for (let i = 0; i < n; i++) {
    const t = yTrue[i]!;
    if (t === 0) continue;
    m++;
    const p = yPred[i]!;
    if ((t > 0 && p > 0) || (t < 0 && p < 0)) hit++;
  }
  return m > 0 ? hit / m : NaN;
}

// ------------------------------------------------------------------ classification kernels

/** Sorted distinct labels of the given arrays. */
export function labelsOf(...arrays: Float64Array[]): Float64Array {
  const s = new Set<number>();
  for (const a of arrays) for (let i = 0; i < a.length; i++) s.add(a[i]!);
  return Float64Array.from([...s].sort((a, b) => a - b));
}

function classIndex(classes: Float64Array): Map<number, number> {
  const m = new Map<number, number>();
  classes.forEach((c, k) => m.set(c, k));
  return m;
}

/**
 * Confusion matrix C (row-major K×K Float64Array): C[t·K + p] = number of rows of true class
 * `classes[t]` predicted as `classes[p]` (sklearn's convention: rows true, columns predicted).
 * Rows whose labels are not in `classes` are ignored.
 */
export function confusionMatrix(yTrue: Float64Array, yPred: Float64Array, classes = labelsOf(yTrue, yPred)): Float64Array {
  const n = sameLength(yTrue, yPred);
  const K = classes.length;
  const idx = classIndex(classes);
  const C = new Float64Array(K * K);
  for (let i = 0; i < n; i++) {
    const t = idx.get(yTrue[i]!), p = idx.get(yPred[i]!);
    if (t === undefined || p === undefined) continue;
    C[t * K + p] = C[t * K + p]! + 1;
  }
  return C;
}

/** Share of rows with ŷ = y; NaN when n = 0. */
export function accuracy(yTrue: Float64Array, yPred: Float64Array): number {
  const n = sameLength(yTrue, yPred);
  if (n === 0) return NaN;
  let hit = 0;
  for (let i = 0; i < n; i++) if (yTrue[i] === yPred[i]) hit++;
  return hit / n;
}

export interface ClassReport {
  classes: Float64Array;
  /** TP / (TP + FP) per class; NaN when the class is never predicted. */
  precision: Float64Array;
  /** TP / (TP + FN) per class; NaN when the class never occurs. */
  recall: Float64Array;
  /** 2TP / (2TP + FP + FN) per class; NaN when the class neither occurs nor is predicted. */
  f1: Float64Array;
  /** Rows of each true class. */
  support: Float64Array;
  confusion: Float64Array;
}

/** Per-class precision, recall, F1 and support from the confusion matrix. */
export function classReport(yTrue: Float64Array, yPred: Float64Array, classes = labelsOf(yTrue, yPred)): ClassReport {
  const K = classes.length;
  const C = confusionMatrix(yTrue, yPred, classes);
  const precision = new Float64Array(K), recall = new Float64Array(K), f1 = new Float64Array(K), support = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    const tp = C[k * K + k]!;
    let rowSum = 0, colSum = 0;
    for (let j = 0; j < K; j++) {
      rowSum += C[k * K + j]!;
      colSum += C[j * K + k]!;
    }
    const fp = colSum - tp, fn = rowSum - tp;
    precision[k] = colSum > 0 ? tp / colSum : NaN;
    recall[k] = rowSum > 0 ? tp / rowSum : NaN;
    f1[k] = 2 * tp + fp + fn > 0 ? (2 * tp) / (2 * tp + fp + fn) : NaN;
    support[k] = rowSum;
  }
  return { classes, precision, recall, f1, support, confusion: C };
}

/**
 * Unweighted mean over classes, an undefined (NaN) class value counting as 0, as sklearn's
 * macro average with zero_division = 0. NaN when there are no classes.
 */
export function macroAverage(v: Float64Array): number {
  if (v.length === 0) return NaN;
  let s = 0;
  for (let k = 0; k < v.length; k++) s += Number.isNaN(v[k]!) ? 0 : v[k]!;
  return s / v.length;
}

/**
 * Binary ROC AUC of scores for the positive rows (`positive[i]` = 1) against the others:
 * the Mann–Whitney U statistic with average ranks for tied scores. NaN when either group is
 * empty.
 */
export function rocAucBinary(positive: Uint8Array, score: Float64Array): number {
  const n = score.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a]! - score[b]!);
  let nPos = 0;
  for (let i = 0; i < n; i++) nPos += positive[i]!;
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return NaN;
  let rankSumPos = 0;
  for (let r = 0; r < n; ) {
    let e = r + 1;
    while (e < n && score[order[e]!] === score[order[r]!]) e++;
    const avgRank = (r + 1 + e) / 2; // ranks r+1 … e
    for (let k = r; k < e; k++) if (positive[order[k]!]) rankSumPos += avgRank;
    r = e;
  }
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/** Reference for `rocAucBinary`: the share of (positive, negative) pairs ordered correctly, ties ½. O(n²). */
export function rocAucPairwiseReference(positive: ArrayLike<number>, score: ArrayLike<number>): number {
  let num = 0, den = 0;
  for (let i = 0; i < score.length; i++) {
    if (!positive[i]) continue;
    for (let j = 0; j < score.length; j++) {
      if (positive[j]) continue;
      den++;
      num += score[i]! > score[j]! ? 1 : score[i] === score[j] ? 0.5 : 0;
    }
  }
  return den > 0 ? num / den : NaN;
}

/**
 * ROC AUC from class probabilities. Binary: AUC of P(classes[1]). More classes: macro average
 * of the one-vs-rest AUCs (sklearn multi_class="ovr", average="macro"), skipping a class
 * absent from yTrue; NaN when no class has both positives and negatives.
 */
export function rocAuc(yTrue: Float64Array, proba: readonly Float64Array[], classes: Float64Array): number {
  const n = yTrue.length;
  const K = classes.length;
  if (proba.length !== K) throw new Error(`proba has ${proba.length} columns for ${K} classes`);
  const one = (k: number) => {
    const pos = new Uint8Array(n);
    for (let i = 0; i < n; i++) pos[i] = yTrue[i] === classes[k] ? 1 : 0;
    return rocAucBinary(pos, proba[k]!);
  };
  if (K === 2) return one(1);
  let s = 0, m = 0;
  for (let k = 0; k < K; k++) {
    const a = one(k);
    if (!Number.isNaN(a)) {
      s += a;
      m++;
    }
  }
  return m > 0 ? s / m : NaN;
}

/** Probability floor of the log loss: p is clipped to [1e-15, 1 − 1e-15]. */
export const LOG_LOSS_EPS = 1e-15;

/**
 * −Σ log p(true class) / n with p clipped to [ε, 1 − ε], ε = 1e-15 (probabilities are not
 * renormalised). NaN when n = 0; throws on a label not in `classes`.
 */
export function logLoss(yTrue: Float64Array, proba: readonly Float64Array[], classes: Float64Array): number {
  const n = yTrue.length;
  if (n === 0) return NaN;
  if (proba.length !== classes.length) throw new Error(`proba has ${proba.length} columns for ${classes.length} classes`);
  const idx = classIndex(classes);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const k = idx.get(yTrue[i]!);
    if (k === undefined) throw new Error(`label ${yTrue[i]} is not one of the classes`);
    const p = Math.min(Math.max(proba[k]![i]!, LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);
    s -= Math.log(p);
  }
  return s / n;
}

// ------------------------------------------------------------------ quantile and interval kernels

/**
 * Mean pinball loss at level α: Σ max(α(y − q), (α − 1)(y − q)) / n (sklearn
 * mean_pinball_loss). NaN when n = 0.
 */
export function pinballLoss(yTrue: Float64Array, q: Float64Array, alpha: number): number {
  const n = sameLength(yTrue, q);
  if (!(alpha > 0 && alpha < 1)) throw new Error("pinball loss: alpha must be in (0, 1)");
  if (n === 0) return NaN;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = yTrue[i]! - q[i]!;
    s += d >= 0 ? alpha * d : (alpha - 1) * d;
  }
  return s / n;
}

/** Share of rows with lower ≤ y ≤ upper (bounds inclusive). NaN when n = 0. */
export function intervalCoverage(yTrue: Float64Array, lower: Float64Array, upper: Float64Array): number {
  const n = sameLength(yTrue, lower);
  sameLength(yTrue, upper);
  if (n === 0) return NaN;
  let c = 0;
  for (let i = 0; i < n; i++) if (yTrue[i]! >= lower[i]! && yTrue[i]! <= upper[i]!) c++;
  return c / n;
}

/** Mean of upper − lower. NaN when n = 0. */
export function intervalWidth(lower: Float64Array, upper: Float64Array): number {
  const n = sameLength(lower, upper);
  if (n === 0) return NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += upper[i]! - lower[i]!;
  return s / n;
}

// ------------------------------------------------------------------ the registry

const classesOf = (x: ClassificationInput) => x.classes ?? labelsOf(x.yTrue, x.yPred);
const needProba = (x: ClassificationInput) => x.proba ?? null;
/** Macro average of one per-class column of the class report. */
const macroOf = (x: ClassificationInput, pick: (r: ClassReport) => Float64Array) =>
  macroAverage(pick(classReport(x.yTrue, x.yPred, classesOf(x))));

export const MODEL_METRICS = {
  rmse: {
    task: "regression", label: "RMSE", unit: "target", higherIsBetter: false,
    formula: "√(Σ(y − ŷ)² / n)", edge: "n = 0 → NaN",
    compute: (x: RegressionInput) => rmse(x.yTrue, x.yPred),
  },
  mae: {
    task: "regression", label: "MAE", unit: "target", higherIsBetter: false,
    formula: "Σ|y − ŷ| / n", edge: "n = 0 → NaN",
    compute: (x: RegressionInput) => mae(x.yTrue, x.yPred),
  },
  r2: {
    task: "regression", label: "R²", unit: "ratio", higherIsBetter: true,
    formula: "1 − Σ(y − ŷ)² / Σ(y − ȳ)²", edge: "n = 0 or constant y → NaN (differs from sklearn: 1 or 0)",
    compute: (x: RegressionInput) => r2(x.yTrue, x.yPred),
  },
  directional_accuracy: {
    task: "regression", label: "Directional accuracy", unit: "fraction", higherIsBetter: true,
    formula: "#{sign ŷ = sign y, y ≠ 0} / #{y ≠ 0}", edge: "rows with y = 0 skipped; ŷ = 0 is a miss; no row with y ≠ 0 → NaN",
    compute: (x: RegressionInput) => directionalAccuracy(x.yTrue, x.yPred),
  },
  accuracy: {
    task: "classification", label: "Accuracy", unit: "fraction", higherIsBetter: true,
    formula: "#{ŷ = y} / n", edge: "n = 0 → NaN",
    compute: (x: ClassificationInput) => accuracy(x.yTrue, x.yPred),
  },
  precision_macro: {
    task: "classification", label: "Precision (macro)", unit: "fraction", higherIsBetter: true,
    formula: "mean over classes of TP / (TP + FP)", edge: "a class never predicted counts 0 (sklearn zero_division=0); per class it is NaN",
    compute: (x: ClassificationInput) => macroOf(x, (r) => r.precision),
  },
  recall_macro: {
    task: "classification", label: "Recall (macro)", unit: "fraction", higherIsBetter: true,
    formula: "mean over classes of TP / (TP + FN)", edge: "a class that never occurs counts 0; per class it is NaN",
    compute: (x: ClassificationInput) => macroOf(x, (r) => r.recall),
  },
  f1_macro: {
    task: "classification", label: "F1 (macro)", unit: "fraction", higherIsBetter: true,
    formula: "mean over classes of 2TP / (2TP + FP + FN)", edge: "a class neither occurring nor predicted counts 0; per class it is NaN",
    compute: (x: ClassificationInput) => macroOf(x, (r) => r.f1),
  },
  roc_auc: {
    task: "classification", label: "ROC AUC", unit: "ratio", higherIsBetter: true,
    formula: "Mann–Whitney U / (n₊ n₋) on P(positive); multiclass: macro one-vs-rest",
    edge: "no probabilities, or one class only in y → NaN; tied scores get average ranks",
    compute: (x: ClassificationInput) => {
      const p = needProba(x);
      return p ? rocAuc(x.yTrue, p, classesOf(x)) : NaN;
    },
  },
  log_loss: {
    task: "classification", label: "Log loss", unit: "nats", higherIsBetter: false,
    formula: "−Σ ln p(true class) / n, p clipped to [1e-15, 1 − 1e-15]", edge: "no probabilities or n = 0 → NaN",
    compute: (x: ClassificationInput) => {
      const p = needProba(x);
      return p ? logLoss(x.yTrue, p, classesOf(x)) : NaN;
    },
  },
  pinball_loss: {
    task: "quantile", label: "Pinball loss", unit: "target", higherIsBetter: false,
    formula: "Σ max(α(y − q), (α − 1)(y − q)) / n", edge: "n = 0 → NaN; α outside (0, 1) throws",
    compute: (x: QuantileInput) => pinballLoss(x.yTrue, x.yPred, x.alpha),
  },
  interval_coverage: {
    task: "interval", label: "Interval coverage", unit: "fraction", higherIsBetter: true,
    formula: "#{lower ≤ y ≤ upper} / n", edge: "n = 0 → NaN; bounds inclusive",
    compute: (x: IntervalInput) => intervalCoverage(x.yTrue, x.lower, x.upper),
  },
  interval_width: {
    task: "interval", label: "Mean interval width", unit: "target", higherIsBetter: false,
    formula: "Σ(upper − lower) / n", edge: "n = 0 → NaN",
    compute: (x: IntervalInput) => intervalWidth(x.lower, x.upper),
  },
} as const satisfies Record<string, ModelMetricDef>;

export type ModelMetricKey = keyof typeof MODEL_METRICS;

type InputOf = { regression: RegressionInput; classification: ClassificationInput; quantile: QuantileInput; interval: IntervalInput };

/** Every registry metric of one task, in registry order. */
export function computeModelMetrics<T extends keyof InputOf>(task: T, input: InputOf[T]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, def] of Object.entries(MODEL_METRICS) as [string, ModelMetricDef][]) {
    if (def.task === task) out[key] = (def.compute as (x: InputOf[T]) => number)(input);
  }
  return out;
}
