/**
 * Histogram gradient-boosted trees (one thread, typed arrays only in the hot loops).
 *
 * - Binning: binning.ts (≤ 254 quantile bins of float32 values + a NaN bin per feature).
 * - Split finding, by the row count (SORTED_SPLIT_MAX_ROWS): over gradient histograms
 *   (gbdt-space.ts: WebAssembly histogram and partition kernels over one memory per fit, plain-loop
 *   references where WebAssembly is missing; both give the same model), or for small fits over
 *   each node's rows sorted by bin code (gbdt-sorted.ts: no histograms; the choice a histogram
 *   built from the node's rows gives). Candidates are judged in gbdt-split.ts.
 * - Growth: depth-wise to `maxDepth` (default), or leaf-wise (best gain first) when
 *   `maxLeaves > 0`, still capped by `maxDepth` when that is > 0.
 * - Split gain (xgboost's): ½·[G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)]; a split needs
 *   gain > minSplitGain, ≥ minChildSamples rows and ≥ minChildWeight hessian on each side.
 * - Leaf value: −G/(H+λ)·learningRate (quantile loss: learningRate × the α-quantile of the
 *   leaf's residuals, LightGBM's leaf renewal, since its hessian is a constant 1).
 * - NaN: its own bin; each split learns the side NaN goes to (the better gain). When a node saw
 *   no NaN in training, NaN follows the child with more training rows.
 * - Histogram subtraction: only the smaller child's histogram is built from rows, the larger is
 *   parent − smaller. Children that cannot split again get no histogram at all, except under
 *   squared loss (no weights, every row and feature in every tree), where the leaves' histograms
 *   give the next tree's root histogram (Builder.carryRoot) instead of a pass over all rows.
 * - Per node: cover = Σ hessians of its training rows (xgboost's cover; the row count under
 *   squared/quantile loss without weights), kept for TreeSHAP.
 * - Row subsampling (`subsample`, Bernoulli per tree) and `featureFraction` (per tree: xgboost's
 *   colsample_bytree, featureCount) use SeededRandom(seed): the same seed gives the same model.
 * - Early stopping: with `FitOptions.validation`, stops when the validation loss has not improved
 *   for `earlyStoppingRounds` rounds and keeps the trees up to the best round.
 * - Losses: squared error (base score mean y), quantile (alpha; base score the α-quantile of y),
 *   binary log loss (base score log-odds of the positive rate), multiclass softmax (one tree per
 *   class per round; base scores log class priors; hessian p(1−p)).
 * - Prediction compares float32(x) ≤ threshold (thresholds are float32 bin edges), exactly the
 *   comparison ONNX TreeEnsemble makes on float input.
 */
import { SeededRandom } from "../data/random";
import { buildTreeEnsembleOnnx } from "../onnx/tree-ensemble";
import { binColumns, fitFeatureBins, NAN_BIN as NAN_BIN_IMPORTED } from "./binning";
import { SortedRows } from "./gbdt-sorted";
import { GbdtSpace, HIST_BINS, type HistogramSlot } from "./gbdt-space";
import { findSplitInHistogram, SplitSearch } from "./gbdt-split";

// a module-local copy: hot loops must not read an import binding (a getter under some loaders)
const NAN_BIN: number = NAN_BIN_IMPORTED;
import {
  checkWeights,
  encodeLabels,
  expectKind,
  nRows,
  toNumbers,
  uniqueClasses,
  type Classifier,
  type Columns,
  type EstimatorJSON,
  type FitOptions,
  type Regressor,
} from "./estimator";

export type GbdtLoss = "squared" | "quantile" | "logloss" | "softmax";

export interface GbdtParams {
  nEstimators: number;
  learningRate: number;
  /** Depth cap (≥ 1; 0 = none, only with maxLeaves). */
  maxDepth: number;
  /** > 0: leaf-wise growth up to this many leaves; 0: depth-wise. */
  maxLeaves: number;
  /** L2 regularisation λ on leaf values. */
  lambda: number;
  minChildSamples: number;
  minChildWeight: number;
  minSplitGain: number;
  /** Features drawn per tree: featureCount(featureFraction, nFeatures). */
  featureFraction: number;
  subsample: number;
  /** Finite bins + the NaN bin, ≤ 256 (default 255). */
  maxBins: number;
  earlyStoppingRounds: number;
  /** Quantile loss level. */
  alpha: number;
  seed: number;
}

export const GBDT_DEFAULTS: GbdtParams = {
  nEstimators: 100,
  learningRate: 0.1,
  maxDepth: 6,
  maxLeaves: 0,
  lambda: 1,
  minChildSamples: 20,
  minChildWeight: 1e-3,
  minSplitGain: 0,
  featureFraction: 1,
  subsample: 1,
  maxBins: 255,
  earlyStoppingRounds: 10,
  alpha: 0.5,
  seed: 0,
};

