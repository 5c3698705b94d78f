import { afterAll, describe, expect, it } from "vitest";
import { SeededRandom } from "../data/random";
import { onnxParity } from "../onnx/parity";
import { clearOnnxSessionCache } from "../onnx/runtime";
import type { Columns } from "./estimator";
import { LinearRegression, LogisticRegression, sigmoid } from "./linear";
import { SGDClassifier, SGDRegressor, learningRateAt } from "./sgd";

afterAll(() => clearOnnxSessionCache());

const rows = (X: Columns, from: number, to: number) => X.map((c) => c.slice(from, to));

function regression(seed: number, n: number) {
  const rng = new SeededRandom(seed);
  const X = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    X[0]![i] = rng.normal();
    X[1]![i] = 3 * rng.normal() + 5;
    X[2]![i] = rng.normal(); // unused by the target
    y[i] = 2 * X[0]![i]! - X[1]![i]! + 0.5 + 0.05 * rng.normal();
  }
  return { X, y };
}

function classification(seed: number, n: number, k: 2 | 3) {
  const rng = new SeededRandom(seed);
  const X = [new Float64Array(n), new Float64Array(n)];
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    X[0]![i] = rng.normal();
    X[1]![i] = rng.normal();
    const s = 1.5 * X[0]![i]! - X[1]![i]!;
    if (k === 2) y[i] = rng.uniform() < sigmoid(s) ? 1 : 0;
    else {
      const v = s + 0.5 * rng.normal();
      y[i] = v > 0.7 ? 1 : v < -0.7 ? -1 : 0;
    }
  }
  return { X, y };
}

describe("learning-rate schedules", () => {
  it("constant, invscaling and optimal follow their formulas", () => {
    expect(learningRateAt({ learningRate: "constant", eta0: 0.1, powerT: 0.25, alpha: 1e-4 }, 50)).toBe(0.1);
    expect(learningRateAt({ learningRate: "invscaling", eta0: 0.01, powerT: 0.25, alpha: 1e-4 }, 16)).toBeCloseTo(0.005, 15);
    // optimal: η₁ = eta0, η_t = 1/(α(t0 + t − 1)), t0 = 1/(α eta0)
    expect(learningRateAt({ learningRate: "optimal", eta0: 0.5, powerT: 0, alpha: 0.01 }, 1)).toBeCloseTo(0.5, 15);
    expect(learningRateAt({ learningRate: "optimal", eta0: 0.5, powerT: 0, alpha: 0.01 }, 101)).toBeCloseTo(1 / (0.01 * 300), 15);
  });

  it("the first update of squared loss from w = 0 is w = η·y·x (hand-computed)", () => {
    const m = new SGDRegressor({ learningRate: "constant", eta0: 0.1, penalty: "none", epochs: 1 });
    m.fit([Float64Array.of(2)], Float64Array.of(3));
    // p = 0, g = −3: w = 0 − 0.1·(−3)·2 = 0.6, b = 0.3
    expect(m.coef[0]![0]).toBeCloseTo(0.6, 15);
    expect(m.intercept[0]).toBeCloseTo(0.3, 15);
    // second row continues: p = 0.3 + 0.6·1 = 0.9, y = 1, g = −0.1 → w = 0.61, b = 0.31
    m.partialFit([Float64Array.of(1)], Float64Array.of(1));
    expect(m.coef[0]![0]).toBeCloseTo(0.61, 15);
    expect(m.intercept[0]).toBeCloseTo(0.31, 15);
    expect(m.t).toBe(2);
  });
});

