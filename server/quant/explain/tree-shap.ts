/**
 * Exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, "Consistent Individualized Feature
 * Attribution for Tree Ensembles", Algorithm 2; the shap package's `tree_shap_recursive`):
 * SHAP values of a tree ensemble in O(trees · leaves · depth²) per row.
 *
 * - The value of a feature subset S at row x is the path-dependent expectation: follow x at
 *   splits on features in S; at any other split take both children, weighted by
 *   cover[child] / cover[node] (`treeShapReference` computes exactly that game by brute force).
 * - `expected` = the same with S = ∅: the cover-weighted mean leaf value (+ the base score), so
 *   for every row, expected + Σ_j values[j] = the model's raw output.
 * - Forests: the mean of the trees (scale 1/T), per class for classifiers (probabilities).
 *   GBDT: the raw margin (base score + Σ trees), one output per class for softmax.
 * - A feature that no split uses gets exactly 0.
 * - NaN goes the way the model sends it (nanLeft), like prediction; x is compared as float32.
 */
import type { GbdtClassifier, GbdtModel, GbdtRegressor } from "../models/gbdt";
import { nRows, type Columns } from "../models/estimator";
import type { FlatTree } from "../models/flat-tree";
import type { ForestModel, RandomForestClassifier, RandomForestRegressor } from "../models/random-forest";

/** The tree shape TreeSHAP reads (ForestTree and GbdtTree have it); cover must be > 0 at split nodes. */
export type ShapTree = FlatTree;

export interface ShapEnsemble {
  trees: readonly ShapTree[];
  nFeatures: number;
  nOutputs: number;
  /**
   * "tree": one value per node, tree t adds to output t mod nOutputs (GBDT);
   * "node": nOutputs values per node, value[node·nOutputs + k] (forests).
   */
  values: "tree" | "node";
  /** Multiplies every tree's output (1/T for a forest's mean). */
  scale: number;
  /** Added to each output (GBDT base score). */
  baseScore: ArrayLike<number>;
}

export interface ShapValues {
  /** values[k][j][i]: contribution of feature j to output k at row i. */
  values: Float64Array[][];
  /** Per output: the raw output with no feature known; expected + Σ_j values[k][j][i] = output k at row i. */
  expected: Float64Array;
}

/** SHAP values of every row of X (columns, one per feature). */
export function treeShap(ens: ShapEnsemble, X: Columns): ShapValues {
  const n = nRows(X, ens.nFeatures);
  const F = ens.nFeatures, K = ens.nOutputs;
  const values = Array.from({ length: K }, () => Array.from({ length: F }, () => new Float64Array(n)));
  const expected = Float64Array.from({ length: K }, (_, k) => ens.baseScore[k] ?? 0);
  const phi = new Float64Array(F * K);
  const ctx: Walk = {
    t: ens.trees[0]!, X, row: 0, phi, K, perNode: ens.values === "node", out: 0, scale: ens.scale,
    pf: new Int32Array(0), pz: new Float64Array(0), po: new Float64Array(0), pw: new Float64Array(0),
  };
  const T = ens.trees.length;
  let depth = 0;
  for (let ti = 0; ti < T; ti++) {
    const t = ens.trees[ti]!;
    checkCovers(t, ti);
    depth = Math.max(depth, treeDepth(t));
    if (ctx.perNode) for (let k = 0; k < K; k++) expected[k]! += ens.scale * expectedValue(t, 0, K, k);
    else expected[ti % K]! += ens.scale * expectedValue(t, 0, 1, 0);
  }
  // every recursion level's path segment: Σ_{d ≤ depth+1} (d + 1) elements, plus the last one
  const size = ((depth + 3) * (depth + 4)) / 2;
  ctx.pf = new Int32Array(size); ctx.pz = new Float64Array(size); ctx.po = new Float64Array(size); ctx.pw = new Float64Array(size);
  for (let i = 0; i < n; i++) {
    phi.fill(0);
    ctx.row = i;
    for (let ti = 0; ti < T; ti++) {
      ctx.t = ens.trees[ti]!;
      ctx.out = ctx.perNode ? 0 : ti % K;
      recurse(ctx, 0, 0, 0, 1, 1, -1);
    }
    for (let k = 0; k < K; k++) for (let j = 0; j < F; j++) values[k]![j]![i] = phi[j * K + k]!;
  }
  return { values, expected };
}

