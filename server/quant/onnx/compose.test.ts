import { afterAll, describe, expect, it } from "vitest";
import { SeededRandom } from "../data/random";
import { CalibratedClassifier } from "../models/calibration";
import { isotonicSlopes, type CalibrationMethod, type IsotonicMap } from "../models/calibration-maps";
import { AveragingRegressor, VotingClassifier } from "../models/ensemble";
import type { Classifier } from "../models/estimator";
import { GbdtClassifier, GbdtRegressor } from "../models/gbdt";
import { LogisticRegression, Ridge } from "../models/linear";
import { averagingRegressorOnnx, embedMember, mergeOpsets } from "./compose";
import { FEATURES_INPUT, OPSET_DEFAULT, OPSET_ML, buildModel, featuresInput, floatOutput, floatTensor, node, parseModel } from "./graph";
import { onnxParity } from "./parity";
import { clearOnnxSessionCache } from "./runtime";

afterAll(() => clearOnnxSessionCache());

function randCols(n: number, F: number, seed: number): Float64Array[] {
  const r = new SeededRandom(seed);
  return Array.from({ length: F }, () => Float64Array.from({ length: n }, () => r.normal()));
}

const X = randCols(2000, 4, 1);
const Xcal = randCols(1500, 4, 2);
const Xt = randCols(1000, 4, 3);

/** SELL/HOLD/BUY = −1/0/1 from a noisy score. */
function tripleLabels(cols: Float64Array[], seed: number): Float64Array {
  const r = new SeededRandom(seed);
  return Float64Array.from(cols[0]!, (v, i) => {
    const s = v + 0.5 * cols[1]![i]! + 0.7 * r.normal();
    return s < -0.5 ? -1 : s > 0.5 ? 1 : 0;
  });
}

function binaryLabels(cols: Float64Array[], seed: number): Float64Array {
  const r = new SeededRandom(seed);
  return Float64Array.from(cols[0]!, (v, i) => (v - cols[2]![i]! + r.normal() > 0 ? 1 : -1));
}

const opsetsOf = (bytes: Uint8Array) => Object.fromEntries(parseModel(bytes).opsetImport.map((o) => [o.domain ?? "", Number(o.version)]));

