/**
 * ONNX graphs for the neural estimators (server/quant/models/neural), all behind the
 * StandardScaler's Sub/Div nodes and in front of a task head:
 *
 * - MLP: scaled → [MatMul → Add → Relu] per hidden layer → MatMul → Add → scores [N, O].
 * - LSTM: the input stays `features` float [N, F], the same contract as every other model: N
 *   consecutive bars, oldest first. The graph builds the sliding windows itself, so a caller
 *   sends bars, not tensors of windows, and gets one row out per bar in:
 *     padded [N + L, F] = zeros [L−1, F] ++ scaled ++ zeros [1, F]
 *     window_rows [L, B] = (0…L−1)ᵀ + (0…B−1), B = max(N, 1)            (Range, Add)
 *     sequence [L, B, F] = Gather(padded, window_rows, axis 0)          (window b: rows b−L+1…b)
 *     LSTM(sequence) → Y_h [1, B, H] → Squeeze → MatMul → Add → window scores [B, O]
 *     scores [N, O] = the first N rows of Where(b ≥ L−1, window scores, NaN)
 *   so row t's output uses rows t−L+1…t only and the first L−1 rows are NaN, as the native
 *   predict. B is never 0 (the trailing zero row is that one window when N = 0) because
 *   onnxruntime 1.30 aborts the process on an LSTM batch of 0; the padding is zeros, not NaN,
 *   and the NaN comes from Where, because ORT's activations clamp their input and may not carry
 *   NaN through.
 *   ONNX LSTM's gate blocks are ordered i, o, f, c (W [1, 4H, F], R [1, 4H, H], B [1, 8H] =
 *   input biases then recurrent biases); TF.js's kernel columns are i, f, c, o, so the blocks are
 *   reordered and transposed here. The default activations (Sigmoid, Tanh, Tanh) are TF.js's
 *   LSTM with recurrentActivation "sigmoid".
 * - Heads: regression `prediction` [N, 1] = scores · yScale + yMean (the target was standardised);
 *   classification `probabilities` [N, C] = Softmax(scores) and `label` int64 [N] by ArgMax →
 *   Gather. Where probabilities are NaN (an LSTM's first L−1 rows) `label` means nothing.
 */
import {
  FEATURES_INPUT,
  OUTPUT_PREDICTION,
  attrInt,
  buildModel,
  featuresInput,
  floatOutput,
  floatTensor,
  int64Tensor,
  node,
  softmaxClassifierHead,
  type NodeDef,
  type TensorDef,
  type ValueInfoDef,
} from "./graph";
import type { ScalerLike } from "./linear";

/** A dense layer: kernel row-major [inDim, outDim] (TF.js layout), bias [outDim]. */
export interface DenseWeights {
  kernel: Float64Array;
  bias: Float64Array;
  inDim: number;
  outDim: number;
}

export type NeuralHead =
  | { task: "regression"; yMean: number; yScale: number }
  | { task: "classification"; classes: Float64Array };

/** TF.js LSTM weights: kernel [F, 4H], recurrent kernel [H, 4H], bias [4H], gate blocks i, f, c, o. */
export interface LstmWeights {
  kernel: Float64Array;
  recurrent: Float64Array;
  bias: Float64Array;
  nFeatures: number;
  units: number;
}

interface Part {
  nodes: NodeDef[];
  initializers: TensorDef[];
}

function dense(input: string, output: string, prefix: string, w: DenseWeights, relu: boolean): Part {
  const added = relu ? `${prefix}_pre` : output;
  const nodes = [node("MatMul", [input, `${prefix}_kernel`], [`${prefix}_xw`]), node("Add", [`${prefix}_xw`, `${prefix}_bias`], [added])];
  if (relu) nodes.push(node("Relu", [added], [output]));
  return {
    nodes,
    initializers: [floatTensor(`${prefix}_kernel`, [w.inDim, w.outDim], w.kernel), floatTensor(`${prefix}_bias`, [w.outDim], w.bias)],
  };
}

function head(scores: string, h: NeuralHead): Part & { outputs: ValueInfoDef[] } {
  if (h.task === "regression") {
    return {
      nodes: [node("Mul", [scores, "y_scale"], ["prediction_scaled"]), node("Add", ["prediction_scaled", "y_mean"], [OUTPUT_PREDICTION])],
      initializers: [floatTensor("y_scale", [1], [h.yScale]), floatTensor("y_mean", [1], [h.yMean])],
      outputs: [floatOutput(OUTPUT_PREDICTION, ["N", 1])],
    };
  }
  return softmaxClassifierHead(scores, h.classes);
}

function assemble(nFeatures: number, scaler: ScalerLike, body: Part, h: NeuralHead, metadata?: Record<string, string>): Uint8Array {
  const s = scaler.onnxNodes(FEATURES_INPUT, "scaled", "scaler");
  const out = head("scores", h);
  return buildModel({
    nodes: [...s.nodes, ...body.nodes, ...out.nodes],
    initializers: [...s.initializers, ...body.initializers, ...out.initializers],
    inputs: [featuresInput(nFeatures)],
    outputs: out.outputs,
    metadata,
  });
}