/** Mean |SHAP| per output and feature (a global importance): result[k][j]. */
export function meanAbsShap(s: ShapValues): Float64Array[] {
  return s.values.map((cols) =>
    Float64Array.from(cols, (c) => {
      let a = 0;
      for (let i = 0; i < c.length; i++) a += Math.abs(c[i]!);
      return c.length > 0 ? a / c.length : NaN;
    }),
  );
}

/** A forest's trees as a ShapEnsemble: outputs = the mean prediction (or class probabilities). */
export function forestShapEnsemble(m: ForestModel): ShapEnsemble {
  return { trees: m.trees, nFeatures: m.nFeatures, nOutputs: m.nOutputs, values: "node", scale: 1 / m.trees.length, baseScore: new Float64Array(m.nOutputs) };
}

/** A GBDT's trees as a ShapEnsemble: outputs = the raw margins (base score + Σ trees). */
export function gbdtShapEnsemble(m: GbdtModel): ShapEnsemble {
  return { trees: m.trees, nFeatures: m.nFeatures, nOutputs: m.nOutputs, values: "tree", scale: 1, baseScore: m.baseScore };
}

export type TreeModel = RandomForestRegressor | RandomForestClassifier | GbdtRegressor | GbdtClassifier;

/** SHAP values of a fitted forest (prediction / class probabilities) or GBDT (raw margins). */
export function shapValues(model: TreeModel, X: Columns): ShapValues {
  if (model.kind === "random_forest_regressor" || model.kind === "random_forest_classifier") {
    if (!model.model) throw new Error(`${model.kind}: not fitted`);
    return treeShap(forestShapEnsemble(model.model), X);
  }
  if (!model.model) throw new Error(`${model.kind}: not fitted`);
  return treeShap(gbdtShapEnsemble(model.model), X);
}

// ------------------------------------------------------------------------ the recursion

/** State of one tree walk for one row; the path buffers hold every level's segment. */
interface Walk {
  t: ShapTree;
  X: Columns;
  row: number;
  /** phi[j·K + k] for the current row. */
  phi: Float64Array;
  K: number;
  perNode: boolean;
  /** Output the current tree adds to ("tree" layout). */
  out: number;
  scale: number;
  /** Path elements: feature, zero fraction, one fraction, permutation weight. */
  pf: Int32Array;
  pz: Float64Array;
  po: Float64Array;
  pw: Float64Array;
}

/** Which child row x goes to, exactly as prediction decides. */
function hotChild(t: ShapTree, node: number, x: number): number {
  const goLeft = x !== x ? t.nanLeft[node] === 1 : Math.fround(x) <= t.threshold[node]!;
  return goLeft ? t.left[node]! : t.right[node]!;
}

/**
 * shap's tree_shap_recursive: `parent` is the offset of the parent's path segment, `d` the
 * unique depth; this level's segment starts at parent + d + 1.
 */
function recurse(c: Walk, node: number, parent: number, d: number, zero: number, one: number, feat: number): void {
  const { t, pf, pz, po, pw } = c;
  const o = parent + d + 1;
  for (let i = 0; i <= d; i++) {
    pf[o + i] = pf[parent + i]!; pz[o + i] = pz[parent + i]!; po[o + i] = po[parent + i]!; pw[o + i] = pw[parent + i]!;
  }
  extendPath(c, o, d, zero, one, feat);
  const split = t.feature[node]!;
  if (split < 0) {
    const K = c.K;
    for (let i = 1; i <= d; i++) {
      const w = unwoundPathSum(c, o, d, i) * (po[o + i]! - pz[o + i]!) * c.scale;
      const base = pf[o + i]! * K;
      if (c.perNode) for (let k = 0; k < K; k++) c.phi[base + k]! += w * t.value[node * K + k]!;
      else c.phi[base + c.out]! += w * t.value[node]!;
    }
    return;
  }
  const hot = hotChild(t, node, c.X[split]![c.row]!);
  const cold = hot === t.left[node] ? t.right[node]! : t.left[node]!;
  const w = t.cover[node]!;
  let inZero = 1, inOne = 1;
  // a feature already on the path: undo its earlier split and redo it here
  let k = 0;
  while (k <= d && pf[o + k] !== split) k++;
  if (k <= d) {
    inZero = pz[o + k]!;
    inOne = po[o + k]!;
    unwindPath(c, o, d, k);
    d--;
  }
  recurse(c, hot, o, d + 1, (t.cover[hot]! / w) * inZero, inOne, split);
  recurse(c, cold, o, d + 1, (t.cover[cold]! / w) * inZero, 0, split);
}

