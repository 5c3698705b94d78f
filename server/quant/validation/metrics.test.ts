import { describe, expect, it } from "vitest";
import { SeededRandom } from "../data/random";
import {
  MODEL_METRICS,
  accuracy,
  classReport,
  computeModelMetrics,
  confusionMatrix,
  directionalAccuracy,
  intervalCoverage,
  intervalWidth,
  logLoss,
  mae,
  pinballLoss,
  r2,
  rmse,
  rocAuc,
  rocAucBinary,
  rocAucPairwiseReference,
} from "./metrics";

const f = (...v: number[]) => Float64Array.from(v);
const E = new Float64Array(0);

describe("regression metrics (hand-computed)", () => {
  // errors −0.5, 0, 1, −1: SSE 2.25; ȳ = 2.5, SST 5
  const yTrue = f(1, 2, 3, 4), yPred = f(1.5, 2, 2, 5);
  it("RMSE, MAE, R²", () => {
    expect(rmse(yTrue, yPred)).toBeCloseTo(0.75, 15);
    expect(mae(yTrue, yPred)).toBeCloseTo(0.625, 15);
    expect(r2(yTrue, yPred)).toBeCloseTo(0.55, 15);
  });
  it("directional accuracy skips y = 0 and counts ŷ = 0 as a miss", () => {
    expect(directionalAccuracy(f(0.01, -0.02, 0, 0.03, -0.01), f(0.02, 0.01, -0.5, 0, -0.03))).toBe(0.5);
    expect(directionalAccuracy(f(0, 0), f(1, -1))).toBeNaN();
  });
  it("edges: n = 0 → NaN, constant y → R² NaN, length mismatch throws", () => {
    expect(rmse(E, E)).toBeNaN();
    expect(mae(E, E)).toBeNaN();
    expect(r2(f(2, 2, 2), f(2, 2, 2))).toBeNaN();
    expect(() => rmse(f(1), f(1, 2))).toThrow(/length/);
  });
});

describe("classification metrics (hand-computed, classes −1/0/1)", () => {
  const yTrue = f(-1, -1, 0, 0, 0, 1, 1, 1, 1);
  const yPred = f(-1, 0, 0, 0, 1, 1, 1, 0, 1);
  it("confusion matrix: rows true, columns predicted", () => {
    expect(Array.from(confusionMatrix(yTrue, yPred))).toEqual([1, 1, 0, 0, 2, 1, 0, 1, 3]);
  });
  it("accuracy, per-class precision / recall / F1 / support and their macro averages", () => {
    expect(accuracy(yTrue, yPred)).toBeCloseTo(6 / 9, 15);
    const r = classReport(yTrue, yPred);
    expect(Array.from(r.classes)).toEqual([-1, 0, 1]);
    expect(Array.from(r.precision)).toEqual([1, 0.5, 0.75]);
    expect(r.recall[0]).toBe(0.5);
    expect(r.recall[1]).toBeCloseTo(2 / 3, 15);
    expect(r.recall[2]).toBe(0.75);
    expect(r.f1[0]).toBeCloseTo(2 / 3, 15);
    expect(r.f1[1]).toBeCloseTo(4 / 7, 15);
    expect(r.f1[2]).toBeCloseTo(0.75, 15);
    expect(Array.from(r.support)).toEqual([2, 3, 4]);
    const m = computeModelMetrics("classification", { yTrue, yPred });
    expect(m.precision_macro).toBeCloseTo(0.75, 15);
    expect(m.recall_macro).toBeCloseTo((0.5 + 2 / 3 + 0.75) / 3, 15);
    expect(m.f1_macro).toBeCloseTo((2 / 3 + 4 / 7 + 0.75) / 3, 15);
    expect(m.roc_auc).toBeNaN(); // no probabilities
  });
  it("a class that is never predicted has NaN precision and counts 0 in the macro average", () => {
    const r = classReport(f(0, 1, 1), f(1, 1, 1));
    expect(r.precision[0]).toBeNaN();
    expect(r.f1[0]).toBe(0);
    expect(computeModelMetrics("classification", { yTrue: f(0, 1, 1), yPred: f(1, 1, 1) }).precision_macro).toBeCloseTo((0 + 2 / 3) / 2, 15);
  });
});