/** One tree, flat: node 0 is the root; `feature[i] < 0` marks a leaf. */
export interface GbdtTree {
  feature: Int32Array;
  /** Float32 threshold: float32(x) ≤ threshold goes left. */
  threshold: Float64Array;
  /** 1 when NaN goes left. */
  nanLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  /** Leaf values (learning rate applied); 0 at internal nodes. */
  value: Float64Array;
  /** Split gain at internal nodes. */
  gain: Float64Array;
  /**
   * Sum of the training hessians of the rows reaching each node, internal nodes and leaves
   * (xgboost's "cover"; the row count under squared/quantile loss without weights). TreeSHAP
   * weighs the two children of a split by it.
   */
  cover: Float64Array;
}

export interface GbdtModel {
  loss: GbdtLoss;
  nFeatures: number;
  /** Outputs per row (1, or the class count for softmax). */
  nOutputs: number;
  baseScore: Float64Array;
  /** Round r, output k → trees[r * nOutputs + k]. */
  trees: GbdtTree[];
  /** Rounds kept (after early stopping). */
  rounds: number;
  trainLoss: number[];
  validLoss: number[];
}

// ------------------------------------------------------------------------ formulas

/** ½·[G_L²/(H_L+λ) + G_R²/(H_R+λ) − (G_L+G_R)²/(H_L+H_R+λ)]. */
export function splitGain(gl: number, hl: number, gr: number, hr: number, lambda: number): number {
  const g = gl + gr, h = hl + hr;
  return 0.5 * ((gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - (g * g) / (h + lambda));
}

/**
 * Features per tree for a feature fraction: xgboost's colsample_bytree count,
 * max(1, ⌊fraction·F⌋) in float32 (src/common/random.cc: static_cast<int>(colsample · size)),
 * so that a fraction draws as many features as it does there (0.54 of 20: 10, not 11).
 */
export function featureCount(fraction: number, nFeatures: number): number {
  return Math.max(1, Math.trunc(Math.fround(Math.fround(fraction) * nFeatures)));
}

/** −G/(H+λ)·lr. */
export function leafValue(g: number, h: number, lambda: number, lr: number): number {
  return (-g / (h + lambda)) * lr;
}

function quantileOf(a: Float64Array, alpha: number): number {
  const s = Float64Array.from(a).sort();
  if (s.length === 0) return 0;
  const pos = alpha * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo]! + (pos - lo) * (s[hi]! - s[lo]!);
}

// ------------------------------------------------------------------------ tree building

interface OpenNode {
  id: number;
  start: number;
  end: number;
  depth: number;
  g: number;
  h: number;
  hist: Float64Array | null;
  // best split
  gain: number;
  feat: number;
  bin: number;
  nanLeft: number;
  gl: number;
  hl: number;
  cl: number;
}

interface Builder {
  /** Bin codes, (g, h) per row, the row order; the histogram and partition kernels. */
  space: GbdtSpace;
  /** Small fits: split finding over rows sorted by code (gbdt-sorted.ts), no histograms. */
  sorted: SortedRows | null;
  search: SplitSearch;
  F: number;
  nBins: Int32Array; // finite bins per feature
  edges: Float64Array[];
  p: GbdtParams;
  pool: Float64Array[];
  /** Doubles per histogram bin: 2 when every row's hessian is 1 (H is the count), else 4. */
  slot: HistogramSlot;
  /**
   * The next tree's root histogram comes from this tree's leaves (squared loss, no weights,
   * every row and feature in every tree): the next gradient is g + v_leaf per row (g = f − y),
   * so per bin G' = Σ_leaves (G_leaf + v_leaf·count_leaf), and the root needs no pass over the
   * rows. Every leaf then gets a histogram: the smaller of two sibling leaves is built from its
   * rows (on W3 ~70,000 rows a tree, against 800,000 for the root), the other by subtraction.
   */
  carryRoot: boolean;
}

/** A histogram from the pool; `GbdtSpace.histogram` overwrites the features it builds. */
function takeHist(b: Builder): Float64Array {
  return b.pool.pop() ?? new Float64Array(b.space.histogramLength);
}

function subtractHist(parent: Float64Array, child: Float64Array, feats: Int32Array, perFeature: number): void {
  for (let q = 0; q < feats.length; q++) {
    const a = feats[q]! * perFeature;
    for (let s = a; s < a + perFeature; s++) parent[s]! -= child[s]!;
  }
}

/** The node's best split into its gain, feat, bin, nanLeft, gl, hl, cl (feat −1: none). */
function findSplit(b: Builder, node: OpenNode, feats: Int32Array): void {
  const s = b.search;
  s.startNode(node.g, node.h, node.end - node.start);
  if (b.sorted) b.sorted.findSplit(s, node.start, node.end);
  else findSplitInHistogram(s, node.hist!, b.slot, feats, b.nBins);
  node.gain = s.gain; node.feat = s.feat; node.bin = s.bin; node.nanLeft = s.nanLeft; node.gl = s.gl; node.hl = s.hl; node.cl = s.cl;
}