describe("SGDRegressor", () => {
  it("converges to the OLS solution of y = 2·x1 − x2 + 0.5 (standardized, invscaling)", () => {
    const { X, y } = regression(1, 4000);
    const m = new SGDRegressor({ standardize: true, epochs: 20, eta0: 0.01, alpha: 1e-6 }).fit(X, y);
    const ols = new LinearRegression().fit(X, y);
    const u = m.unscaledCoef();
    for (let j = 0; j < 3; j++) expect(Math.abs(u.coef[j]! - ols.coef[j]!)).toBeLessThan(0.02);
    expect(Math.abs(u.intercept - ols.intercept)).toBeLessThan(0.05);
  });

  it("fit in one call equals partialFit over consecutive chunks, bit for bit (1 and 3 epochs)", () => {
    const { X, y } = regression(2, 900);
    for (const epochs of [1, 3]) {
      const one = new SGDRegressor({ epochs, eta0: 0.005, penalty: "elasticnet", alpha: 1e-3 }).fit(X, y);
      const stream = new SGDRegressor({ epochs, eta0: 0.005, penalty: "elasticnet", alpha: 1e-3 });
      for (let e = 0; e < epochs; e++) for (const [a, b] of [[0, 100], [100, 450], [450, 900]] as const) stream.partialFit(rows(X, a, b), y.slice(a, b));
      expect(stream.coef[0]).toEqual(one.coef[0]);
      expect(stream.intercept).toEqual(one.intercept);
      expect(stream.t).toBe(900 * epochs);
    }
  });

  it("standardize: the scaler comes from the first call's rows, so fit(X) equals one partialFit(X)", () => {
    const { X, y } = regression(3, 500);
    const one = new SGDRegressor({ standardize: true, epochs: 1 }).fit(X, y);
    const pf = new SGDRegressor({ standardize: true }).partialFit(X, y);
    expect(pf.coef[0]).toEqual(one.coef[0]);
    expect(pf.scaler!.mean).toEqual(one.scaler!.mean);
    // a later batch does not move the scaler
    const mean = Float64Array.from(pf.scaler!.mean);
    pf.partialFit(rows(X, 0, 10).map((c) => c.map((v) => v + 100)), y.slice(0, 10));
    expect(pf.scaler!.mean).toEqual(mean);
  });

  it("a restored model continues the stream identically; huber works", () => {
    const { X, y } = regression(4, 600);
    const a = new SGDRegressor({ loss: "huber", epsilon: 1, standardize: true }).partialFit(rows(X, 0, 300), y.slice(0, 300));
    const b = SGDRegressor.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    a.partialFit(rows(X, 300, 600), y.slice(300, 600));
    b.partialFit(rows(X, 300, 600), y.slice(300, 600));
    expect(b.coef[0]).toEqual(a.coef[0]);
    expect(b.toJSON()).toEqual(a.toJSON());
  });

  it("ONNX parity on held-out rows", async () => {
    const { X, y } = regression(5, 1200);
    const m = new SGDRegressor({ standardize: true, epochs: 5 }).fit(rows(X, 0, 1000), y.slice(0, 1000));
    const r = await onnxParity(m, rows(X, 1000, 1200));
    expect(r.maxScaledDiff).toBeLessThanOrEqual(1e-5);
    expect(r.ok).toBe(true);
  });
});

describe("SGDClassifier", () => {
  it("binary log loss converges near the equivalent penalised logistic regression (C = 1/(α·n))", () => {
    const { X, y } = classification(6, 3000, 2);
    const alpha = 1e-3;
    const sgd = new SGDClassifier({ learningRate: "optimal", alpha, eta0: 0.5, epochs: 30, shuffle: true, seed: 3 }).fit(X, y);
    const lr = new LogisticRegression({ C: 1 / (alpha * 3000), tol: 1e-10 }).fit(X, y);
    for (let j = 0; j < 2; j++) expect(Math.abs(sgd.coef[0]![j]! - lr.coef[0]![j]!)).toBeLessThan(0.05);
    expect(Math.abs(sgd.intercept[0]! - lr.intercept[0]!)).toBeLessThan(0.05);
    const agree = sgd.predict(X).reduce((s, v, i) => s + (v === lr.predict(X)[i] ? 1 : 0), 0) / 3000;
    expect(agree).toBeGreaterThan(0.98);
  });

  it("multinomial (−1, 0, 1): learns the classes; partialFit needs classes and then streams like fit", () => {
    const { X, y } = classification(7, 2000, 3);
    const m = new SGDClassifier({ standardize: true, eta0: 0.05, epochs: 10 }).fit(X, y);
    expect(Array.from(m.classes)).toEqual([-1, 0, 1]);
    const acc = m.predict(X).reduce((s, v, i) => s + (v === y[i] ? 1 : 0), 0) / 2000;
    expect(acc).toBeGreaterThan(0.75);
    expect(() => new SGDClassifier().partialFit(X, y)).toThrow(/classes/);

    const one = new SGDClassifier({ eta0: 0.05, epochs: 2 }).fit(X, y);
    const s = new SGDClassifier({ eta0: 0.05 });
    for (let e = 0; e < 2; e++) for (const [a, b] of [[0, 700], [700, 2000]] as const) s.partialFit(rows(X, a, b), y.slice(a, b), { classes: [1, 0, -1] });
    for (let k = 0; k < 3; k++) expect(s.coef[k]).toEqual(one.coef[k]);
  });

  it("ONNX parity (binary and multinomial) on held-out rows and JSON round trip", async () => {
    for (const k of [2, 3] as const) {
      const { X, y } = classification(8 + k, 1500, k);
      const m = new SGDClassifier({ standardize: true, eta0: 0.05, epochs: 5 }).fit(rows(X, 0, 1200), y.slice(0, 1200));
      const r = await onnxParity(m, rows(X, 1200, 1500));
      expect(r.labelMismatches).toBe(0);
      expect(r.ok).toBe(true);
      const back = SGDClassifier.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
      expect(back.predictProba(rows(X, 1200, 1500))).toEqual(m.predictProba(rows(X, 1200, 1500)));
    }
  });
});