function extendPath(c: Walk, o: number, d: number, zero: number, one: number, feat: number): void {
  const { pf, pz, po, pw } = c;
  pf[o + d] = feat; pz[o + d] = zero; po[o + d] = one; pw[o + d] = d === 0 ? 1 : 0;
  for (let i = d - 1; i >= 0; i--) {
    pw[o + i + 1]! += (one * pw[o + i]! * (i + 1)) / (d + 1);
    pw[o + i] = (zero * pw[o + i]! * (d - i)) / (d + 1);
  }
}

function unwindPath(c: Walk, o: number, d: number, at: number): void {
  const { pf, pz, po, pw } = c;
  const one = po[o + at]!, zero = pz[o + at]!;
  let next = pw[o + d]!;
  for (let i = d - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = pw[o + i]!;
      pw[o + i] = (next * (d + 1)) / ((i + 1) * one);
      next = tmp - (pw[o + i]! * zero * (d - i)) / (d + 1);
    } else {
      pw[o + i] = (pw[o + i]! * (d + 1)) / (zero * (d - i));
    }
  }
  for (let i = at; i < d; i++) {
    pf[o + i] = pf[o + i + 1]!; pz[o + i] = pz[o + i + 1]!; po[o + i] = po[o + i + 1]!;
  }
}

function unwoundPathSum(c: Walk, o: number, d: number, at: number): number {
  const { pz, po, pw } = c;
  const one = po[o + at]!, zero = pz[o + at]!;
  let next = pw[o + d]!, total = 0;
  for (let i = d - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = (next * (d + 1)) / ((i + 1) * one);
      total += tmp;
      next = pw[o + i]! - (tmp * zero * (d - i)) / (d + 1);
    } else if (zero !== 0) {
      total += pw[o + i]! / zero / ((d - i) / (d + 1));
    }
  }
  return total;
}

// ------------------------------------------------------------------------ tree helpers

function treeDepth(t: ShapTree, node = 0): number {
  return t.feature[node]! < 0 ? 0 : 1 + Math.max(treeDepth(t, t.left[node]!), treeDepth(t, t.right[node]!));
}

function checkCovers(t: ShapTree, ti: number): void {
  if (t.cover.length !== t.feature.length) throw new Error(`tree ${ti} has ${t.cover.length} covers for ${t.feature.length} nodes`);
  for (let i = 0; i < t.feature.length; i++) {
    if (t.feature[i]! >= 0 && !(t.cover[i]! > 0)) throw new Error(`tree ${ti} node ${i}: cover must be > 0 at a split (TreeSHAP weighs children by it)`);
  }
}

/** Cover-weighted mean leaf value of output k below `node` (value stride K). */
function expectedValue(t: ShapTree, node: number, K: number, k: number): number {
  if (t.feature[node]! < 0) return t.value[node * K + k]!;
  const l = t.left[node]!, r = t.right[node]!;
  return (t.cover[l]! * expectedValue(t, l, K, k) + t.cover[r]! * expectedValue(t, r, K, k)) / t.cover[node]!;
}

// ------------------------------------------------------------------------ reference

/**
 * Reference: exact Shapley values of one tree's output k (value stride K) at one row, by
 * enumerating every subset S of the other features with v(S) the path-dependent expectation.
 * O(2^F · F · nodes): for tests on a handful of features.
 */
export function treeShapReference(t: ShapTree, row: readonly number[], K = 1, k = 0): { values: number[]; expected: number } {
  const F = row.length;
  const v = (S: number): number => {
    const walk = (node: number): number => {
      const f = t.feature[node]!;
      if (f < 0) return t.value[node * K + k]!;
      if (S & (1 << f)) return walk(hotChild(t, node, row[f]!));
      const l = t.left[node]!, r = t.right[node]!;
      return (t.cover[l]! * walk(l) + t.cover[r]! * walk(r)) / t.cover[node]!;
    };
    return walk(0);
  };
  const fact = (m: number): number => (m <= 1 ? 1 : m * fact(m - 1));
  const values = new Array<number>(F).fill(0);
  for (let j = 0; j < F; j++) {
    for (let S = 0; S < 1 << F; S++) {
      if (S & (1 << j)) continue;
      let size = 0;
      for (let b = S; b; b &= b - 1) size++;
      values[j]! += ((fact(size) * fact(F - size - 1)) / fact(F)) * (v(S | (1 << j)) - v(S));
    }
  }
  return { values, expected: v(0) };
}
