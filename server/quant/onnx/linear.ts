/**
 * ONNX graphs for linear models (OLS, ridge, elastic net, logistic, SGD), optionally preceded
 * by the StandardScaler's Sub/Div nodes:
 *
 * - regressor: features → [Sub → Div] → MatMul(W [F,1]) → Add(b) → `prediction` float [N, 1]
 * - classifier: features → [Sub → Div] → MatMul(W [F,C]) → Add(b [C]) → Softmax(axis 1)
 *   → `probabilities` float [N, C]; ArgMax(axis 1) → Gather(classes int64) → `label` int64 [N].
 *   A binary logistic model (one weight vector w, intercept b) is written as the two-column
 *   softmax over scores [0, x·w + b], which equals [1 − σ(z), σ(z)].
 */
import {
  FEATURES_INPUT,
  OUTPUT_PREDICTION,
  buildModel,
  featuresInput,
  floatOutput,
  floatTensor,
  node,
  softmaxClassifierHead,
  type NodeDef,
  type TensorDef,
} from "./graph";

export interface ScalerLike {
  mean: Float64Array;
  scale: Float64Array;
  onnxNodes(input: string, output: string, prefix?: string): { nodes: NodeDef[]; initializers: TensorDef[] };
}

function front(scaler: ScalerLike | null | undefined): { x: string; nodes: NodeDef[]; initializers: TensorDef[] } {
  if (!scaler) return { x: FEATURES_INPUT, nodes: [], initializers: [] };
  const { nodes, initializers } = scaler.onnxNodes(FEATURES_INPUT, "scaled", "scaler");
  return { x: "scaled", nodes, initializers };
}

/** prediction = (scaled) features · coef + intercept, float [N, 1]. */
export function linearRegressorOnnx(spec: {
  coef: Float64Array;
  intercept: number;
  scaler?: ScalerLike | null;
  metadata?: Record<string, string>;
}): Uint8Array {
  const p = spec.coef.length;
  const f = front(spec.scaler);
  return buildModel({
    nodes: [...f.nodes, node("MatMul", [f.x, "coef"], ["xw"]), node("Add", ["xw", "intercept"], [OUTPUT_PREDICTION])],
    initializers: [...f.initializers, floatTensor("coef", [p, 1], spec.coef), floatTensor("intercept", [1], [spec.intercept])],
    inputs: [featuresInput(p)],
    outputs: [floatOutput(OUTPUT_PREDICTION, ["N", 1])],
    metadata: spec.metadata,
  });
}

/**
 * Softmax classifier over scores = (scaled) features · W + b.
 * `weights` is row-major [F, C] (W[j*C + k]), `intercepts` has C entries, `classes` the C
 * integer labels in column order.
 */
export function linearClassifierOnnx(spec: {
  weights: Float64Array;
  intercepts: Float64Array;
  classes: Float64Array;
  nFeatures: number;
  scaler?: ScalerLike | null;
  metadata?: Record<string, string>;
}): Uint8Array {
  const p = spec.nFeatures;
  const C = spec.classes.length;
  const f = front(spec.scaler);
  const head = softmaxClassifierHead("scores", spec.classes);
  return buildModel({
    nodes: [...f.nodes, node("MatMul", [f.x, "weights"], ["xw"]), node("Add", ["xw", "intercepts"], ["scores"]), ...head.nodes],
    initializers: [
      ...f.initializers,
      floatTensor("weights", [p, C], spec.weights),
      floatTensor("intercepts", [C], spec.intercepts),
      ...head.initializers,
    ],
    inputs: [featuresInput(p)],
    outputs: head.outputs,
    metadata: spec.metadata,
  });
}

/** Weights [F, 2] and intercepts [2] of a binary model written as a two-column softmax. */
export function binaryAsSoftmax(coef: Float64Array, intercept: number): { weights: Float64Array; intercepts: Float64Array } {
  const p = coef.length;
  const weights = new Float64Array(p * 2);
  for (let j = 0; j < p; j++) weights[j * 2 + 1] = coef[j]!;
  return { weights, intercepts: Float64Array.of(0, intercept) };
}
