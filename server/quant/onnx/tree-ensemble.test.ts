import { describe, expect, it } from "vitest";
import { SeededRandom } from "../data/random";
import { GbdtClassifier, GbdtRegressor } from "../models/gbdt";
import { onnxParity } from "./parity";
import { withThresholdRows } from "./tree-testing";

function randCols(n: number, F: number, seed: number): Float64Array[] {
  const r = new SeededRandom(seed);
  return Array.from({ length: F }, () => Float64Array.from({ length: n }, () => r.normal()));
}

describe("GBDT ONNX parity (onnxruntime-node, ai.onnx.ml 3 TreeEnsembleRegressor)", () => {
  const X = randCols(3000, 4, 1);
  X[1]![5] = NaN;
  X[1]![50] = NaN;
  const Xt = randCols(1000, 4, 2);

  it("squared-error regressor, incl. rows exactly at thresholds and NaN", async () => {
    const y = Float64Array.from(X[0]!, (v, i) => Math.sin(v) + (Number.isNaN(X[1]![i]!) ? 3 : X[1]![i]!) * 0.3);
    const m = new GbdtRegressor({ nEstimators: 60, maxDepth: 5, learningRate: 0.1 }).fit(X, y);
    const r = await onnxParity(m, withThresholdRows(m, Xt));
    expect(r.maxScaledDiff).toBeLessThanOrEqual(1e-5);
    expect(r.ok).toBe(true);
  });

  it("quantile regressor and leaf-wise trees", async () => {
    const y = Float64Array.from(X[0]!, (v, i) => v * 100 + X[2]![i]!);
    const m = new GbdtRegressor({ loss: "quantile", alpha: 0.8, nEstimators: 30, maxDepth: 0, maxLeaves: 12 }).fit(X, y);
    const r = await onnxParity(m, withThresholdRows(m, Xt));
    expect(r.ok).toBe(true);
  });

  it("binary classifier with labels −1/1", async () => {
    const y = Float64Array.from(X[0]!, (v, i) => (v - X[2]![i]! > 0.1 ? 1 : -1));
    const m = new GbdtClassifier({ nEstimators: 40, maxDepth: 4 }).fit(X, y);
    const r = await onnxParity(m, withThresholdRows(m, Xt));
    expect(r.labelMismatches).toBe(0);
    expect(r.ok).toBe(true);
  });

  it("softmax SELL/HOLD/BUY", async () => {
    const y = Float64Array.from(X[0]!, (v) => (v < -0.4 ? -1 : v > 0.4 ? 1 : 0));
    const m = new GbdtClassifier({ nEstimators: 25, maxDepth: 4, subsample: 0.8, featureFraction: 0.75, seed: 1 }).fit(X, y);
    const r = await onnxParity(m, withThresholdRows(m, Xt));
    expect(r.labelMismatches).toBe(0);
    expect(r.ok).toBe(true);
  });
});
