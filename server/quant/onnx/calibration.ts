/**
 * ONNX graph of a `CalibratedClassifier` (models/calibration.ts, maps in calibration-maps.ts): the base classifier's graph
 * embedded under the prefix "base" (compose.ts), its `probabilities` cast to double, one map
 * per calibrated column, then the same assembly as the native model, cast back to float:
 *
 * - Platt: Sigmoid(a·s + b) (Mul, Add, Sigmoid).
 * - isotonic: s clipped to the end knots (Clip); the knot segment k from an ai.onnx.ml
 *   TreeEnsembleRegressor whose single tree repeats the native binary search
 *   (`isotonicSegment`: s ≤ x_{mid+1} → left), thresholds in double
 *   (`nodes_values_as_tensor`), leaf value k; Cast int64 → Gather x_k, y_k, slope_k (double)
 *   → y_k + (s − x_k)·slope_k. O(log knots) per row, unlike a comparison against every knot.
 * - two classes: P(classes[0]) = 1 − P'(classes[1]); more: Concat, ReduceSum, Div, and Where
 *   (sum = 0 → 1/C).
 *
 * The maps run in double so they add no rounding of their own; what remains is the base
 * graph's float32 error times the map's slope.
 */
import { isotonicSlopes, type CalibrationMap, type IsotonicMap, type PlattMap } from "../models/calibration-maps";
import { embedMember, mergeOpsets, type OnnxSource } from "./compose";
import {
  DataType,
  OUTPUT_PROBABILITIES,
  attrFloats,
  attrInt,
  attrInts,
  attrString,
  attrStrings,
  attrTensor,
  buildModel,
  classifierOutputs,
  doubleTensor,
  featuresInput,
  int64Tensor,
  labelFromProbabilities,
  mlNode,
  node,
  type AttributeDef,
  type NodeDef,
  type TensorDef,
} from "./graph";

interface Block {
  nodes: NodeDef[];
  initializers: TensorDef[];
}

function plattNodes(input: string, output: string, m: PlattMap, p: string): Block {
  return {
    nodes: [node("Mul", [input, `${p}_a`], [`${p}_as`]), node("Add", [`${p}_as`, `${p}_b`], [`${p}_z`]), node("Sigmoid", [`${p}_z`], [output])],
    initializers: [doubleTensor(`${p}_a`, [1], [m.a]), doubleTensor(`${p}_b`, [1], [m.b])],
  };
}

/** TreeEnsembleRegressor attributes of the balanced search tree over the knot segments of `x`. */
export function segmentTreeAttributes(x: Float64Array): AttributeDef[] {
  const nodeIds: number[] = [], modes: string[] = [], values: number[] = [], trueIds: number[] = [], falseIds: number[] = [];
  const leafNodes: number[] = [], leafSegments: number[] = [];
  const build = (lo: number, hi: number): number => {
    const id = nodeIds.length;
    nodeIds.push(id);
    modes.push(lo === hi ? "LEAF" : "BRANCH_LEQ");
    values.push(0);
    trueIds.push(0);
    falseIds.push(0);
    if (lo === hi) {
      leafNodes.push(id);
      leafSegments.push(lo);
      return id;
    }
    const mid = (lo + hi) >> 1;
    values[id] = x[mid + 1]!;
    trueIds[id] = build(lo, mid);
    falseIds[id] = build(mid + 1, hi);
    return id;
  };
  build(0, Math.max(1, x.length - 1) - 1);
  const zeros = (k: number) => new Array<number>(k).fill(0);
  return [
    attrInts("nodes_treeids", zeros(nodeIds.length)), attrInts("nodes_nodeids", nodeIds), attrInts("nodes_featureids", zeros(nodeIds.length)),
    attrStrings("nodes_modes", modes), attrTensor("nodes_values_as_tensor", doubleTensor("nodes_values", [values.length], values)),
    attrInts("nodes_truenodeids", trueIds), attrInts("nodes_falsenodeids", falseIds),
    attrInts("target_treeids", zeros(leafNodes.length)), attrInts("target_nodeids", leafNodes), attrInts("target_ids", zeros(leafNodes.length)),
    attrFloats("target_weights", leafSegments), attrInt("n_targets", 1),
    attrString("aggregate_function", "SUM"), attrString("post_transform", "NONE"),
  ];
}