interface BuiltTree {
  tree: GbdtTree;
  /** Leaf segments of idx: leafStart[i], leafEnd[i], leafNode[i]. */
  leafStart: number[];
  leafEnd: number[];
  leafNode: number[];
  /** With `carryRoot`: the next tree's root histogram. */
  nextRootHist: Float64Array | null;
}

/** The next tree's root histogram from the leaves' (slot 2: G' = Σ (G + v·count), count' = Σ count). */
function rootFromLeaves(b: Builder, leafHists: Float64Array[], leafValues: number[]): Float64Array {
  const next = takeHist(b).fill(0);
  for (let l = 0; l < leafHists.length; l++) {
    const h = leafHists[l]!, v = leafValues[l]!;
    for (let s = 0; s < next.length; s += 2) {
      next[s]! += h[s]! + v * h[s + 1]!;
      next[s + 1]! += h[s + 1]!;
    }
    b.pool.push(h);
  }
  return next;
}

/**
 * Grows one tree over rows idx[0..m) (ascending; `sample[r]` = 1 for them, null: every row);
 * `rootHist`: the root's histogram when carried over.
 */
function buildTree(b: Builder, m: number, feats: Int32Array, rootHist: Float64Array | null, sample: Uint8Array | null): BuiltTree {
  const { idx, gh, ghStride } = b.space;
  const perFeature = HIST_BINS * b.slot;
  const p = b.p;
  const maxDepth = p.maxDepth > 0 ? p.maxDepth : Infinity;
  const leafWise = p.maxLeaves > 0;
  const feature: number[] = [], threshold: number[] = [], nanLeft: number[] = [], left: number[] = [], right: number[] = [], value: number[] = [], gainA: number[] = [], cover: number[] = [];
  const leafStart: number[] = [], leafEnd: number[] = [], leafNode: number[] = [];
  const carry = b.carryRoot, leafHists: Float64Array[] = [], leafValues: number[] = [];
  const newNode = (h: number): number => {
    feature.push(-1); threshold.push(0); nanLeft.push(0); left.push(-1); right.push(-1); value.push(0); gainA.push(0); cover.push(h);
    return feature.length - 1;
  };
  const makeLeaf = (n: OpenNode) => {
    value[n.id] = leafValue(n.g, n.h, p.lambda, p.learningRate);
    leafStart.push(n.start); leafEnd.push(n.end); leafNode.push(n.id);
    if (carry) { leafHists.push(n.hist!); leafValues.push(value[n.id]!); }
    else if (n.hist) b.pool.push(n.hist);
    n.hist = null;
  };
  const canSplit = (start: number, end: number, depth: number) => depth < maxDepth && end - start >= 2 * p.minChildSamples;

  let G = 0, H = 0;
  if (b.slot === 2) {
    for (let k = 0; k < m; k++) G += gh[idx[k]! * ghStride]!;
    H = m; // every hessian 1
  } else {
    for (let k = 0; k < m; k++) { const r = idx[k]! * ghStride; G += gh[r]!; H += gh[r + 1]!; }
  }
  const root: OpenNode = { id: newNode(H), start: 0, end: m, depth: 0, g: G, h: H, hist: null, gain: 0, feat: -1, bin: 0, nanLeft: 0, gl: 0, hl: 0, cl: 0 };
  const open: OpenNode[] = [];
  if (b.sorted) b.sorted.layRoot(feats, sample, b.space);
  else if (rootHist) root.hist = rootHist;
  else if (carry || canSplit(0, m, 0)) {
    root.hist = takeHist(b);
    b.space.histogram(root.hist, 0, m, feats);
  }
  if (canSplit(0, m, 0)) findSplit(b, root, feats);
  if (root.feat >= 0) open.push(root);
  else makeLeaf(root);
  let leaves = 1;
  while (open.length > 0) {
    if (leafWise && leaves >= p.maxLeaves) break;
    let pick = 0;
    if (leafWise) for (let i = 1; i < open.length; i++) if (open[i]!.gain > open[pick]!.gain) pick = i;
    const n = open.splice(pick, 1)[0]!;
    // the sorted path partitions its features' lists only when a child (n.cl rows left) splits again
    const splitsAgain = canSplit(n.start, n.start + n.cl, n.depth + 1) || canSplit(n.start + n.cl, n.end, n.depth + 1);
    const mid = b.sorted
      ? b.sorted.partition(n.start, n.end, n.feat, n.bin, n.nanLeft === 1, splitsAgain)
      : b.space.partition(n.start, n.end, n.feat, n.bin, n.nanLeft === 1);
    leaves++;
    const lId = newNode(n.hl), rId = newNode(n.h - n.hl);
    feature[n.id] = n.feat;
    threshold[n.id] = n.bin < b.edges[n.feat]!.length ? b.edges[n.feat]![n.bin]! : Infinity;
    nanLeft[n.id] = n.nanLeft;
    left[n.id] = lId; right[n.id] = rId; gainA[n.id] = n.gain;
    const L: OpenNode = { id: lId, start: n.start, end: mid, depth: n.depth + 1, g: n.gl, h: n.hl, hist: null, gain: 0, feat: -1, bin: 0, nanLeft: 0, gl: 0, hl: 0, cl: 0 };
    const R: OpenNode = { id: rId, start: mid, end: n.end, depth: n.depth + 1, g: n.g - n.gl, h: n.h - n.hl, hist: null, gain: 0, feat: -1, bin: 0, nanLeft: 0, gl: 0, hl: 0, cl: 0 };
    const lOk = canSplit(L.start, L.end, L.depth), rOk = canSplit(R.start, R.end, R.depth);
    if (b.sorted) {
      // nothing to build: the partition sorted the children's rows
    } else if ((lOk && rOk) || carry) {
      const [small, large] = L.end - L.start <= R.end - R.start ? [L, R] : [R, L];
      small.hist = takeHist(b);
      b.space.histogram(small.hist, small.start, small.end, feats);
      subtractHist(n.hist!, small.hist, feats, perFeature);
      large.hist = n.hist; n.hist = null;
    } else if (lOk || rOk) {
      const c = lOk ? L : R;
      c.hist = takeHist(b);
      b.space.histogram(c.hist, c.start, c.end, feats);
    }
    if (n.hist) { b.pool.push(n.hist); n.hist = null; }
    for (const [c, ok] of [[L, lOk], [R, rOk]] as const) {
      if (ok) findSplit(b, c, feats);
      if (c.feat >= 0) open.push(c);
      else makeLeaf(c);
    }
  }
  for (const n of open) makeLeaf(n);
  if (b.sorted) b.sorted.rowsInto(idx, m);
  return {
    tree: {
      feature: Int32Array.from(feature), threshold: Float64Array.from(threshold), nanLeft: Uint8Array.from(nanLeft),
      left: Int32Array.from(left), right: Int32Array.from(right), value: Float64Array.from(value), gain: Float64Array.from(gainA),
      cover: Float64Array.from(cover),
    },
    leafStart, leafEnd, leafNode,
    nextRootHist: carry ? rootFromLeaves(b, leafHists, leafValues) : null,
  };
}

