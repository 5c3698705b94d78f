/**
 * One CART tree of a random forest (random-forest.ts), grown on binned features.
 *
 * - Bins: binning.ts (float32 quantile edges, ≤ 254 finite bins + a NaN bin per feature). A
 *   split "bin ≤ b" is stored as float32(x) ≤ edges[b], the comparison ONNX TreeEnsemble makes.
 *   With ≤ 254 distinct values per feature every value has its own bin, so the candidate splits
 *   are sklearn's; beyond that they are the bin edges (sklearn tries every midpoint).
 * - Criterion: regression by variance reduction (maximise S_L²/W_L + S_R²/W_R, S = Σ w·y,
 *   W = Σ w), classification by Gini (maximise Σ_k L_k²/W_L + Σ_k R_k²/W_R, class weights L_k,
 *   R_k): the weighted impurity decrease minus terms every split of the node shares.
 * - Features per split: drawn in random order until `mtry` features that are not constant in the
 *   node have been tried (constant ones do not count, as in sklearn). Ties keep the first.
 * - A node stays a leaf at `maxDepth`, with fewer than 2·minSamplesLeaf rows, when pure (one
 *   target value / one class), or when no split leaves ≥ minSamplesLeaf rows on each side.
 *   Splits that do not lower the impurity are taken (sklearn's min_impurity_decrease = 0), so
 *   e.g. XOR is learnt.
 * - NaN: its own bin; each split learns the side NaN goes to (the better score). When the node
 *   saw no NaN, NaN follows the heavier child (left on a tie), as in the GBDT.
 * - Row counts (minSamplesLeaf) count distinct in-bag rows; weights are sampleWeight × bootstrap
 *   multiplicity, and `cover` is their sum per node (sklearn's weighted_n_node_samples).
 */
import type { SeededRandom } from "../data/random";
import { NAN_BIN as NAN_BIN_IMPORTED } from "./binning";
import type { FlatTree } from "./flat-tree";

// a module-local copy: hot loops must not read an import binding (see gbdt.ts)
const NAN_BIN: number = NAN_BIN_IMPORTED;

/**
 * One tree of a forest: value holds the nOutputs values of every node (the weighted mean of y, or
 * the class frequencies on the grid of `quantum`); cover is Σ sampleWeight·(bootstrap count).
 */
export type ForestTree = FlatTree;

/** The training data of every tree of one forest (shared, read-only). */
export interface ForestData {
  /** Bin codes per feature (n each); NAN_BIN for NaN. */
  codes: readonly Uint8Array[];
  /** Bin edges per feature (binning.ts). */
  edges: readonly Float64Array[];
  /** Regression: y. Classification: class index 0..nClasses−1. */
  target: Float64Array;
  /** 0 for regression. */
  nClasses: number;
}

export interface TreeGrowth {
  /** Depth cap (Infinity for none). */
  maxDepth: number;
  minSamplesLeaf: number;
  /** Non-constant features tried per split. */
  mtry: number;
  /**
   * Classification: class frequencies are stored as multiples of this power of two (see
   * random-forest.ts for why), split by cumulative rounding so a leaf's frequencies sum to 1.
   */
  quantum: number;
}

/** Scratch buffers reused by every tree of a forest. */
export interface TreeScratch {
  /** Per bin: weight, rows, and Σ w·y (regression) or class weights (bin·C + k). */
  binW: Float64Array;
  binN: Float64Array;
  binS: Float64Array;
  /** Class weights of the node and of a candidate's left side. */
  cls: Float64Array;
  clsL: Float64Array;
  /** The finite bins present in the node for the feature being tried. */
  bins: Int32Array;
  /** Partition buffer (n) and feature order (F). */
  spill: Uint32Array;
  perm: Int32Array;
}

export function treeScratch(n: number, F: number, nClasses: number): TreeScratch {
  const C = Math.max(1, nClasses);
  return {
    binW: new Float64Array(256), binN: new Float64Array(256), binS: new Float64Array(256 * C),
    cls: new Float64Array(C), clsL: new Float64Array(C),
    bins: new Int32Array(257), spill: new Uint32Array(n), perm: Int32Array.from({ length: F }, (_, j) => j),
  };
}

