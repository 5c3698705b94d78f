/**
 * Random forests (Breiman 2001), scikit-learn's RandomForestRegressor/Classifier on binned
 * features; the trees are grown by random-forest-tree.ts.
 *
 * Parameters and defaults (sklearn's, with one departure):
 * - nEstimators 100; bootstrap true (n rows drawn with replacement per tree; a row's weight is
 *   sampleWeight × its multiplicity); minSamplesLeaf 1;
 * - maxFeatures per split: "sqrt" for the classifier, 1 (all) for the regressor, "log2", or a
 *   fraction in (0, 1] of the features (max(1, ⌊fraction·F⌋), sklearn's float form);
 * - maxDepth 12 where sklearn grows without limit (0 here): a depth-12 tree has ≤ 4,096 leaves,
 *   which bounds the model, its ONNX file and TreeSHAP's O(leaves·depth²) per row on large
 *   data. It does change the fit on noisy data: on spx W3 (4,000 rows) the trees have ~500
 *   nodes instead of ~5,000 unlimited, in-sample R² 0.52 instead of 0.91, test R² −0.06
 *   instead of −0.22.
 * - maxBins 255 (binning.ts), seed 0 (FitOptions.seed overrides it).
 * Prediction: the mean over trees of each tree's leaf value, i.e. the mean of the leaf means
 * (regression) or of the leaf class frequencies (predictProba, as sklearn); `predict` of the
 * classifier is the first class with the largest probability.
 *
 * Class frequencies are stored on a grid of 2^−q with q = 24 − ⌈log2 nEstimators⌉ (cumulative
 * rounding, so a leaf's frequencies still sum to 1; each moves by < 2^−q, e.g. 7.6e−6 for 100
 * trees). Then every sum of leaf frequencies over the trees is an integer multiple of 2^−q below
 * 2^24·2^−q, exact in float32 and in float64 in any order: the ONNX graph's vote sums equal the
 * native ones bit for bit, so the class decisions agree on every row, ties included
 * (onnx/tree-ensemble.ts). This caps nEstimators at 65,536 (q ≥ 8).
 *
 * Out-of-bag score (with bootstrap): each row is predicted by the trees whose bootstrap sample
 * left it out; `oobScore` is the R² (regression) or accuracy (classification) over the rows
 * that were out of bag at least once (unweighted, as sklearn), null without bootstrap or when
 * no row ever was.
 */
import { SeededRandom } from "../data/random";
import { buildForestOnnx } from "../onnx/tree-ensemble";
import { accuracy, r2 } from "../validation/metrics";
import { binColumnsRowMajor, fitFeatureBins } from "./binning";
import {
  checkWeights,
  encodeLabels,
  expectKind,
  nRows,
  toNumbers,
  uniqueClasses,
  type Classifier,
  type Columns,
  type Estimator,
  type EstimatorJSON,
  type FitOptions,
  type Regressor,
} from "./estimator";
import { flatTreeFromJSON, flatTreeToJSON, type FlatTreeJSON } from "./flat-tree";
import { argmaxLabels } from "./linear";
import { growTree, treeScratch, type ForestData, type ForestTree } from "./random-forest-tree";

export type { ForestTree } from "./random-forest-tree";

export type MaxFeatures = "sqrt" | "log2" | number;

export interface RandomForestParams {
  nEstimators: number;
  /** Depth cap; 0 = none. */
  maxDepth: number;
  minSamplesLeaf: number;
  maxFeatures: MaxFeatures;
  bootstrap: boolean;
  /** Finite bins + the NaN bin, ≤ 256. */
  maxBins: number;
  seed: number;
}

export const RANDOM_FOREST_DEFAULTS: Omit<RandomForestParams, "maxFeatures"> = {
  nEstimators: 100,
  maxDepth: 12,
  minSamplesLeaf: 1,
  bootstrap: true,
  maxBins: 255,
  seed: 0,
};

