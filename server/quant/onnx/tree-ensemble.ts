/**
 * ONNX graphs for the GBDT (models/gbdt.ts) and the random forests (models/random-forest.ts),
 * ai.onnx.ml 3 `TreeEnsembleRegressor` (what onnxruntime-node 1.30 runs; see graph.ts OPSET_ML):
 *
 * GBDT (`buildTreeEnsembleOnnx`; each tree has one value per leaf, for target t mod K):
 * - regressor: features → TreeEnsembleRegressor(SUM, base_values) → `prediction` float [N, 1]
 * - binary:    → raw [N, 1] → Sigmoid → p; `probabilities` = Concat(1 − p, p) [N, 2]
 * - softmax:   → raw [N, K] (n_targets K, one tree per class per round) → Softmax(axis 1)
 * Forests (`buildForestOnnx`; each leaf has one value per target):
 * - regressor:  → TreeEnsembleRegressor(AVERAGE) → `prediction` float [N, 1]
 * - classifier: → TreeEnsembleRegressor(SUM, n_targets C) → votes [N, C] (sums of the leaf
 *   class frequencies, exact in float32: see random-forest.ts) → `probabilities` = votes / T;
 *   `label` = ArgMax of the keys units·C + (C − 1 − k) in float64 (units = votes / quantum, an
 *   integer ≤ 2^24): distinct per class, largest for the native choice (most votes, first class
 *   on a tie), so the label is the native one on every row whatever ArgMax does on ties (the
 *   CUDA provider's need not pick the first).
 * Classifiers take `label` from ArgMax (graph.ts labelFromProbabilities), so ORT's
 * TreeEnsembleClassifier label quirks never apply.
 * Thresholds are the model's float32 bin edges with BRANCH_LEQ, so float32(x) ≤ t is the same
 * test natively and in ORT; `nodes_missing_value_tracks_true` carries each split's NaN side.
 */
import {
  OUTPUT_PREDICTION,
  OUTPUT_PROBABILITIES,
  attrFloats,
  attrInt,
  attrInts,
  attrString,
  attrStrings,
  buildModel,
  DataType,
  doubleTensor,
  featuresInput,
  floatOutput,
  floatTensor,
  int64Output,
  labelFromProbabilities,
  mlNode,
  node,
  FEATURES_INPUT,
  type NodeDef,
  type TensorDef,
} from "./graph";
import type { FlatTree } from "../models/flat-tree";

export interface TreeEnsembleSpec {
  trees: readonly FlatTree[];
  nFeatures: number;
  /** Targets: 1, or K for softmax (tree t scores target t mod K). */
  nOutputs: number;
  baseScore: ArrayLike<number>;
  post: "none" | "sigmoid" | "softmax";
  classes?: ArrayLike<number>;
}

export interface LeafLayout {
  /**
   * "tree" (default): one value per node, tree t adds to target t mod nOutputs (GBDT);
   * "node": nOutputs values per node, value[node·nOutputs + k] adds to target k (forests).
   */
  values?: "tree" | "node";
  aggregate?: "SUM" | "AVERAGE";
}

/** The TreeEnsembleRegressor node's attributes for a tree list. */
export function treeEnsembleAttributes(trees: readonly FlatTree[], nOutputs: number, baseScore: ArrayLike<number>, layout: LeafLayout = {}) {
  const perNode = layout.values === "node";
  const treeIds: number[] = [], nodeIds: number[] = [], featIds: number[] = [], modes: string[] = [], values: number[] = [];
  const trueIds: number[] = [], falseIds: number[] = [], missing: number[] = [];
  const tTree: number[] = [], tNode: number[] = [], tIds: number[] = [], tW: number[] = [];
  trees.forEach((t, ti) => {
    for (let i = 0; i < t.feature.length; i++) {
      const leaf = t.feature[i]! < 0;
      treeIds.push(ti);
      nodeIds.push(i);
      featIds.push(leaf ? 0 : t.feature[i]!);
      modes.push(leaf ? "LEAF" : "BRANCH_LEQ");
      values.push(leaf ? 0 : t.threshold[i]!);
      trueIds.push(leaf ? 0 : t.left[i]!);
      falseIds.push(leaf ? 0 : t.right[i]!);
      missing.push(leaf ? 0 : t.nanLeft[i]!);
      if (leaf && perNode) {
        for (let k = 0; k < nOutputs; k++) {
          tTree.push(ti); tNode.push(i); tIds.push(k); tW.push(t.value[i * nOutputs + k]!);
        }
      } else if (leaf) {
        tTree.push(ti);
        tNode.push(i);
        tIds.push(ti % nOutputs);
        tW.push(t.value[i]!);
      }
    }
  });
  return [
    attrInts("nodes_treeids", treeIds), attrInts("nodes_nodeids", nodeIds), attrInts("nodes_featureids", featIds),
    attrStrings("nodes_modes", modes), attrFloats("nodes_values", values),
    attrInts("nodes_truenodeids", trueIds), attrInts("nodes_falsenodeids", falseIds),
    attrInts("nodes_missing_value_tracks_true", missing),
    attrInts("target_treeids", tTree), attrInts("target_nodeids", tNode), attrInts("target_ids", tIds), attrFloats("target_weights", tW),
    attrInt("n_targets", nOutputs), attrFloats("base_values", Array.from(baseScore)),
    attrString("aggregate_function", layout.aggregate ?? "SUM"), attrString("post_transform", "NONE"),
  ];
}

