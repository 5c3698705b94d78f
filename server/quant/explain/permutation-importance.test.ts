import { describe, expect, it } from "vitest";
import { SeededRandom } from "../data/random";
import type { Columns, Estimator } from "../models/estimator";
import { ElasticNet, LinearRegression, LogisticRegression } from "../models/linear";
import { r2 } from "../validation/metrics";
import { importanceBand, metricScorer, permutationImportance, type Scorer } from "./permutation-importance";

/** y = 2·x1 − x2 + 0.5·ε with x1, x2, x3, ε ~ N(0, 1) i.i.d.; x3 does not enter y. */
function linearData(n: number, seed: number) {
  const rng = new SeededRandom(seed);
  const X = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (const c of X) c[i] = rng.normal();
    y[i] = 2 * X[0]![i]! - X[1]![i]! + 0.5 * rng.normal();
  }
  return { X, y };
}

const names = ["x1", "x2", "x3"];

describe("importanceBand: boundaries", () => {
  it.each([
    [Infinity, "critical"],
    [0.0011, "critical"],
    [1e-3, "moderate"], // exactly 1e-3 is not > 1e-3
    [1.0000001e-4, "moderate"],
    [1e-4, "minimal"], // exactly 1e-4 is not > 1e-4
    [5e-324, "minimal"],
    [0, "none"],
    [-0, "none"],
    [-0.5, "none"],
    [NaN, "none"],
  ] as const)("%s → %s", (v, band) => {
    expect(importanceBand(v)).toBe(band);
  });
});

describe("permutationImportance: OLS on y = 2·x1 − x2 + noise (n = 2000)", () => {
  const { X, y } = linearData(2000, 7);
  const ols = new LinearRegression().fit(X, y);

  it("recovers the coefficients", () => {
    expect(ols.coef[0]).toBeCloseTo(2, 1);
    expect(ols.coef[1]).toBeCloseTo(-1, 1);
    expect(Math.abs(ols.coef[2]!)).toBeLessThan(0.05);
  });

  it("R²: x1 critical and above x2; x3 at most minimal; drops near 2β²/var(y)", () => {
    const res = permutationImportance(ols, X, y, { metric: "r2", nRepeats: 5, seed: 1, names });
    const [x1, x2, x3] = res.features;
    expect(res.metric).toBe("r2");
    expect(res.baseline).toBeCloseTo(r2(y, ols.predict(X)), 15);
    // Shuffling a N(0, 1) column adds 2β² to the error variance: drop ≈ 2·4/5.25 and 2·1/5.25.
    expect(x1!.importance).toBeGreaterThan(1.35);
    expect(x1!.importance).toBeLessThan(1.7);
    expect(x2!.importance).toBeGreaterThan(0.3);
    expect(x2!.importance).toBeLessThan(0.46);
    expect(x1!.importance).toBeGreaterThan(x2!.importance);
    expect([x1!.band, x2!.band]).toEqual(["critical", "critical"]);
    // x3's fitted coefficient is noise of order 0.5/√2000: its drop is ~2·0.011²/5.25 ≈ 5e-5
    expect(Math.abs(x3!.importance)).toBeLessThan(1e-4);
    // its sign is noise too; with this seed it is −4.8e-7 → "none" (the lasso case below has
    // an exactly unused feature)
    expect(x3!.band).toBe("none");
    for (const f of res.features) {
      expect(f.drops).toHaveLength(5);
      expect(f.std).toBeGreaterThanOrEqual(0);
    }
    expect(res.features.map((f) => f.name)).toEqual(names);
  });

  it("a loss metric counts the increase: RMSE drop of x1 ≈ √(0.25 + 8) − 0.5", () => {
    const res = permutationImportance(ols, X, y, { metric: "rmse", nRepeats: 3, seed: 2 });
    expect(res.higherIsBetter).toBe(false);
    expect(res.features[0]!.importance).toBeCloseTo(Math.sqrt(8.25) - 0.5, 0);
    expect(res.features[0]!.importance).toBeGreaterThan(res.features[1]!.importance);
    expect(res.features.map((f) => f.name)).toEqual(["x0", "x1", "x2"]);
  });

  it("one repeat equals shuffling the column by hand with the same seed", () => {
    const res = permutationImportance(ols, X, y, { metric: "r2", nRepeats: 1, seed: 11 });
    const order = Int32Array.from({ length: 2000 }, (_, i) => i);
    new SeededRandom(11).shuffle(order);
    const x1 = Float64Array.from(order, (i) => X[0]![i]!);
    const byHand = res.baseline - r2(y, ols.predict([x1, X[1]!, X[2]!]));
    expect(res.features[0]!.importance).toBe(byHand);
    expect(res.features[0]!.std).toBe(0);
  });

  it("the same seed gives the same result; another seed other drops", () => {
    const a = permutationImportance(ols, X, y, { metric: "r2", seed: 3 });
    const b = permutationImportance(ols, X, y, { metric: "r2", seed: 3 });
    const c = permutationImportance(ols, X, y, { metric: "r2", seed: 4 });
    expect(b).toEqual(a);
    expect(Array.from(c.features[0]!.drops)).not.toEqual(Array.from(a.features[0]!.drops));
  });
});