describe("ROC AUC and log loss", () => {
  it("binary AUC: sklearn's docstring example (0.75) and a tie (0.875)", () => {
    expect(rocAucBinary(Uint8Array.of(0, 0, 1, 1), f(0.1, 0.4, 0.35, 0.8))).toBe(0.75);
    // pos {0.5, 0.9} vs neg {0.5, 0.2}: 0.5 + 1 + 1 + 1 over 4 pairs
    expect(rocAucBinary(Uint8Array.of(0, 1, 0, 1), f(0.5, 0.5, 0.2, 0.9))).toBe(0.875);
    expect(rocAucBinary(Uint8Array.of(1, 1), f(0.1, 0.2))).toBeNaN();
  });

  it("equals the pairwise count on random scores with ties (reference)", () => {
    const rng = new SeededRandom(3);
    const n = 300;
    const pos = Uint8Array.from({ length: n }, () => (rng.uniform() < 0.4 ? 1 : 0));
    const s = Float64Array.from({ length: n }, (_, i) => Math.round((rng.uniform() + 0.3 * pos[i]!) * 20) / 20);
    expect(rocAucBinary(pos, s)).toBeCloseTo(rocAucPairwiseReference(pos, s), 12);
    expect(rocAucPairwiseReference([1, 0, 1, 0], [0.9, 0.5, 0.5, 0.2])).toBe(0.875);
  });

  it("binary from probabilities uses P(classes[1]); multiclass is the macro one-vs-rest mean", () => {
    const classes = f(0, 1);
    expect(rocAuc(f(0, 0, 1, 1), [f(0.9, 0.6, 0.65, 0.2), f(0.1, 0.4, 0.35, 0.8)], classes)).toBe(0.75);
    const y = f(-1, 0, 1, 1, 0, -1);
    const P = [f(0.7, 0.2, 0.1, 0.3, 0.3, 0.4), f(0.2, 0.5, 0.3, 0.3, 0.4, 0.5), f(0.1, 0.3, 0.6, 0.4, 0.3, 0.1)];
    const c3 = f(-1, 0, 1);
    const ovr = [0, 1, 2].map((k) => rocAucBinary(Uint8Array.from(y, (v) => (v === c3[k] ? 1 : 0)), P[k]!));
    expect(rocAuc(y, P, c3)).toBeCloseTo((ovr[0]! + ovr[1]! + ovr[2]!) / 3, 15);
  });

  it("log loss: −mean ln p(true), clipped at 1e-15", () => {
    const ll = logLoss(f(0, 1, 1), [f(0.9, 0.2, 0.4), f(0.1, 0.8, 0.6)], f(0, 1));
    expect(ll).toBeCloseTo(-(Math.log(0.9) + Math.log(0.8) + Math.log(0.6)) / 3, 15);
    expect(logLoss(f(1), [f(1), f(0)], f(0, 1))).toBeCloseTo(-Math.log(1e-15), 10);
    expect(logLoss(E, [E, E], f(0, 1))).toBeNaN();
  });
});

describe("quantile and interval metrics", () => {
  it("pinball loss at α = 0.9 (hand-computed) and α = 0.5 is half the MAE", () => {
    expect(pinballLoss(f(1, 2, 3), f(2, 2, 2), 0.9)).toBeCloseTo(1 / 3, 15);
    expect(pinballLoss(f(1, 2, 3, 4), f(1.5, 2, 2, 5), 0.5)).toBeCloseTo(0.625 / 2, 15);
    expect(() => pinballLoss(f(1), f(1), 1)).toThrow(/alpha/);
  });
  it("coverage (inclusive bounds) and width", () => {
    const y = f(1, 2, 3, 4), lo = f(0, 2, 3.5, 3), hi = f(2, 2, 4, 3.9);
    expect(intervalCoverage(y, lo, hi)).toBe(0.5);
    expect(intervalWidth(lo, hi)).toBeCloseTo(0.85, 15);
    expect(computeModelMetrics("interval", { yTrue: y, lower: lo, upper: hi })).toEqual({ interval_coverage: 0.5, interval_width: expect.closeTo(0.85, 12) });
  });
});

describe("registry", () => {
  it("every entry has a label, unit, formula, edge rule and task; tasks partition the keys", () => {
    for (const [key, d] of Object.entries(MODEL_METRICS)) {
      expect(d.label, key).toBeTruthy();
      expect(d.formula, key).toBeTruthy();
      expect(d.edge, key).toBeTruthy();
      expect(["regression", "classification", "quantile", "interval"]).toContain(d.task);
    }
    expect(Object.keys(computeModelMetrics("regression", { yTrue: f(1, 2), yPred: f(1, 3) }))).toEqual(["rmse", "mae", "r2", "directional_accuracy"]);
    expect(Object.keys(computeModelMetrics("quantile", { yTrue: f(1), yPred: f(1), alpha: 0.1 }))).toEqual(["pinball_loss"]);
    expect(Object.keys(computeModelMetrics("classification", { yTrue: f(0, 1), yPred: f(0, 1), proba: [f(0.8, 0.3), f(0.2, 0.7)] }))).toEqual([
      "accuracy", "precision_macro", "recall_macro", "f1_macro", "roc_auc", "log_loss",
    ]);
  });
});