export interface ForestModel {
  nFeatures: number;
  /** Values per node: 1 (regression) or the class count. */
  nOutputs: number;
  trees: ForestTree[];
  /** Out-of-bag R² / accuracy; null without bootstrap or when no row was ever out of bag. */
  oobScore: number | null;
}

// ------------------------------------------------------------------------ training

/** Features tried per split. */
export function featuresPerSplit(maxFeatures: MaxFeatures, F: number): number {
  if (maxFeatures === "sqrt") return Math.max(1, Math.floor(Math.sqrt(F)));
  if (maxFeatures === "log2") return Math.max(1, Math.floor(Math.log2(F)));
  if (typeof maxFeatures === "number" && maxFeatures > 0 && maxFeatures <= 1) return Math.max(1, Math.floor(maxFeatures * F));
  throw new RangeError(`maxFeatures must be "sqrt", "log2" or a fraction in (0, 1], got ${String(maxFeatures)}`);
}

/** Grid of the stored class frequencies for a forest of `nTrees` (see the module comment). */
export function frequencyQuantum(nTrees: number): number {
  return 2 ** -(24 - Math.ceil(Math.log2(nTrees)));
}

function checkParams(p: RandomForestParams): void {
  const int = (name: keyof RandomForestParams, lo: number, hi: number) => {
    const v = p[name] as number;
    if (!Number.isInteger(v) || v < lo || v > hi) throw new RangeError(`${name} must be an integer in ${lo}..${hi}, got ${v}`);
  };
  int("nEstimators", 1, 65_536);
  int("maxDepth", 0, 1_000);
  int("minSamplesLeaf", 1, Number.MAX_SAFE_INTEGER);
  int("maxBins", 2, 256);
  if (typeof p.bootstrap !== "boolean") throw new RangeError("bootstrap must be true or false");
}

/**
 * Fits the forest. `y`: targets (nClasses = 0) or class indices 0..nClasses−1. X may hold NaN
 * (learned direction per split); y must be finite.
 */
export function trainForest(X: Columns, y: Float64Array, nClasses: number, p: RandomForestParams, opts: FitOptions = {}): ForestModel {
  checkParams(p);
  const n = nRows(X);
  if (y.length !== n) throw new Error(`y has ${y.length} rows, X has ${n}`);
  if (n === 0) throw new Error("no rows to fit");
  for (let i = 0; i < n; i++) if (!Number.isFinite(y[i]!)) throw new Error(`y[${i}] is not finite`);
  const w = checkWeights(opts.sampleWeight, n);
  const F = X.length;
  const K = Math.max(1, nClasses);
  const T = p.nEstimators;
  const rng = new SeededRandom(p.seed);
  const edges = X.map((c, j) => fitFeatureBins(c, p.maxBins, 200_000, p.seed + j));
  const data: ForestData = { codes: X.map((c, j) => binColumnsRowMajor([c], [edges[j]!])), edges, target: y, nClasses };
  const growth = {
    maxDepth: p.maxDepth > 0 ? p.maxDepth : Infinity,
    minSamplesLeaf: p.minSamplesLeaf,
    mtry: featuresPerSplit(p.maxFeatures, F),
    quantum: frequencyQuantum(T),
  };
  const scratch = treeScratch(n, F, nClasses);
  const idx = new Uint32Array(n);
  const count = new Uint32Array(n);
  const rowWeight = new Float64Array(n);
  const oobSum = p.bootstrap ? new Float64Array(n * K) : null;
  const oobTrees = new Uint32Array(p.bootstrap ? n : 0);
  const trees: ForestTree[] = [];
  for (let t = 0; t < T; t++) {
    if (p.bootstrap) {
      count.fill(0);
      for (let d = 0; d < n; d++) count[rng.int(n)]!++;
    } else count.fill(1);
    let m = 0;
    for (let i = 0; i < n; i++) {
      rowWeight[i] = w[i]! * count[i]!;
      if (rowWeight[i]! > 0) idx[m++] = i;
    }
    if (m === 0) throw new Error("a bootstrap sample drew only rows of weight 0; give more rows positive sampleWeight");
    const tree = growTree(data, idx, m, rowWeight, growth, rng, scratch);
    trees.push(tree);
    if (oobSum) {
      for (let i = 0; i < n; i++) {
        if (count[i] !== 0) continue;
        const leaf = leafOf(tree, X, i);
        for (let k = 0; k < K; k++) oobSum[i * K + k]! += tree.value[leaf * K + k]!;
        oobTrees[i]!++;
      }
    }
  }
  return { nFeatures: F, nOutputs: K, trees, oobScore: oobSum ? outOfBagScore(oobSum, oobTrees, y, nClasses) : null };
}