function isotonicNodes(input: string, output: string, m: IsotonicMap, p: string): Block {
  const S = isotonicSlopes(m);
  const last = m.x.length - 1;
  return {
    nodes: [
      node("Clip", [input, `${p}_lo`, `${p}_hi`], [`${p}_s`]),
      mlNode("TreeEnsembleRegressor", [`${p}_s`], [`${p}_segment`], segmentTreeAttributes(m.x), `${p}_search`),
      node("Cast", [`${p}_segment`], [`${p}_k`], [attrInt("to", DataType.INT64)]),
      node("Gather", [`${p}_knots`, `${p}_k`], [`${p}_xk`], [attrInt("axis", 0)]),
      node("Gather", [`${p}_values`, `${p}_k`], [`${p}_yk`], [attrInt("axis", 0)]),
      node("Gather", [`${p}_slopes`, `${p}_k`], [`${p}_slope`], [attrInt("axis", 0)]),
      node("Sub", [`${p}_s`, `${p}_xk`], [`${p}_dx`]),
      node("Mul", [`${p}_dx`, `${p}_slope`], [`${p}_dy`]),
      node("Add", [`${p}_yk`, `${p}_dy`], [output]),
    ],
    initializers: [
      doubleTensor(`${p}_lo`, [], [m.x[0]!]), doubleTensor(`${p}_hi`, [], [m.x[last]!]),
      doubleTensor(`${p}_knots`, [S.length], m.x.subarray(0, S.length)), doubleTensor(`${p}_values`, [S.length], m.y.subarray(0, S.length)),
      doubleTensor(`${p}_slopes`, [S.length], S),
    ],
  };
}

const cast = (input: string, output: string, to: number) => node("Cast", [input], [output], [attrInt("to", to)]);

/**
 * The calibrated classifier as one graph: `probabilities` float [N, C] and `label` int64 [N].
 * `maps` holds one map (on classes[1]) for two classes, else one per class.
 */
export function calibratedClassifierOnnx(base: OnnxSource, classes: ArrayLike<number>, maps: readonly CalibrationMap[], metadata: Record<string, string> = {}): Uint8Array {
  const C = classes.length;
  const columns = C === 2 ? [1] : Array.from({ length: C }, (_, k) => k);
  if (maps.length !== columns.length) throw new Error(`calibration: ${maps.length} maps for ${C} classes (expected ${columns.length})`);
  const emb = embedMember(base, "base", [OUTPUT_PROBABILITIES]);
  const nodes: NodeDef[] = [...emb.nodes, cast(emb.outputs[OUTPUT_PROBABILITIES]!, "base_p", DataType.DOUBLE)];
  const initializers: TensorDef[] = [...emb.initializers];
  columns.forEach((k, j) => {
    initializers.push(int64Tensor(`column${k}_index`, [1], [k]));
    nodes.push(node("Gather", ["base_p", `column${k}_index`], [`score${k}`], [attrInt("axis", 1)]));
    const map = maps[j]!;
    const block = map.method === "platt" ? plattNodes(`score${k}`, `calibrated${k}`, map, `platt${k}`) : isotonicNodes(`score${k}`, `calibrated${k}`, map, `isotonic${k}`);
    nodes.push(...block.nodes);
    initializers.push(...block.initializers);
  });
  if (C === 2) {
    initializers.push(doubleTensor("one", [1], [1]));
    nodes.push(node("Sub", ["one", "calibrated1"], ["calibrated0"]), node("Concat", ["calibrated0", "calibrated1"], ["calibrated"], [attrInt("axis", 1)]));
  } else {
    initializers.push(int64Tensor("class_axis", [1], [1]), doubleTensor("zero", [1], [0]), doubleTensor("uniform", [1], [1 / C]));
    nodes.push(
      node("Concat", columns.map((k) => `calibrated${k}`), ["one_vs_rest"], [attrInt("axis", 1)]),
      node("ReduceSum", ["one_vs_rest", "class_axis"], ["row_sum"], [attrInt("keepdims", 1)]),
      node("Div", ["one_vs_rest", "row_sum"], ["renormalised"]),
      node("Equal", ["row_sum", "zero"], ["row_sum_is_zero"]),
      node("Where", ["row_sum_is_zero", "uniform", "renormalised"], ["calibrated"]),
    );
  }
  nodes.push(cast("calibrated", OUTPUT_PROBABILITIES, DataType.FLOAT));
  const head = labelFromProbabilities(OUTPUT_PROBABILITIES, classes);
  return buildModel({
    nodes: [...nodes, ...head.nodes],
    initializers: [...initializers, ...head.initializers],
    inputs: [featuresInput(emb.nFeatures)],
    outputs: classifierOutputs(C),
    opsets: mergeOpsets([emb]),
    metadata,
  });
}