// ------------------------------------------------------------------------ prediction kernels

/** Adds one tree's output to out[i * stride + k] for every row of X (float32 comparisons). */
export function addTreePrediction(t: GbdtTree, X: Columns, n: number, out: Float64Array, stride: number, k: number): void {
  const { feature, threshold, nanLeft, left, right, value } = t;
  for (let i = 0; i < n; i++) {
    let node = 0;
    let f = feature[0]!;
    while (f >= 0) {
      const x = X[f]![i]!;
      const goLeft = x !== x ? nanLeft[node] === 1 : Math.fround(x) <= threshold[node]!;
      node = goLeft ? left[node]! : right[node]!;
      f = feature[node]!;
    }
    out[i * stride + k]! += value[node]!;
  }
}

/** Raw scores [n × nOutputs] (row-major) of the first `rounds` rounds. */
export function predictRaw(model: GbdtModel, X: Columns, rounds = model.rounds): Float64Array {
  const n = nRows(X, model.nFeatures);
  const K = model.nOutputs;
  const out = new Float64Array(n * K);
  for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) out[i * K + k] = model.baseScore[k]!;
  for (let r = 0; r < rounds; r++) for (let k = 0; k < K; k++) addTreePrediction(model.trees[r * K + k]!, X, n, out, K, k);
  return out;
}

/** Reference: one row, one tree, by recursion over the flat arrays. */
export function treePredictReference(t: GbdtTree, row: readonly number[], node = 0): number {
  if (t.feature[node]! < 0) return t.value[node]!;
  const x = row[t.feature[node]!]!;
  const l = Number.isNaN(x) ? t.nanLeft[node] === 1 : Math.fround(x) <= t.threshold[node]!;
  return treePredictReference(t, row, l ? t.left[node]! : t.right[node]!);
}

// ------------------------------------------------------------------------ training