/** R² (regression) or accuracy (classification) of the out-of-bag predictions. */
function outOfBagScore(sum: Float64Array, trees: Uint32Array, y: Float64Array, nClasses: number): number | null {
  const K = Math.max(1, nClasses);
  const rows: number[] = [];
  for (let i = 0; i < y.length; i++) if (trees[i]! > 0) rows.push(i);
  if (rows.length === 0) return null;
  const yTrue = Float64Array.from(rows, (i) => y[i]!);
  const yPred = Float64Array.from(rows, (i) => {
    if (nClasses === 0) return sum[i]! / trees[i]!;
    let best = 0;
    for (let k = 1; k < K; k++) if (sum[i * K + k]! > sum[i * K + best]!) best = k;
    return best;
  });
  const score = nClasses === 0 ? r2(yTrue, yPred) : accuracy(yTrue, yPred);
  return Number.isFinite(score) ? score : null;
}

// ------------------------------------------------------------------------ prediction

/** Leaf of `t` reached by row i of X: float32(x) ≤ threshold goes left, NaN by nanLeft. */
export function leafOf(t: ForestTree, X: Columns, i: number): number {
  let node = 0;
  let f = t.feature[0]!;
  while (f >= 0) {
    const x = X[f]![i]!;
    const goLeft = x !== x ? t.nanLeft[node] === 1 : Math.fround(x) <= t.threshold[node]!;
    node = goLeft ? t.left[node]! : t.right[node]!;
    f = t.feature[node]!;
  }
  return node;
}

/** Mean over the trees of the leaf values: nOutputs columns of n rows. */
export function forestPredict(model: ForestModel, X: Columns): Float64Array[] {
  const n = nRows(X, model.nFeatures);
  const K = model.nOutputs;
  const out = Array.from({ length: K }, () => new Float64Array(n));
  for (const t of model.trees) {
    for (let i = 0; i < n; i++) {
      const leaf = leafOf(t, X, i);
      for (let k = 0; k < K; k++) out[k]![i]! += t.value[leaf * K + k]!;
    }
  }
  const T = model.trees.length;
  for (const col of out) for (let i = 0; i < n; i++) col[i]! /= T;
  return out;
}

// ------------------------------------------------------------------------ JSON

function modelToState(m: ForestModel): Record<string, unknown> {
  return { nFeatures: m.nFeatures, nOutputs: m.nOutputs, oobScore: m.oobScore, trees: m.trees.map(flatTreeToJSON) };
}

function modelFromState(s: Record<string, unknown>): ForestModel {
  return {
    nFeatures: s.nFeatures as number, nOutputs: s.nOutputs as number, oobScore: (s.oobScore as number | null) ?? null,
    trees: (s.trees as FlatTreeJSON[]).map(flatTreeFromJSON),
  };
}

// ------------------------------------------------------------------------ estimators

function resolveParams(params: Partial<RandomForestParams>, maxFeatures: MaxFeatures, opts: FitOptions): RandomForestParams {
  return { ...RANDOM_FOREST_DEFAULTS, maxFeatures, ...params, ...(opts.seed !== undefined ? { seed: opts.seed } : {}) };
}

