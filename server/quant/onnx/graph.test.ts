import { afterAll, describe, expect, it } from "vitest";
import {
  FEATURES_INPUT,
  OPSET_DEFAULT,
  OPSET_ML,
  attrFloats,
  attrInt,
  attrInts,
  attrString,
  attrStrings,
  buildModel,
  featuresInput,
  floatOutput,
  floatTensor,
  int64Output,
  mlNode,
  node,
  parseModel,
} from "./graph";
import {
  clearOnnxSessionCache,
  columnsToRowMajorF32,
  createOnnxSession,
  cudaFallbackReason,
  modelSha256,
  outputToFloat64,
  predictOnnx,
  runOnnx,
} from "./runtime";

afterAll(() => clearOnnxSessionCache());

/** y = X·W + b with W = [[1, 2], [3, 4], [5, 6]] (3 features → 2 outputs), b = [0.5, -1]. */
function matMulAddModel(): Uint8Array {
  return buildModel({
    nodes: [node("MatMul", [FEATURES_INPUT, "W"], ["xw"]), node("Add", ["xw", "b"], ["prediction"])],
    inputs: [featuresInput(3)],
    outputs: [floatOutput("prediction", ["N", 2])],
    initializers: [floatTensor("W", [3, 2], [1, 2, 3, 4, 5, 6]), floatTensor("b", [2], [0.5, -1])],
    metadata: { estimator: "test" },
  });
}