interface Split {
  feature: number;
  bin: number;
  nanLeft: number;
  score: number;
}

/**
 * Grows one tree on rows idx[0..m) (each with weight rowWeight[r] > 0). `idx` is permuted.
 * Features are drawn with `rng`; the same inputs and rng state give the same tree.
 */
export function growTree(
  data: ForestData, idx: Uint32Array, m: number, rowWeight: Float64Array, g: TreeGrowth, rng: SeededRandom, s: TreeScratch,
): ForestTree {
  const K = Math.max(1, data.nClasses);
  const feature: number[] = [], threshold: number[] = [], nanLeft: number[] = [], left: number[] = [], right: number[] = [];
  const value: number[] = [], cover: number[] = [];
  const newNode = (): number => {
    feature.push(-1); threshold.push(0); nanLeft.push(0); left.push(-1); right.push(-1); cover.push(0);
    for (let k = 0; k < K; k++) value.push(0);
    return feature.length - 1;
  };
  // depth-first; a stack of (node, start, end, depth)
  const stack: number[] = [newNode(), 0, m, 0];
  const split: Split = { feature: -1, bin: 0, nanLeft: 0, score: 0 };
  while (stack.length > 0) {
    const depth = stack.pop()!, end = stack.pop()!, start = stack.pop()!, id = stack.pop()!;
    const node = data.nClasses > 0
      ? classStats(data.target, rowWeight, idx, start, end, s.cls, g.quantum, value, id * K)
      : meanStats(data.target, rowWeight, idx, start, end, value, id);
    cover[id] = node.weight;
    if (node.pure || depth >= g.maxDepth || end - start < 2 * g.minSamplesLeaf) continue;
    if (!findSplit(data, idx, start, end, rowWeight, node, g, rng, s, split)) continue;
    const mid = partition(data.codes[split.feature]!, idx, start, end, split.bin, split.nanLeft, s.spill);
    const l = newNode(), r = newNode();
    const e = data.edges[split.feature]!;
    feature[id] = split.feature;
    threshold[id] = split.bin < e.length ? e[split.bin]! : Infinity;
    nanLeft[id] = split.nanLeft;
    left[id] = l;
    right[id] = r;
    stack.push(r, mid, end, depth + 1, l, start, mid, depth + 1);
  }
  return {
    feature: Int32Array.from(feature), threshold: Float64Array.from(threshold), nanLeft: Uint8Array.from(nanLeft),
    left: Int32Array.from(left), right: Int32Array.from(right), value: Float64Array.from(value), cover: Float64Array.from(cover),
  };
}

interface NodeStats {
  /** Σ w. */
  weight: number;
  /** Regression: Σ w·y (classification: 0; the class weights are left in scratch.cls). */
  sum: number;
  pure: boolean;
}