describe("composed ensemble graphs (onnxruntime-node parity: |native − onnx| ≤ 1e-5·max(1, |y|))", () => {
  it("averaging regressor (ridge + GBDT), weights 0.4/0.6: one graph, one `features` input, merged opsets, prefixed names", async () => {
    const y = Float64Array.from(X[0]!, (v, i) => Math.sin(v) + 0.5 * X[1]![i]! - 0.2 * X[3]![i]!);
    const m = new AveragingRegressor([new Ridge({ alpha: 1 }), new GbdtRegressor({ nEstimators: 40, maxDepth: 4 })], [2, 3]).fit(X, y);
    expect(Array.from(m.weights)).toEqual([0.4, 0.6]);
    const bytes = m.toOnnx();
    const g = parseModel(bytes).graph!;
    expect(g.input!.map((i) => i.name)).toEqual([FEATURES_INPUT]);
    expect(g.output!.map((o) => o.name)).toEqual(["prediction"]);
    expect(opsetsOf(bytes)).toEqual({ "": OPSET_DEFAULT, "ai.onnx.ml": OPSET_ML });
    const names = [...g.node!.map((n) => n.name), ...g.initializer!.map((t) => t.name)];
    expect(new Set(names).size).toBe(names.length);
    expect(g.node!.filter((n) => n.opType === "TreeEnsembleRegressor").map((n) => n.name)).toEqual(["m1/trees"]);
    const r = await onnxParity(m, Xt);
    expect(r.maxScaledDiff).toBeLessThanOrEqual(1e-5);
    expect(r.ok).toBe(true);
  });

  it("voting classifier (logistic + GBDT), SELL/HOLD/BUY, weights 0.3/0.7: identical decisions", async () => {
    const y = tripleLabels(X, 4);
    const m = new VotingClassifier([new LogisticRegression({ C: 1 }), new GbdtClassifier({ nEstimators: 30, maxDepth: 3 })], [0.3, 0.7]).fit(X, y);
    expect(Array.from(m.classes)).toEqual([-1, 0, 1]);
    const g = parseModel(m.toOnnx()).graph!;
    // the members' own label heads are pruned; only the ensemble's ArgMax remains
    expect(g.node!.filter((n) => n.opType === "ArgMax").length).toBe(1);
    const r = await onnxParity(m, Xt);
    expect(r.labelMismatches).toBe(0);
    expect(r.ok).toBe(true);
  });

  const calibrationCases: [string, CalibrationMethod, () => Classifier, (c: Float64Array[], s: number) => Float64Array][] = [
    ["Platt, binary GBDT (−1/1)", "platt", () => new GbdtClassifier({ nEstimators: 40, maxDepth: 4 }), binaryLabels],
    ["isotonic, binary logistic (−1/1)", "isotonic", () => new LogisticRegression(), binaryLabels],
    ["Platt, 3-class logistic", "platt", () => new LogisticRegression(), tripleLabels],
    ["isotonic, 3-class logistic", "isotonic", () => new LogisticRegression(), tripleLabels],
  ];
  for (const [name, method, base, labels] of calibrationCases) {
    it(`calibrated classifier: ${name}`, async () => {
      const b = base().fit(X, labels(X, 5));
      const m = new CalibratedClassifier(b, method).fit(Xcal, labels(Xcal, 6));
      const r = await onnxParity(m, Xt);
      expect(r.maxScaledDiff).toBeLessThanOrEqual(1e-5);
      expect(r.labelMismatches).toBe(0);
      expect(r.ok).toBe(true);
    });
  }

  it("isotonic on a GBDT's few distinct scores: the only error is the base graph's float32 error times the map's slope", async () => {
    // Close distinct scores with different pooled values make steep segments (here slope ≈ 3.6e3
    // over a 1.3e-5 gap), which amplify the base's ~1e-8 float32 error past 1e-5.
    const b = new GbdtClassifier({ nEstimators: 40, maxDepth: 4 }).fit(X, binaryLabels(X, 5));
    const m = new CalibratedClassifier(b, "isotonic").fit(Xcal, binaryLabels(Xcal, 6));
    const maxSlope = Math.max(...isotonicSlopes(m.maps[0] as IsotonicMap));
    const base = await onnxParity(b, Xt);
    const r = await onnxParity(m, Xt);
    expect(r.maxAbsDiff).toBeLessThanOrEqual(maxSlope * base.maxAbsDiff + 1e-7);
    expect(r.labelMismatches).toBe(0);
  });

  it("nesting: a voting classifier over a calibrated classifier and a plain one", async () => {
    const y = tripleLabels(X, 7);
    const cal = new CalibratedClassifier(new GbdtClassifier({ nEstimators: 20, maxDepth: 3 }).fit(X, y), "isotonic").fit(Xcal, tripleLabels(Xcal, 8));
    const m = VotingClassifier.fromFitted([cal, new LogisticRegression().fit(X, y)]);
    const g = parseModel(m.toOnnx()).graph!;
    expect(g.node!.some((n) => n.name!.startsWith("m0/base/"))).toBe(true);
    const r = await onnxParity(m, Xt);
    expect(r.ok).toBe(true);
  });
});

describe("compose helpers", () => {
  const rowSum = (opset: number, F = 2) =>
    buildModel({
      nodes: [node("MatMul", [FEATURES_INPUT, "ones"], ["prediction"])],
      inputs: [featuresInput(F)],
      outputs: [floatOutput("prediction", ["N", 1])],
      initializers: [floatTensor("ones", [F, 1], new Array(F).fill(1))],
      opsets: { "": opset },
    });

  it("embedMember renames nodes, initializers and intermediates but keeps the shared input", () => {
    const e = embedMember(rowSum(OPSET_DEFAULT), "m3", ["prediction"]);
    expect(e.nodes.map((n) => [n.name, n.input, n.output])).toEqual([["m3/MatMul_prediction", ["features", "m3/ones"], ["m3/prediction"]]]);
    expect(e.initializers.map((t) => t.name)).toEqual(["m3/ones"]);
    expect(e.outputs).toEqual({ prediction: "m3/prediction" });
    expect(e.nFeatures).toBe(2);
    expect(() => embedMember(rowSum(OPSET_DEFAULT), "m0", ["probabilities"])).toThrow(/no output named "probabilities"/);
  });

  it("opsets merge by domain; members importing one domain at two versions are refused", () => {
    expect(mergeOpsets([{ opsets: { "": 17 } }, { opsets: { "": 17, "ai.onnx.ml": 3 } }])).toEqual({ "": 17, "ai.onnx.ml": 3 });
    expect(() => averagingRegressorOnnx([rowSum(17), rowSum(18)], [0.5, 0.5])).toThrow(/member 1 imports ai.onnx version 18, member 0 version 17/);
    expect(() => averagingRegressorOnnx([rowSum(17), rowSum(17, 3)], [0.5, 0.5])).toThrow(/member 1 reads 3 features, member 0 reads 2/);
  });
});