describe("onnx graph + runtime", () => {
  it("runs MatMul+Add on column input and row-major input with the hand-computed numbers", async () => {
    const bytes = matMulAddModel();
    const s = await createOnnxSession(bytes);
    expect(["cpu", "cuda"]).toContain(s.provider);
    if (s.provider === "cpu") expect(cudaFallbackReason()).not.toBeNull();
    expect(s.inputNames).toEqual(["features"]);
    expect(s.outputNames).toEqual(["prediction"]);
    // rows: [1, 0, 0], [1, 1, 1], [-2, 0.5, 3]
    const cols = [Float64Array.of(1, 1, -2), Float64Array.of(0, 1, 0.5), Float64Array.of(0, 1, 3)];
    const out = await runOnnx(s, cols, 3, 3);
    expect(out.prediction!.dims).toEqual([3, 2]);
    const y = outputToFloat64(out.prediction!);
    // row0: [1, 2] + b; row1: [9, 12] + b; row2: [-2+1.5+15, -4+2+18] + b = [14.5, 16] + b
    expect(Array.from(y)).toEqual([1.5, 1, 9.5, 11, 15, 15]);
    const rowMajor = columnsToRowMajorF32(cols, 3);
    expect(Array.from(rowMajor)).toEqual([1, 0, 0, 1, 1, 1, -2, 0.5, 3]);
    const out2 = await predictOnnx(bytes, rowMajor, 3, 3);
    expect(Array.from(outputToFloat64(out2.prediction!))).toEqual(Array.from(y));
  });

  it("caches sessions by model sha256", async () => {
    const bytes = matMulAddModel();
    const a = await createOnnxSession(bytes);
    const b = await createOnnxSession(Uint8Array.from(bytes));
    expect(a).toBe(b);
    expect(a.sha256).toBe(modelSha256(bytes));
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("declares the opsets and metadata and round-trips through parseModel", () => {
    const m = parseModel(matMulAddModel());
    const opsets = Object.fromEntries(m.opsetImport.map((o) => [o.domain ?? "", Number(o.version)]));
    expect(opsets).toEqual({ "": OPSET_DEFAULT, "ai.onnx.ml": OPSET_ML });
    expect(m.metadataProps.map((p) => [p.key, p.value])).toEqual([["estimator", "test"]]);
    const dims = m.graph?.input?.[0]?.type?.tensorType?.shape?.dim ?? [];
    expect(dims[0]!.dimParam).toBe("N");
    expect(Number(dims[1]!.dimValue)).toBe(3);
  });

  it("runs ai.onnx.ml LinearRegressor and TreeEnsembleRegressor at OPSET_ML", async () => {
    const lin = buildModel({
      nodes: [mlNode("LinearRegressor", [FEATURES_INPUT], ["prediction"], [attrFloats("coefficients", [2, -1]), attrFloats("intercepts", [0.25])])],
      inputs: [featuresInput(2)],
      outputs: [floatOutput("prediction", ["N", 1])],
    });
    const y = outputToFloat64((await predictOnnx(lin, [Float64Array.of(1, 3), Float64Array.of(2, -1)], 2, 2)).prediction!);
    expect(Array.from(y)).toEqual([0.25, 7.25]);

    // one stump: x0 < 0.5 → 10 else 20 (BRANCH_LT)
    const tree = buildModel({
      nodes: [
        mlNode("TreeEnsembleRegressor", [FEATURES_INPUT], ["prediction"], [
          attrInt("n_targets", 1),
          attrInts("nodes_treeids", [0, 0, 0]),
          attrInts("nodes_nodeids", [0, 1, 2]),
          attrInts("nodes_featureids", [0, 0, 0]),
          attrFloats("nodes_values", [0.5, 0, 0]),
          attrStrings("nodes_modes", ["BRANCH_LT", "LEAF", "LEAF"]),
          attrInts("nodes_truenodeids", [1, 0, 0]),
          attrInts("nodes_falsenodeids", [2, 0, 0]),
          attrInts("target_treeids", [0, 0]),
          attrInts("target_nodeids", [1, 2]),
          attrInts("target_ids", [0, 0]),
          attrFloats("target_weights", [10, 20]),
          attrString("aggregate_function", "SUM"),
        ]),
      ],
      inputs: [featuresInput(1)],
      outputs: [floatOutput("prediction", ["N", 1])],
    });
    const t = outputToFloat64((await predictOnnx(tree, [Float64Array.of(0, 1)], 2, 1)).prediction!);
    expect(Array.from(t)).toEqual([10, 20]);
  });

  /** One stump over x0 < 0 with per-leaf class weights; `labels` are the class labels. */
  function stumpClassifier(labels: number[], leafWeights: [number[], number[]]): Uint8Array {
    const K = labels.length;
    const ks = Array.from({ length: K }, (_, k) => k);
    return buildModel({
      nodes: [
        mlNode("TreeEnsembleClassifier", [FEATURES_INPUT], ["label", "probabilities"], [
          attrInts("classlabels_int64s", labels),
          attrInts("nodes_treeids", [0, 0, 0]),
          attrInts("nodes_nodeids", [0, 1, 2]),
          attrInts("nodes_featureids", [0, 0, 0]),
          attrFloats("nodes_values", [0, 0, 0]),
          attrStrings("nodes_modes", ["BRANCH_LT", "LEAF", "LEAF"]),
          attrInts("nodes_truenodeids", [1, 0, 0]),
          attrInts("nodes_falsenodeids", [2, 0, 0]),
          attrInts("class_treeids", new Array(2 * K).fill(0)),
          attrInts("class_nodeids", [...new Array(K).fill(1), ...new Array(K).fill(2)]),
          attrInts("class_ids", [...ks, ...ks]),
          attrFloats("class_weights", [...leafWeights[0], ...leafWeights[1]]),
          attrString("post_transform", "SOFTMAX"),
        ]),
      ],
      inputs: [featuresInput(1)],
      outputs: [int64Output("label", ["N"]), floatOutput("probabilities", ["N", K])],
    });
  }

  it("runs ai.onnx.ml TreeEnsembleClassifier at OPSET_ML; multiclass labels are right, binary non-{0,1} labels are not", async () => {
    const x = [Float64Array.of(-3, 4)];
    const hi = Math.exp(2) / (1 + Math.exp(2));
    const bin = await predictOnnx(stumpClassifier([-1, 1], [[2, 0], [0, 2]]), x, 2, 1);
    const p = outputToFloat64(bin.probabilities!);
    expect(p[0]).toBeCloseTo(hi, 6);
    expect(p[3]).toBeCloseTo(hi, 6);
    // onnxruntime 1.30 quirk: in the binary case the `label` output for class −1 comes back as 0.
    // Exporters build `label` from the probabilities (ArgMax → Gather over the class labels),
    // as onnx/linear.ts does, rather than trusting this output.
    expect(Array.from(outputToFloat64(bin.label!))).toEqual([0, 1]);
    const multi = await predictOnnx(stumpClassifier([-1, 0, 1], [[2, 0, 0], [0, 0, 2]]), x, 2, 1);
    expect(Array.from(outputToFloat64(multi.label!))).toEqual([-1, 1]);
    expect(Array.from(outputToFloat64(multi.probabilities!)).reduce((a, b) => a + b, 0)).toBeCloseTo(2, 6);
  });

  it("converts int64 outputs", async () => {
    const bytes = buildModel({
      nodes: [node("ArgMax", [FEATURES_INPUT], ["label"], [attrInt("axis", 1), attrInt("keepdims", 0)])],
      inputs: [featuresInput(3)],
      outputs: [int64Output("label", ["N"])],
    });
    const out = await predictOnnx(bytes, Float32Array.of(0, 5, 1, 9, 2, 3), 2, 3);
    expect(out.label!.type).toBe("int64");
    expect(Array.from(outputToFloat64(out.label!))).toEqual([1, 0]);
  });

  it("rejects a size mismatch", () => {
    expect(() => floatTensor("W", [2, 2], [1, 2, 3])).toThrow(/hold 4 values/);
  });
});