/** Weighted mean of y into value[id]; pure when every y is the same. */
function meanStats(y: Float64Array, rw: Float64Array, idx: Uint32Array, start: number, end: number, value: number[], id: number): NodeStats {
  let w = 0, sy = 0, lo = Infinity, hi = -Infinity;
  for (let k = start; k < end; k++) {
    const r = idx[k]!;
    const v = y[r]!;
    w += rw[r]!;
    sy += rw[r]! * v;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  value[id] = sy / w;
  return { weight: w, sum: sy, pure: lo === hi };
}

/** Class frequencies (on the quantum grid) into value[off..off+C); pure when one class. */
function classStats(
  cls: Float64Array, rw: Float64Array, idx: Uint32Array, start: number, end: number, cw: Float64Array, quantum: number, value: number[], off: number,
): NodeStats {
  cw.fill(0);
  for (let k = start; k < end; k++) {
    const r = idx[k]!;
    cw[cls[r]!]! += rw[r]!;
  }
  let w = 0, present = 0;
  for (let k = 0; k < cw.length; k++) {
    w += cw[k]!;
    if (cw[k]! > 0) present++;
  }
  // cumulative rounding: frequencies ≥ 0 on the grid, summing to exactly 1
  const units = 1 / quantum;
  let cum = 0, prev = 0;
  for (let k = 0; k < cw.length; k++) {
    cum += cw[k]!;
    const at = k === cw.length - 1 ? units : Math.round((cum / w) * units);
    value[off + k] = (at - prev) * quantum;
    prev = at;
  }
  return { weight: w, sum: 0, pure: present <= 1 };
}

/**
 * Best split of the node into `best`; false when no feature has a valid split. Needs the node's
 * totals: `node` (W, S) and, for classification, its class weights in scratch.cls.
 */
function findSplit(
  data: ForestData, idx: Uint32Array, start: number, end: number, rw: Float64Array, node: NodeStats, g: TreeGrowth, rng: SeededRandom, s: TreeScratch, best: Split,
): boolean {
  const F = s.perm.length;
  const C = data.nClasses;
  const C1 = Math.max(1, C);
  const y = data.target;
  const { binW, binN, binS, bins, perm } = s;
  best.feature = -1;
  best.score = -Infinity;
  let tried = 0;
  for (let q = 0; q < F && tried < g.mtry; q++) {
    const pick = q + rng.int(F - q);
    const j = perm[pick]!;
    perm[pick] = perm[q]!;
    perm[q] = j;
    // histogram of the node over feature j; `bins` lists the finite bins present
    const codes = data.codes[j]!;
    let nb = 0;
    if (C === 0) {
      for (let k = start; k < end; k++) {
        const r = idx[k]!;
        const b = codes[r]!;
        if (binN[b] === 0 && b !== NAN_BIN) bins[nb++] = b;
        binW[b]! += rw[r]!;
        binN[b]!++;
        binS[b]! += rw[r]! * y[r]!;
      }
    } else {
      for (let k = start; k < end; k++) {
        const r = idx[k]!;
        const b = codes[r]!;
        if (binN[b] === 0 && b !== NAN_BIN) bins[nb++] = b;
        binW[b]! += rw[r]!;
        binN[b]!++;
        binS[b * C + y[r]!]! += rw[r]!;
      }
    }
    if (nb >= 2 || (nb === 1 && binN[NAN_BIN]! > 0)) {
      tried++; // not constant in the node
      sortPresentBins(bins, nb, binN);
      if (C === 0) scanRegression(j, bins, nb, binW, binN, binS, end - start, node.weight, node.sum, g.minSamplesLeaf, best);
      else scanClassification(j, bins, nb, binW, binN, binS, C, end - start, node.weight, s.cls, s.clsL, g.minSamplesLeaf, best);
    }
    // clear the bins this feature touched
    bins[nb] = NAN_BIN;
    for (let q2 = 0; q2 <= nb; q2++) {
      const b = bins[q2]!;
      binW[b] = 0;
      binN[b] = 0;
      for (let k = b * C1; k < (b + 1) * C1; k++) binS[k] = 0;
    }
  }
  return best.feature >= 0;
}

/** Sorts bins[0..nb) ascending: insertion sort when few, else a pass over min..max of binN. */
function sortPresentBins(bins: Int32Array, nb: number, binN: Float64Array): void {
  if (nb <= 32) {
    for (let a = 1; a < nb; a++) {
      const v = bins[a]!;
      let c = a - 1;
      while (c >= 0 && bins[c]! > v) { bins[c + 1] = bins[c]!; c--; }
      bins[c + 1] = v;
    }
    return;
  }
  let lo = 255, hi = 0;
  for (let a = 0; a < nb; a++) { const b = bins[a]!; if (b < lo) lo = b; if (b > hi) hi = b; }
  let q = 0;
  for (let b = lo; b <= hi; b++) if (binN[b]! > 0) bins[q++] = b;
}

/**
 * Candidate splits "bin ≤ b" over the present bins (bins[0..np), ascending) by S_L²/W_L + S_R²/W_R: NaN
 * right, and NaN left when the node has NaN; with NaN, also "every finite value left".
 */
function scanRegression(
  j: number, present: Int32Array, np: number, binW: Float64Array, binN: Float64Array, binS: Float64Array,
  N: number, W: number, S: number, minLeaf: number, best: Split,
): void {
  const nanN = binN[NAN_BIN]!, nanW = binW[NAN_BIN]!, nanS = binS[NAN_BIN]!;
  const last = nanN > 0 ? np : np - 1;
  let wl = 0, nl = 0, sl = 0;
  for (let q = 0; q < last; q++) {
    const b = present[q]!;
    wl += binW[b]!; nl += binN[b]!; sl += binS[b]!;
    if (nl >= minLeaf && N - nl >= minLeaf) {
      const wr = W - wl, sr = S - sl;
      const score = (sl * sl) / wl + (sr * sr) / wr;
      if (score > best.score) set(best, j, b, nanN > 0 ? 0 : wl >= wr ? 1 : 0, score);
    }
    const nL = nl + nanN;
    if (nanN > 0 && q < np - 1 && nL >= minLeaf && N - nL >= minLeaf) {
      const wL = wl + nanW, sL = sl + nanS;
      const wr = W - wL, sr = S - sL;
      const score = (sL * sL) / wL + (sr * sr) / wr;
      if (score > best.score) set(best, j, b, 1, score);
    }
  }
}

/** As scanRegression with the Gini score Σ_k L_k²/W_L + Σ_k R_k²/W_R. */
function scanClassification(
  j: number, present: Int32Array, np: number, binW: Float64Array, binN: Float64Array, binS: Float64Array, C: number,
  N: number, W: number, cls: Float64Array, cl: Float64Array, minLeaf: number, best: Split,
): void {
  const nanN = binN[NAN_BIN]!, nanW = binW[NAN_BIN]!, nanOff = NAN_BIN * C;
  const last = nanN > 0 ? np : np - 1;
  cl.fill(0);
  let wl = 0, nl = 0;
  for (let q = 0; q < last; q++) {
    const b = present[q]!;
    wl += binW[b]!; nl += binN[b]!;
    for (let k = 0; k < C; k++) cl[k]! += binS[b * C + k]!;
    if (nl >= minLeaf && N - nl >= minLeaf) {
      const wr = W - wl;
      let sl = 0, sr = 0;
      for (let k = 0; k < C; k++) { const a = cl[k]!, c = cls[k]! - a; sl += a * a; sr += c * c; }
      const score = sl / wl + sr / wr;
      if (score > best.score) set(best, j, b, nanN > 0 ? 0 : wl >= wr ? 1 : 0, score);
    }
    const nL = nl + nanN;
    if (nanN > 0 && q < np - 1 && nL >= minLeaf && N - nL >= minLeaf) {
      const wL = wl + nanW, wr = W - wL;
      let sl = 0, sr = 0;
      for (let k = 0; k < C; k++) { const a = cl[k]! + binS[nanOff + k]!, c = cls[k]! - a; sl += a * a; sr += c * c; }
      const score = sl / wL + sr / wr;
      if (score > best.score) set(best, j, b, 1, score);
    }
  }
}

function set(best: Split, feature: number, bin: number, nanLeft: number, score: number): void {
  best.feature = feature; best.bin = bin; best.nanLeft = nanLeft; best.score = score;
}

/** Stable partition of idx[start..end) by "code ≤ bin" (NaN by nanLeft); returns the first right index. */
function partition(codes: Uint8Array, idx: Uint32Array, start: number, end: number, bin: number, nanLeft: number, spill: Uint32Array): number {
  let w = start, s = 0;
  for (let k = start; k < end; k++) {
    const r = idx[k]!;
    const c = codes[r]!;
    if (c === NAN_BIN ? nanLeft === 1 : c <= bin) idx[w++] = r;
    else spill[s++] = r;
  }
  for (let k = 0; k < s; k++) idx[w + k] = spill[k]!;
  return w;
}