/** Random forest regressor (variance reduction; maxFeatures 1 by default). */
export class RandomForestRegressor implements Regressor {
  readonly kind = "random_forest_regressor";
  readonly task = "regression" as const;
  readonly params: Partial<RandomForestParams>;
  model: ForestModel | null = null;
  constructor(params: Partial<RandomForestParams> = {}) {
    this.params = { ...params };
  }
  get nFeatures(): number { return this.model?.nFeatures ?? 0; }
  /** Out-of-bag R² of the last fit (null without bootstrap). */
  get oobScore(): number | null { return this.model?.oobScore ?? null; }
  fit(X: Columns, y: Float64Array, opts: FitOptions = {}): this {
    this.model = trainForest(X, y, 0, resolveParams(this.params, 1, opts), opts);
    return this;
  }
  private m(): ForestModel {
    if (!this.model) throw new Error("random forest: not fitted");
    return this.model;
  }
  predict(X: Columns): Float64Array { return forestPredict(this.m(), X)[0]!; }
  toJSON(): EstimatorJSON {
    return { kind: this.kind, version: 1, params: { ...this.params }, state: this.model ? modelToState(this.model) : {} };
  }
  static fromJSON(json: EstimatorJSON): RandomForestRegressor {
    expectKind(json, "random_forest_regressor");
    const r = new RandomForestRegressor(json.params as Partial<RandomForestParams>);
    if (json.state.trees) r.model = modelFromState(json.state);
    return r;
  }
  toOnnx(): Uint8Array {
    const m = this.m();
    return buildForestOnnx({ trees: m.trees, nFeatures: m.nFeatures });
  }
}

/** Random forest classifier (Gini; maxFeatures "sqrt" by default), labels e.g. −1/0/1. */
export class RandomForestClassifier implements Classifier {
  readonly kind = "random_forest_classifier";
  readonly task = "classification" as const;
  readonly params: Partial<RandomForestParams>;
  model: ForestModel | null = null;
  classes: Float64Array = new Float64Array(0);
  constructor(params: Partial<RandomForestParams> = {}) {
    this.params = { ...params };
  }
  get nFeatures(): number { return this.model?.nFeatures ?? 0; }
  /** Out-of-bag accuracy of the last fit (null without bootstrap). */
  get oobScore(): number | null { return this.model?.oobScore ?? null; }
  fit(X: Columns, y: Float64Array, opts: FitOptions = {}): this {
    const classes = uniqueClasses(y);
    if (classes.length < 2) throw new Error("random forest classifier needs at least 2 classes in y");
    const enc = Float64Array.from(encodeLabels(y, classes));
    this.model = trainForest(X, enc, classes.length, resolveParams(this.params, "sqrt", opts), opts);
    this.classes = classes;
    return this;
  }
  private m(): ForestModel {
    if (!this.model) throw new Error("random forest: not fitted");
    return this.model;
  }
  predictProba(X: Columns): Float64Array[] { return forestPredict(this.m(), X); }
  predict(X: Columns): Float64Array { return argmaxLabels(this.predictProba(X), this.classes); }
  toJSON(): EstimatorJSON {
    return {
      kind: this.kind, version: 1, params: { ...this.params },
      state: this.model ? { ...modelToState(this.model), classes: toNumbers(this.classes) } : {},
    };
  }
  static fromJSON(json: EstimatorJSON): RandomForestClassifier {
    expectKind(json, "random_forest_classifier");
    const c = new RandomForestClassifier(json.params as Partial<RandomForestParams>);
    if (json.state.trees) {
      c.model = modelFromState(json.state);
      c.classes = Float64Array.from(json.state.classes as number[]);
    }
    return c;
  }
  toOnnx(): Uint8Array {
    const m = this.m();
    return buildForestOnnx({ trees: m.trees, nFeatures: m.nFeatures, classes: this.classes, quantum: frequencyQuantum(m.trees.length) });
  }
}

/** Restores either forest from its JSON (dispatch on `kind`). */
export function randomForestFromJSON(json: EstimatorJSON): Estimator {
  if (json.kind === "random_forest_regressor") return RandomForestRegressor.fromJSON(json);
  if (json.kind === "random_forest_classifier") return RandomForestClassifier.fromJSON(json);
  throw new Error(`expected a random forest ("random_forest_regressor" or "random_forest_classifier"), got "${json.kind}"`);
}