/** Loss value (mean over rows) of raw scores `f` [n × K] against targets. */
function lossValue(loss: GbdtLoss, f: Float64Array, y: Float64Array, w: Float64Array | null, K: number, alpha: number): number {
  const n = y.length;
  let s = 0, sw = 0;
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i]! : 1;
    let l: number;
    if (loss === "squared") { const d = y[i]! - f[i]!; l = d * d; }
    else if (loss === "quantile") { const d = y[i]! - f[i]!; l = d >= 0 ? alpha * d : (alpha - 1) * d; }
    else if (loss === "logloss") { const z = f[i]!; l = Math.max(z, 0) - z * y[i]! + Math.log1p(Math.exp(-Math.abs(z))); }
    else {
      let mx = -Infinity;
      for (let k = 0; k < K; k++) mx = Math.max(mx, f[i * K + k]!);
      let se = 0;
      for (let k = 0; k < K; k++) se += Math.exp(f[i * K + k]! - mx);
      l = mx + Math.log(se) - f[i * K + y[i]!]!;
    }
    s += wi * l; sw += wi;
  }
  return s / sw;
}

/**
 * gh[i·stride] = row i's gradient of the loss at raw scores `f` (output k of K) times its weight,
 * and with `withHessian` gh[i·stride + 1] = its hessian times its weight (else the hessian is 1:
 * squared or quantile loss, no weights). One loop per loss: the loss is not tested per row.
 */
function writeGradients(
  loss: GbdtLoss, f: Float64Array, y: Float64Array, w: Float64Array | null, prob: Float64Array | null,
  K: number, k: number, alpha: number, gh: Float64Array, stride: number, withHessian: boolean,
): void {
  const n = y.length;
  if (loss === "squared") {
    for (let i = 0, o = 0; i < n; i++, o += stride) {
      const wi = w ? w[i]! : 1;
      gh[o] = wi * (f[i]! - y[i]!);
      if (withHessian) gh[o + 1] = wi;
    }
  } else if (loss === "quantile") {
    for (let i = 0, o = 0; i < n; i++, o += stride) {
      const wi = w ? w[i]! : 1;
      gh[o] = wi * (y[i]! >= f[i]! ? -alpha : 1 - alpha);
      if (withHessian) gh[o + 1] = wi;
    }
  } else if (loss === "logloss") {
    for (let i = 0, o = 0; i < n; i++, o += stride) {
      const wi = w ? w[i]! : 1;
      const q = 1 / (1 + Math.exp(-f[i]!));
      gh[o] = wi * (q - y[i]!); gh[o + 1] = wi * Math.max(q * (1 - q), 1e-16);
    }
  } else {
    for (let i = 0, o = 0; i < n; i++, o += stride) {
      const wi = w ? w[i]! : 1;
      const q = prob![i * K + k]!;
      gh[o] = wi * (q - (y[i] === k ? 1 : 0)); gh[o + 1] = wi * Math.max(q * (1 - q), 1e-16);
    }
  }
}

/**
 * Up to this many rows a fit finds splits over rows sorted by code (gbdt-sorted.ts), beyond it
 * over histograms: per tree level the sorted search visits every row of every feature, the
 * histogram search 255 bins per feature and node plus the rows of the smaller children.
 */
export const SORTED_SPLIT_MAX_ROWS = 4096;

/** How splits are found: by the row count (SORTED_SPLIT_MAX_ROWS), or forced (tests). */
export type SplitFinding = "auto" | "histogram" | "sorted";

/**
 * Fit the boosted model. `y`: targets (regression), 0/1 (logloss) or class indices 0..K−1
 * (softmax). Returns the model; rows of X must be finite or NaN.
 */
