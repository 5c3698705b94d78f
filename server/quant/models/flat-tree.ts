/**
 * The flat decision tree every tree model here stores (GBDT, random forests) and the readers
 * share (ONNX export onnx/tree-ensemble.ts, TreeSHAP explain/tree-shap.ts): parallel typed
 * arrays indexed by node, node 0 the root, `feature[i] < 0` a leaf.
 */
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
