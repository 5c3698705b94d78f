import { afterAll, describe, expect, it } from "vitest";
import { SeededRandom } from "../data/random";
import { RandomForestClassifier, RandomForestRegressor } from "../models/random-forest";
import { spxW3Split } from "../models/testing";
import { onnxParity } from "./parity";
import { clearOnnxSessionCache } from "./runtime";
import { withThresholdRows } from "./tree-testing";

afterAll(() => clearOnnxSessionCache());

function randCols(n: number, F: number, seed: number): Float64Array[] {
  const r = new SeededRandom(seed);
  return Array.from({ length: F }, () => Float64Array.from({ length: n }, () => r.normal()));
}

/** Rows where two classes have exactly the same probability. */
function tiedRows(P: Float64Array[]): number {
  let ties = 0;
  for (let i = 0; i < P[0]!.length; i++) {
    let max = -1, atMax = 0;
    for (const col of P) {
      if (col[i]! > max) { max = col[i]!; atMax = 1; } else if (col[i] === max) atMax++;
    }
    if (atMax > 1) ties++;
  }
  return ties;
}

describe("random forest ONNX parity (onnxruntime-node, TreeEnsembleRegressor AVERAGE / SUM of votes)", () => {
  const X = randCols(2000, 4, 1);
  for (let i = 0; i < 2000; i += 41) X[1]![i] = NaN;
  const Xt = randCols(800, 4, 2);

  it("regressor (depth 12 and unlimited), incl. rows exactly at thresholds and NaN", async () => {
    const y = Float64Array.from(X[0]!, (v, i) => Math.sin(v) * 10 + (Number.isNaN(X[1]![i]!) ? 3 : X[1]![i]!));
    for (const maxDepth of [12, 0]) {
      const m = new RandomForestRegressor({ nEstimators: 40, maxDepth, maxFeatures: 0.5 }).fit(X, y);
      const r = await onnxParity(m, withThresholdRows(m, Xt));
      expect(r.maxScaledDiff).toBeLessThanOrEqual(1e-5);
      expect(r.ok).toBe(true);
    }
  });

  it("binary −1/1 and SELL/HOLD/BUY classifiers: identical labels, also on exact probability ties", async () => {
    const yb = Float64Array.from(X[0]!, (v, i) => (v - X[2]![i]! > 0.1 ? 1 : -1));
    const y3 = Float64Array.from(X[0]!, (v, i) => (v + X[3]![i]! * 0.5 < -0.4 ? -1 : v > 0.4 ? 1 : 0));
    const r = new SeededRandom(7);
    const noise = Float64Array.from(X[0]!, () => (r.uniform() < 0.5 ? 1 : -1));
    const cases = [
      { y: yb, p: { nEstimators: 30 } },
      // labels without signal, few trees, small impure leaves (frequencies 1/3, 2/3, 1/4...):
      // many rows tie exactly
      { y: noise, p: { nEstimators: 4, minSamplesLeaf: 3, maxDepth: 0 } },
      { y: noise, p: { nEstimators: 6, minSamplesLeaf: 2, maxDepth: 0 } },
      { y: y3, p: { nEstimators: 6, minSamplesLeaf: 9, maxDepth: 5, maxFeatures: 1 } },
      { y: y3, p: { nEstimators: 50, bootstrap: false, maxFeatures: "log2" as const } },
    ];
    let ties = 0;
    for (const { y, p } of cases) {
      const m = new RandomForestClassifier(p).fit(X, y);
      const rows = withThresholdRows(m, Xt);
      ties += tiedRows(m.predictProba(rows));
      const r = await onnxParity(m, rows);
      expect(r.labelMismatches).toBe(0);
      expect(r.ok).toBe(true);
    }
    expect(ties).toBeGreaterThan(20); // the tie cases were exercised
  });

  it("spx W3 features: regressor and up/down classifier at default parameters", async () => {
    const { train, test } = spxW3Split();
    const reg = new RandomForestRegressor({ nEstimators: 30 }).fit(train.X, train.y);
    const rr = await onnxParity(reg, withThresholdRows(reg, test.X));
    expect(rr.ok).toBe(true);
    const clf = new RandomForestClassifier({ nEstimators: 30 }).fit(train.X, Float64Array.from(train.y, (v) => (v > 0 ? 1 : -1)));
    const rc = await onnxParity(clf, withThresholdRows(clf, test.X));
    expect(rc.labelMismatches).toBe(0);
    expect(rc.ok).toBe(true);
  });
});