/** MLP: ReLU after every layer but the last, which writes the scores. */
export function mlpOnnx(spec: { scaler: ScalerLike; layers: readonly DenseWeights[]; head: NeuralHead; metadata?: Record<string, string> }): Uint8Array {
  const nodes: NodeDef[] = [];
  const initializers: TensorDef[] = [];
  let x = "scaled";
  spec.layers.forEach((w, l) => {
    const last = l === spec.layers.length - 1;
    const out = last ? "scores" : `hidden${l}`;
    const d = dense(x, out, `dense${l}`, w, !last);
    nodes.push(...d.nodes);
    initializers.push(...d.initializers);
    x = out;
  });
  return assemble(spec.layers[0]!.inDim, spec.scaler, { nodes, initializers }, spec.head, spec.metadata);
}

/** ONNX gate block g (order i, o, f, c) is TF.js block TF_BLOCK[g] (order i, f, c, o). */
const TF_BLOCK = [0, 3, 1, 2] as const;

/** [4H, cols] with ONNX gate blocks, from a TF.js kernel [cols, 4H]. */
function onnxGateMatrix(kernel: Float64Array, cols: number, H: number): Float64Array {
  const G = 4 * H;
  const out = new Float64Array(G * cols);
  for (let g = 0; g < 4; g++) {
    for (let u = 0; u < H; u++) {
      const row = g * H + u, src = TF_BLOCK[g]! * H + u;
      for (let j = 0; j < cols; j++) out[row * cols + j] = kernel[j * G + src]!;
    }
  }
  return out;
}

/** LSTM over windows of `lookback` rows built inside the graph, then a dense head (see top). */
export function lstmOnnx(spec: {
  scaler: ScalerLike;
  lookback: number;
  lstm: LstmWeights;
  dense: DenseWeights;
  head: NeuralHead;
  metadata?: Record<string, string>;
}): Uint8Array {
  const L = spec.lookback, { nFeatures: F, units: H } = spec.lstm, O = spec.dense.outDim;
  const b = new Float64Array(8 * H);
  for (let g = 0; g < 4; g++) for (let u = 0; u < H; u++) b[g * H + u] = spec.lstm.bias[TF_BLOCK[g]! * H + u]!;
  const out = dense("lstm_h", "window_scores", "head", spec.dense, false);
  const nodes: NodeDef[] = [
    node("Shape", [FEATURES_INPUT], ["input_shape"]),
    node("Gather", ["input_shape", "zero"], ["n"], [attrInt("axis", 0)]),
    node("Max", ["n", "one"], ["windows"]),
    node("Concat", [...(L > 1 ? ["front_pad"] : []), "scaled", "back_pad"], ["padded"], [attrInt("axis", 0)]),
    node("Range", ["zero", "windows", "one"], ["window_index"]),
    node("Unsqueeze", ["window_index", "axis0"], ["window_start_row"]),
    node("Add", ["window_steps", "window_start_row"], ["window_rows"]),
    node("Gather", ["padded", "window_rows"], ["sequence"], [attrInt("axis", 0)]),
    node("LSTM", ["sequence", "lstm_W", "lstm_R", "lstm_B"], ["", "lstm_h_dir"], [attrInt("hidden_size", H)]),
    node("Squeeze", ["lstm_h_dir", "axis0"], ["lstm_h"]),
    ...out.nodes,
  ];
  const initializers: TensorDef[] = [
    int64Tensor("zero", [], [0]),
    int64Tensor("one", [], [1]),
    int64Tensor("axis0", [1], [0]),
    floatTensor("back_pad", [1, F], new Float64Array(F)),
    int64Tensor("window_steps", [L, 1], Array.from({ length: L }, (_, s) => s)),
    floatTensor("lstm_W", [1, 4 * H, F], onnxGateMatrix(spec.lstm.kernel, F, H)),
    floatTensor("lstm_R", [1, 4 * H, H], onnxGateMatrix(spec.lstm.recurrent, H, H)),
    floatTensor("lstm_B", [1, 8 * H], b),
    ...out.initializers,
  ];
  let windowScores = "window_scores";
  if (L > 1) {
    nodes.push(
      node("Unsqueeze", ["window_index", "axis1"], ["window_index_column"]),
      node("GreaterOrEqual", ["window_index_column", "lookback_minus_1"], ["has_window"]),
      node("Where", ["has_window", "window_scores", "no_window"], ["masked_scores"]),
    );
    initializers.push(
      floatTensor("front_pad", [L - 1, F], new Float64Array((L - 1) * F)),
      int64Tensor("axis1", [1], [1]),
      int64Tensor("lookback_minus_1", [], [L - 1]),
      floatTensor("no_window", [], [NaN]),
    );
    windowScores = "masked_scores";
  }
  nodes.push(node("Unsqueeze", ["n", "axis0"], ["n_1d"]), node("Slice", [windowScores, "zero_1d", "n_1d", "axis0"], ["scores"]));
  initializers.push(int64Tensor("zero_1d", [1], [0]));
  return assemble(F, spec.scaler, { nodes, initializers }, spec.head, spec.metadata);
}
