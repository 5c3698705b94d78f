import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SeededRandom } from "../data/random";
import { loadNeuralBackend } from "../models/neural/backend";
import { LstmClassifier, LstmRegressor } from "../models/neural/lstm";
import { MlpClassifier, MlpRegressor } from "../models/neural/mlp";
import { parseModel } from "./graph";
import { onnxParity } from "./parity";
import { clearOnnxSessionCache, outputToFloat64, predictOnnx } from "./runtime";

beforeAll(() => loadNeuralBackend());
afterAll(() => clearOnnxSessionCache());

function normals(n: number, F: number, seed: number): Float64Array[] {
  const r = new SeededRandom(seed);
  return Array.from({ length: F }, () => Float64Array.from({ length: n }, () => r.normal()));
}

const head = (X: Float64Array[], n: number) => X.map((c) => c.slice(0, n));

describe("neural ONNX parity (onnxruntime-node): |native − onnx| ≤ 1e-5·max(1, |y|), same labels", () => {
  const X = normals(600, 3, 1);
  const Xt = normals(400, 3, 2);
  // A target far from 0 with a large spread exercises the de-standardising head. It stays away
  // from 0 on purpose: a float32 graph's score error (~1e-7) times yScale is absolute, so where
  // |y| < yScale·0.01 the bound 1e-5·max(1, |y|) cannot hold for any float32 network.
  const y = Float64Array.from(X[0]!, (v, i) => 1000 + 50 * (2 * v - X[1]![i]! + 0.5 * Math.sin(3 * X[2]![i]!)));
  const trend = Float64Array.from(X[0]!, (v, i) => (v + X[1]![i]! < -0.5 ? -1 : v + X[1]![i]! > 0.5 ? 1 : 0));

  it("MLP regressor: MatMul/Add/Relu behind the scaler, `prediction` [N, 1]", async () => {
    const m = await new MlpRegressor({ hidden: [32, 16], epochs: 5, learningRate: 0.01 }).fitAsync(X, y);
    const model = parseModel(m.toOnnx());
    expect(model.graph!.input!.map((i) => i.name)).toEqual(["features"]);
    expect(model.graph!.output!.map((o) => o.name)).toEqual(["prediction"]);
    expect(model.graph!.node!.map((n) => n.opType).filter((t) => t === "Relu")).toHaveLength(2);
    const r = await onnxParity(m, Xt);
    expect(r.maxScaledDiff).toBeLessThanOrEqual(1e-5);
    expect(r.ok).toBe(true);
  });

  it("MLP classifier, SELL/HOLD/BUY and binary: Softmax `probabilities` and ArgMax `label`", async () => {
    const m3 = await new MlpClassifier({ hidden: [16], epochs: 5, learningRate: 0.01 }).fitAsync(X, trend);
    const r3 = await onnxParity(m3, Xt);
    expect(r3.labelMismatches).toBe(0);
    expect(r3.ok).toBe(true);
    const m2 = await new MlpClassifier({ hidden: [], epochs: 5 }).fitAsync(X, trend.map((v) => (v > 0 ? 1 : 0)));
    const r2 = await onnxParity(m2, Xt);
    expect(r2.ok).toBe(true);
  });

  it("LSTM regressor: windows built in the graph from `features` [N, F]; first lookback − 1 rows NaN", async () => {
    const m = await new LstmRegressor({ lookback: 6, units: 8, epochs: 3, learningRate: 0.01 }).fitAsync(X, y);
    const ops = parseModel(m.toOnnx()).graph!.node!.map((n) => n.opType);
    expect(ops).toContain("LSTM");
    const r = await onnxParity(m, Xt);
    expect(r.maxScaledDiff).toBeLessThanOrEqual(1e-5);
    expect(r.ok).toBe(true);
    const onnx = outputToFloat64((await predictOnnx(m.toOnnx(), Xt, 400, 3)).prediction!);
    expect(Array.from(onnx.subarray(0, 5)).every(Number.isNaN)).toBe(true);
    expect(Number.isFinite(onnx[5]!)).toBe(true);
  });

  it("LSTM graph on short batches (ORT 1.30 aborts on an LSTM batch of 0): N = lookback gives one window, N < lookback all NaN, N = 0 nothing", async () => {
    const m = await new LstmRegressor({ lookback: 4, units: 4, epochs: 1 }).fitAsync(X, y);
    for (const n of [4, 5, 3, 1]) expect((await onnxParity(m, head(Xt, n))).ok).toBe(true);
    const one = outputToFloat64((await predictOnnx(m.toOnnx(), head(Xt, 4), 4, 3)).prediction!);
    expect(Number.isNaN(one[2]!)).toBe(true);
    expect(one[3]).toBeCloseTo(m.predict(head(Xt, 4))[3]!, 3);
    expect(Array.from(outputToFloat64((await predictOnnx(m.toOnnx(), head(Xt, 2), 2, 3)).prediction!))).toEqual([NaN, NaN]);
    expect(outputToFloat64((await predictOnnx(m.toOnnx(), head(Xt, 0), 0, 3)).prediction!)).toHaveLength(0);
  });

  it("LSTM with lookback 1 (no front padding, no mask) and the LSTM classifier", async () => {
    const m1 = await new LstmRegressor({ lookback: 1, units: 4, epochs: 2 }).fitAsync(X, y);
    expect((await onnxParity(m1, Xt)).ok).toBe(true);
    const c = await new LstmClassifier({ lookback: 5, units: 8, epochs: 3, learningRate: 0.01 }).fitAsync(X, trend);
    const r = await onnxParity(c, Xt);
    expect(r.labelMismatches).toBe(0);
    expect(r.ok).toBe(true);
  });
});