export function trainGbdt(
  X: Columns, y: Float64Array, loss: GbdtLoss, nClasses: number, params: Partial<GbdtParams>, opts: FitOptions = {},
  splitFinding: SplitFinding = "auto",
): GbdtModel {
  const p: GbdtParams = { ...GBDT_DEFAULTS, ...params, ...(opts.seed !== undefined ? { seed: opts.seed } : {}) };
  if (!(p.maxDepth >= 1 || p.maxLeaves >= 2)) throw new RangeError("need maxDepth ≥ 1 or maxLeaves ≥ 2");
  if (!(p.learningRate > 0)) throw new RangeError("learningRate must be > 0");
  if (!(p.featureFraction > 0 && p.featureFraction <= 1) || !(p.subsample > 0 && p.subsample <= 1)) throw new RangeError("featureFraction and subsample must be in (0, 1]");
  const n = nRows(X);
  if (y.length !== n) throw new Error(`y has ${y.length} rows, X has ${n}`);
  if (n === 0) throw new Error("no rows to fit");
  for (let i = 0; i < n; i++) if (!Number.isFinite(y[i]!)) throw new Error(`y[${i}] is not finite`);
  const w = opts.sampleWeight ? checkWeights(opts.sampleWeight, n) : null;
  const F = X.length;
  const K = loss === "softmax" ? nClasses : 1;
  const rng = new SeededRandom(p.seed);

  // bins
  const edges = X.map((c, j) => fitFeatureBins(c, p.maxBins, 200_000, p.seed + j));
  const nBins = Int32Array.from(edges, (e) => e.length + 1);
  const constHess = !w && (loss === "squared" || loss === "quantile");
  const space = new GbdtSpace(n, F, constHess ? 2 : 4);
  const { columns, gh, ghStride, idx } = space;
  binColumns(X, edges, columns);
  space.fillRowCodes();
  const nFeat = featureCount(p.featureFraction, F);
  const sorted = splitFinding === "sorted" || (splitFinding === "auto" && n <= SORTED_SPLIT_MAX_ROWS) ? new SortedRows(columns, n, F, nBins) : null;
  const carryRoot = !sorted && loss === "squared" && !w && p.subsample === 1 && nFeat === F;
  const b: Builder = { space, sorted, search: new SplitSearch(p), F, nBins, edges, p, pool: [], slot: constHess ? 2 : 4, carryRoot };

  // base score
  const base = new Float64Array(K);
  let sw = 0;
  for (let i = 0; i < n; i++) sw += w ? w[i]! : 1;
  if (loss === "squared" || loss === "logloss") {
    let s = 0;
    for (let i = 0; i < n; i++) s += (w ? w[i]! : 1) * y[i]!;
    const m = s / sw;
    base[0] = loss === "squared" ? m : Math.log(Math.max(m, 1e-15) / Math.max(1 - m, 1e-15));
  } else if (loss === "quantile") base[0] = quantileOf(y, p.alpha);
  else {
    const c = new Float64Array(K);
    for (let i = 0; i < n; i++) c[y[i]!]! += w ? w[i]! : 1;
    for (let k = 0; k < K; k++) base[k] = Math.log(Math.max(c[k]! / sw, 1e-15));
  }

  const f = new Float64Array(n * K);
  for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) f[i * K + k] = base[k]!;
  const val = opts.validation;
  let fv: Float64Array | null = null;
  if (val) {
    const nv = nRows(val.X, F);
    fv = new Float64Array(nv * K);
    for (let i = 0; i < nv; i++) for (let k = 0; k < K; k++) fv[i * K + k] = base[k]!;
  }

  const prob = loss === "softmax" ? new Float64Array(n * K) : null;
  const inSample = new Uint8Array(n);
  const trees: GbdtTree[] = [];
  const trainLoss: number[] = [], validLoss: number[] = [];
  let best = Infinity, bestRound = 0;
  const allFeats = Int32Array.from({ length: F }, (_, j) => j);
  let carried: Float64Array | null = null;

  for (let round = 0; round < p.nEstimators; round++) {
    // rows
    let m = 0;
    if (p.subsample < 1) {
      inSample.fill(0);
      for (let i = 0; i < n; i++) if (rng.uniform() < p.subsample) { idx[m++] = i; inSample[i] = 1; }
      if (m === 0) { idx[m++] = rng.int(n); inSample[idx[0]!] = 1; }
    } else {
      for (let i = 0; i < n; i++) idx[i] = i;
      m = n;
    }
    // features (partial Fisher–Yates, then sorted)
    let feats = allFeats;
    if (nFeat < F) {
      const perm = Int32Array.from(allFeats);
      for (let q = 0; q < nFeat; q++) { const r = q + rng.int(F - q); const t = perm[q]!; perm[q] = perm[r]!; perm[r] = t; }
      feats = perm.slice(0, nFeat).sort();
    }
    if (prob) {
      for (let i = 0; i < n; i++) {
        let mx = -Infinity;
        for (let k = 0; k < K; k++) mx = Math.max(mx, f[i * K + k]!);
        let se = 0;
        for (let k = 0; k < K; k++) { const e = Math.exp(f[i * K + k]! - mx); prob[i * K + k] = e; se += e; }
        for (let k = 0; k < K; k++) prob[i * K + k]! /= se;
      }
    }
    for (let k = 0; k < K; k++) {
      writeGradients(loss, f, y, w, prob, K, k, p.alpha, gh, ghStride, !constHess);
      if (p.subsample < 1) {
        // idx is rebuilt each class tree (partition permutes it)
        m = 0;
        for (let i = 0; i < n; i++) if (inSample[i]) idx[m++] = i;
      } else if (k > 0) for (let i = 0; i < n; i++) idx[i] = i;
      const built = buildTree(b, m, feats, carried, p.subsample < 1 ? inSample : null);
      carried = built.nextRootHist;
      const t = built.tree;
      if (loss === "quantile") {
        // leaf renewal: lr × α-quantile of the leaf's residuals
        for (let l = 0; l < built.leafNode.length; l++) {
          const s = built.leafStart[l]!, e = built.leafEnd[l]!;
          const res = new Float64Array(e - s);
          for (let q = s; q < e; q++) { const r = idx[q]!; res[q - s] = y[r]! - f[r]!; }
          t.value[built.leafNode[l]!] = p.learningRate * quantileOf(res, p.alpha);
        }
      }
      trees.push(t);
      // update training scores
      for (let l = 0; l < built.leafNode.length; l++) {
        const v = t.value[built.leafNode[l]!]!;
        for (let q = built.leafStart[l]!; q < built.leafEnd[l]!; q++) f[idx[q]! * K + k]! += v;
      }
      if (p.subsample < 1) {
        // rows outside the sample: traverse
        for (let i = 0; i < n; i++) {
          if (inSample[i]) continue;
          let node = 0;
          while (t.feature[node]! >= 0) {
            const c = columns[t.feature[node]! * n + i]!;
            const x = X[t.feature[node]!]![i]!;
            const goLeft = c === NAN_BIN ? t.nanLeft[node] === 1 : Math.fround(x) <= t.threshold[node]!;
            node = goLeft ? t.left[node]! : t.right[node]!;
          }
          f[i * K + k]! += t.value[node]!;
        }
      }
      if (val) addTreePrediction(t, val.X, val.y.length, fv!, K, k);
    }
    if (opts.onProgress || val) trainLoss.push(lossValue(loss, f, y, w, K, p.alpha));
    if (val) {
      const vl = lossValue(loss, fv!, val.y, null, K, p.alpha);
      validLoss.push(vl);
      if (vl < best - 1e-15) { best = vl; bestRound = round + 1; }
      else if (round + 1 - bestRound >= p.earlyStoppingRounds) break;
    }
    opts.onProgress?.(round + 1, val ? validLoss[round]! : trainLoss[round]!);
  }
  const rounds = val ? bestRound : trees.length / K;
  return { loss, nFeatures: F, nOutputs: K, baseScore: base, trees: trees.slice(0, rounds * K), rounds, trainLoss, validLoss };
}