describe("permutationImportance: a feature the model does not use", () => {
  it("lasso zeroes x3's coefficient: its importance is exactly 0 → band none", () => {
    const { X, y } = linearData(2000, 7);
    const lasso = new ElasticNet({ alpha: 0.05, l1Ratio: 1 }).fit(X, y);
    expect(lasso.coef[2]).toBe(0);
    const res = permutationImportance(lasso, X, y, { metric: "r2", seed: 5, names });
    expect(res.features[2]!.importance).toBe(0);
    expect(res.features[2]!.band).toBe("none");
    expect(res.features[0]!.band).toBe("critical");
  });

  it("any Estimator: only the shuffled column is new, the others are the caller's arrays", () => {
    const { X, y } = linearData(50, 1);
    const sameAsCaller: boolean[][] = []; // per predict call: is column k the caller's array?
    const stub = {
      kind: "stub", task: "regression", nFeatures: 3,
      predict(Z: Columns) {
        sameAsCaller.push(Z.map((c, k) => c === X[k]));
        return Float64Array.from(Z[0]!, (v) => 2 * v);
      },
    } as unknown as Estimator;
    const res = permutationImportance(stub, X, y, { metric: "mae", nRepeats: 2 });
    expect(sameAsCaller).toEqual([
      [true, true, true], // baseline
      [false, true, true], [false, true, true],
      [true, false, true], [true, false, true],
      [true, true, false], [true, true, false],
    ]);
    expect(res.features.slice(1).map((f) => f.importance)).toEqual([0, 0]);
    expect(X[0]).toEqual(linearData(50, 1).X[0]); // the caller's column is untouched
  });

  it("a custom Scorer", () => {
    const { X, y } = linearData(200, 2);
    const ols = new LinearRegression().fit(X, y);
    const sse: Scorer = { key: "sse", higherIsBetter: false, score: (m, Z, t) => m.predict(Z).reduce((s, v, i) => s + (v - t[i]!) ** 2, 0) };
    const res = permutationImportance(ols, X, y, { metric: sse, nRepeats: 2 });
    expect(res.metric).toBe("sse");
    expect(res.features[0]!.importance).toBeGreaterThan(1000);
  });
});

describe("permutationImportance: a classifier", () => {
  // BUY (1) when 1.5·x1 − 0.5·x2 + 0.3·ε > 0, else SELL (−1)
  const { X } = linearData(2000, 9);
  const rng = new SeededRandom(10);
  const y = Float64Array.from(X[0]!, (v, i) => (1.5 * v - 0.5 * X[1]![i]! + 0.3 * rng.normal() > 0 ? 1 : -1));
  const clf = new LogisticRegression({ C: 10 }).fit(X, y);

  it("accuracy: x1 > x2 > |x3|; x1 critical", () => {
    const res = permutationImportance(clf, X, y, { metric: "accuracy", seed: 0, names });
    const [x1, x2, x3] = res.features;
    expect(res.baseline).toBeGreaterThan(0.9);
    expect(x1!.importance).toBeGreaterThan(0.3);
    expect(x1!.importance).toBeGreaterThan(x2!.importance);
    expect(x2!.importance).toBeGreaterThan(Math.abs(x3!.importance));
    expect(x1!.band).toBe("critical");
  });

  it("probability metrics read predictProba: ROC AUC and log loss rank x1 first", () => {
    const auc = permutationImportance(clf, X, y, { metric: "roc_auc", nRepeats: 2 });
    const ll = permutationImportance(clf, X, y, { metric: "log_loss", nRepeats: 2 });
    expect(auc.baseline).toBeGreaterThan(0.95);
    expect(ll.higherIsBetter).toBe(false);
    for (const r of [auc, ll]) {
      expect(r.features[0]!.importance).toBeGreaterThan(r.features[1]!.importance);
      expect(r.features[1]!.importance).toBeGreaterThan(0);
    }
  });

  it("refuses a metric of the other task", () => {
    expect(() => permutationImportance(clf, X, y, { metric: "rmse" })).toThrow(/"rmse" is a regression metric, the model is a classification model/);
  });
});

describe("permutationImportance: bad input", () => {
  const { X, y } = linearData(20, 3);
  const ols = new LinearRegression().fit(X, y);
  it("names the field", () => {
    expect(() => permutationImportance(ols, X, y, { metric: "r2", nRepeats: 0 })).toThrow(/nRepeats must be an integer ≥ 1/);
    expect(() => permutationImportance(ols, X, y.subarray(1), { metric: "r2" })).toThrow(/y has 19 rows, X has 20/);
    expect(() => permutationImportance(ols, X.slice(1), y, { metric: "r2" })).toThrow(/X has 2 feature columns, the model expects 3/);
    expect(() => permutationImportance(ols, X, y, { metric: "r2", names: ["a"] })).toThrow(/names has 1 entries/);
    expect(() => permutationImportance(ols, X, new Float64Array(20).fill(1), { metric: "r2" })).toThrow(/baseline r2 is NaN/);
    expect(() => metricScorer("pinball_loss")).toThrow(/quantile metric; pass a Scorer/);
  });
});
