/**
 * The flat decision tree every tree model here stores (GBDT, random forests) and the readers
 * share (ONNX export onnx/tree-ensemble.ts, TreeSHAP explain/tree-shap.ts): parallel typed
 * arrays indexed by node, node 0 the root, `feature[i] < 0` a leaf.
 */
import { toNumbers } from "./estimator";

export interface FlatTree {
  feature: Int32Array;
  /** Float32 threshold: float32(x) ≤ threshold goes left (+∞: every finite value left). */
  threshold: Float64Array;
  /** 1 when NaN goes left. */
  nanLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  /**
   * Node values, laid out by the model: GBDT one per node (leaf values, 0 at internal nodes);
   * forests nOutputs per node, value[node·nOutputs + k], internal nodes included.
   */
  value: Float64Array;
  /**
   * Training weight reaching each node (> 0 at split nodes): GBDT the hessian sum (xgboost's
   * "cover"), forests Σ sampleWeight·(bootstrap count). TreeSHAP weighs a split's children by it.
   */
  cover: Float64Array;
}

/** A flat tree in JSON: number lists, a +∞ threshold as "inf" (JSON has no Infinity). */
export interface FlatTreeJSON {
  feature: number[];
  threshold: (number | "inf")[];
  nanLeft: number[];
  left: number[];
  right: number[];
  value: number[];
  cover: number[];
}

export function flatTreeToJSON(t: FlatTree): FlatTreeJSON {
  return {
    feature: Array.from(t.feature), threshold: Array.from(t.threshold, (v) => (v === Infinity ? "inf" : v)), nanLeft: Array.from(t.nanLeft),
    left: Array.from(t.left), right: Array.from(t.right), value: toNumbers(t.value), cover: toNumbers(t.cover),
  };
}

export function flatTreeFromJSON(j: FlatTreeJSON): FlatTree {
  return {
    feature: Int32Array.from(j.feature), threshold: Float64Array.from(j.threshold, (v) => (v === "inf" ? Infinity : v)),
    nanLeft: Uint8Array.from(j.nanLeft), left: Int32Array.from(j.left), right: Int32Array.from(j.right),
    value: Float64Array.from(j.value), cover: Float64Array.from(j.cover),
  };
}