/** Total split gain per feature (importance). */
export function gainImportance(model: GbdtModel): Float64Array {
  const out = new Float64Array(model.nFeatures);
  for (const t of model.trees) for (let i = 0; i < t.feature.length; i++) if (t.feature[i]! >= 0) out[t.feature[i]!]! += t.gain[i]!;
  return out;
}

// ------------------------------------------------------------------------ JSON

interface TreeJSON { feature: number[]; threshold: (number | "inf")[]; nanLeft: number[]; left: number[]; right: number[]; value: number[]; gain: number[]; cover: number[] }

/** JSON version 2 added per-node `cover`; version 1 documents (without it) are refused. */
const GBDT_JSON_VERSION = 2;

function treeToJSON(t: GbdtTree): TreeJSON {
  return {
    feature: Array.from(t.feature), threshold: Array.from(t.threshold, (v) => (v === Infinity ? "inf" : v)),
    nanLeft: Array.from(t.nanLeft), left: Array.from(t.left), right: Array.from(t.right), value: toNumbers(t.value), gain: toNumbers(t.gain),
    cover: toNumbers(t.cover),
  };
}
function treeFromJSON(j: TreeJSON): GbdtTree {
  return {
    feature: Int32Array.from(j.feature), threshold: Float64Array.from(j.threshold, (v) => (v === "inf" ? Infinity : v)),
    nanLeft: Uint8Array.from(j.nanLeft), left: Int32Array.from(j.left), right: Int32Array.from(j.right),
    value: Float64Array.from(j.value), gain: Float64Array.from(j.gain), cover: Float64Array.from(j.cover),
  };
}
function modelToState(m: GbdtModel): Record<string, unknown> {
  return {
    loss: m.loss, nFeatures: m.nFeatures, nOutputs: m.nOutputs, baseScore: toNumbers(m.baseScore), rounds: m.rounds,
    trees: m.trees.map(treeToJSON), trainLoss: m.trainLoss, validLoss: m.validLoss,
  };
}
function modelFromState(s: Record<string, unknown>): GbdtModel {
  return {
    loss: s.loss as GbdtLoss, nFeatures: s.nFeatures as number, nOutputs: s.nOutputs as number,
    baseScore: Float64Array.from(s.baseScore as number[]), rounds: s.rounds as number,
    trees: (s.trees as TreeJSON[]).map(treeFromJSON), trainLoss: (s.trainLoss as number[]) ?? [], validLoss: (s.validLoss as number[]) ?? [],
  };
}

// ------------------------------------------------------------------------ estimators

export type GbdtRegressorParams = Partial<GbdtParams> & { loss?: "squared" | "quantile" };