export function buildTreeEnsembleOnnx(spec: TreeEnsembleSpec): Uint8Array {
  const K = spec.nOutputs;
  const attrs = treeEnsembleAttributes(spec.trees, K, spec.baseScore);
  const nodes: NodeDef[] = [];
  const initializers: TensorDef[] = [];
  if (spec.post === "none") {
    nodes.push(mlNode("TreeEnsembleRegressor", [FEATURES_INPUT], [OUTPUT_PREDICTION], attrs, "trees"));
    return buildModel({ nodes, inputs: [featuresInput(spec.nFeatures)], outputs: [floatOutput(OUTPUT_PREDICTION, ["N", 1])], metadata: { estimator: "gbdt" } });
  }
  const classes = spec.classes ?? [];
  nodes.push(mlNode("TreeEnsembleRegressor", [FEATURES_INPUT], ["raw"], attrs, "trees"));
  if (spec.post === "sigmoid") {
    nodes.push(node("Sigmoid", ["raw"], ["p1"]));
    nodes.push(node("Sub", ["one", "p1"], ["p0"]));
    nodes.push(node("Concat", ["p0", "p1"], [OUTPUT_PROBABILITIES], [attrInt("axis", 1)]));
    initializers.push(floatTensor("one", [1], [1]));
  } else {
    nodes.push(node("Softmax", ["raw"], [OUTPUT_PROBABILITIES], [attrInt("axis", 1)]));
  }
  const lab = labelFromProbabilities(OUTPUT_PROBABILITIES, classes);
  nodes.push(...lab.nodes);
  initializers.push(...lab.initializers);
  return buildModel({
    nodes, initializers, inputs: [featuresInput(spec.nFeatures)],
    outputs: [floatOutput(OUTPUT_PROBABILITIES, ["N", classes.length]), int64Output("label", ["N"])],
    metadata: { estimator: "gbdt" },
  });
}

export interface ForestOnnxSpec {
  /** Trees with nOutputs values per node (1 for a regressor, classes.length for a classifier). */
  trees: readonly FlatTree[];
  nFeatures: number;
  /** Class labels (classifier); absent for a regressor. */
  classes?: ArrayLike<number>;
  /** Classifier: the grid of the leaf class frequencies (a power of two; random-forest.ts). */
  quantum?: number;
}

export function buildForestOnnx(spec: ForestOnnxSpec): Uint8Array {
  const metadata = { estimator: "random_forest" };
  if (!spec.classes) {
    const attrs = treeEnsembleAttributes(spec.trees, 1, [0], { values: "node", aggregate: "AVERAGE" });
    return buildModel({
      nodes: [mlNode("TreeEnsembleRegressor", [FEATURES_INPUT], [OUTPUT_PREDICTION], attrs, "trees")],
      inputs: [featuresInput(spec.nFeatures)], outputs: [floatOutput(OUTPUT_PREDICTION, ["N", 1])], metadata,
    });
  }
  const C = spec.classes.length;
  const quantum = spec.quantum ?? NaN;
  if (!(quantum > 0) || Math.log2(quantum) !== Math.round(Math.log2(quantum))) throw new Error("buildForestOnnx: a classifier needs `quantum`, a power of two");
  const attrs = treeEnsembleAttributes(spec.trees, C, new Array<number>(C).fill(0), { values: "node", aggregate: "SUM" });
  const lab = labelFromProbabilities("vote_keys", spec.classes);
  return buildModel({
    nodes: [
      mlNode("TreeEnsembleRegressor", [FEATURES_INPUT], ["votes"], attrs, "trees"),
      node("Div", ["votes", "n_trees"], [OUTPUT_PROBABILITIES]),
      node("Mul", ["votes", "units_per_vote"], ["vote_units"]),
      node("Cast", ["vote_units"], ["vote_units_f64"], [attrInt("to", DataType.DOUBLE)]),
      node("Mul", ["vote_units_f64", "n_classes"], ["vote_scaled"]),
      node("Add", ["vote_scaled", "first_class_bonus"], ["vote_keys"]),
      ...lab.nodes,
    ],
    initializers: [
      floatTensor("n_trees", [1], [spec.trees.length]),
      floatTensor("units_per_vote", [1], [1 / quantum]),
      doubleTensor("n_classes", [1], [C]),
      doubleTensor("first_class_bonus", [C], Array.from({ length: C }, (_, k) => C - 1 - k)),
      ...lab.initializers,
    ],
    inputs: [featuresInput(spec.nFeatures)],
    outputs: [floatOutput(OUTPUT_PROBABILITIES, ["N", C]), int64Output("label", ["N"])],
    metadata,
  });
}