/** GBDT regressor: squared error or quantile (alpha) loss. */
export class GbdtRegressor implements Regressor {
  readonly kind = "gbdt_regressor";
  readonly task = "regression" as const;
  readonly params: GbdtRegressorParams;
  model: GbdtModel | null = null;
  constructor(params: GbdtRegressorParams = {}) {
    this.params = { ...params };
  }
  get nFeatures(): number { return this.model?.nFeatures ?? 0; }
  fit(X: Columns, y: Float64Array, opts: FitOptions = {}): this {
    const { loss = "squared", ...p } = this.params;
    this.model = trainGbdt(X, y, loss, 1, p, opts);
    return this;
  }
  private m(): GbdtModel {
    if (!this.model) throw new Error("gbdt: not fitted");
    return this.model;
  }
  predict(X: Columns): Float64Array { return predictRaw(this.m(), X); }
  toJSON(): EstimatorJSON {
    return { kind: this.kind, version: GBDT_JSON_VERSION, params: { ...this.params }, state: this.model ? modelToState(this.model) : {} };
  }
  static fromJSON(json: EstimatorJSON): GbdtRegressor {
    expectKind(json, "gbdt_regressor", GBDT_JSON_VERSION);
    const r = new GbdtRegressor(json.params as GbdtRegressorParams);
    if (json.state.trees) r.model = modelFromState(json.state);
    return r;
  }
  toOnnx(): Uint8Array {
    const m = this.m();
    return buildTreeEnsembleOnnx({ trees: m.trees, nFeatures: m.nFeatures, nOutputs: 1, baseScore: m.baseScore, post: "none" });
  }
}

/** GBDT classifier: binary log loss (2 classes) or softmax (≥ 3, e.g. SELL/HOLD/BUY = −1/0/1). */
export class GbdtClassifier implements Classifier {
  readonly kind = "gbdt_classifier";
  readonly task = "classification" as const;
  readonly params: Partial<GbdtParams>;
  model: GbdtModel | null = null;
  classes: Float64Array = new Float64Array(0);
  constructor(params: Partial<GbdtParams> = {}) {
    this.params = { ...params };
  }
  get nFeatures(): number { return this.model?.nFeatures ?? 0; }
  fit(X: Columns, y: Float64Array, opts: FitOptions = {}): this {
    const classes = uniqueClasses(y);
    if (classes.length < 2) throw new Error("gbdt classifier needs at least 2 classes");
    const enc = Float64Array.from(encodeLabels(y, classes));
    const o: FitOptions = { ...opts };
    if (opts.validation) o.validation = { X: opts.validation.X, y: Float64Array.from(encodeLabels(opts.validation.y, classes)) };
    this.classes = classes;
    this.model = trainGbdt(X, enc, classes.length === 2 ? "logloss" : "softmax", classes.length, this.params, o);
    return this;
  }
  private m(): GbdtModel {
    if (!this.model) throw new Error("gbdt: not fitted");
    return this.model;
  }
  predictProba(X: Columns): Float64Array[] {
    const m = this.m();
    const raw = predictRaw(m, X);
    const n = raw.length / m.nOutputs;
    const C = this.classes.length;
    const out = Array.from({ length: C }, () => new Float64Array(n));
    if (m.nOutputs === 1) {
      for (let i = 0; i < n; i++) { const q = 1 / (1 + Math.exp(-raw[i]!)); out[0]![i] = 1 - q; out[1]![i] = q; }
    } else {
      for (let i = 0; i < n; i++) {
        let mx = -Infinity;
        for (let k = 0; k < C; k++) mx = Math.max(mx, raw[i * C + k]!);
        let s = 0;
        for (let k = 0; k < C; k++) { const e = Math.exp(raw[i * C + k]! - mx); out[k]![i] = e; s += e; }
        for (let k = 0; k < C; k++) out[k]![i]! /= s;
      }
    }
    return out;
  }
  predict(X: Columns): Float64Array {
    const P = this.predictProba(X);
    const n = P[0]!.length;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let k = 1; k < P.length; k++) if (P[k]![i]! > P[best]![i]!) best = k;
      out[i] = this.classes[best]!;
    }
    return out;
  }
  toJSON(): EstimatorJSON {
    return {
      kind: this.kind, version: GBDT_JSON_VERSION, params: { ...this.params },
      state: this.model ? { ...modelToState(this.model), classes: toNumbers(this.classes) } : {},
    };
  }
  static fromJSON(json: EstimatorJSON): GbdtClassifier {
    expectKind(json, "gbdt_classifier", GBDT_JSON_VERSION);
    const c = new GbdtClassifier(json.params as Partial<GbdtParams>);
    if (json.state.trees) {
      c.model = modelFromState(json.state);
      c.classes = Float64Array.from(json.state.classes as number[]);
    }
    return c;
  }
  toOnnx(): Uint8Array {
    const m = this.m();
    return buildTreeEnsembleOnnx({
      trees: m.trees, nFeatures: m.nFeatures, nOutputs: m.nOutputs, baseScore: m.baseScore,
      post: m.nOutputs === 1 ? "sigmoid" : "softmax", classes: this.classes,
    });
  }
}
