/**
 * The linear and online models on the real S&P 500 and AAPL daily series: lagged-return
 * features (known at the close of bar t) and the next bar's log return as target; train on
 * the first 80% of bars, test on the rest (time order, no shuffling).
 */
import { afterAll, describe, expect, it } from "vitest";
import { loadSampleDataset, type SampleDatasetId } from "../data/sample-datasets";
import { onnxParity } from "../onnx/parity";
import { clearOnnxSessionCache } from "../onnx/runtime";
import { computeModelMetrics } from "../validation/metrics";
import type { Columns } from "./estimator";
import { ElasticNet, LinearRegression, LogisticRegression, Ridge } from "./linear";
import { SGDClassifier, SGDRegressor } from "./sgd";

afterAll(() => clearOnnxSessionCache());

function dataset(id: SampleDatasetId) {
  const s = loadSampleDataset(id);
  const c = s.close, v = s.volume;
  const T = c.length;
  const lr = (t: number, k: number) => Math.log(c[t]! / c[t - k]!);
  const rows: number[][] = [];
  const y: number[] = [];
  for (let t = 20; t < T - 1; t++) {
    rows.push([
      lr(t, 1),
      lr(t, 5),
      lr(t, 20),
      (s.high[t]! - s.low[t]!) / c[t]!,
      Math.log((v[t]! + 1) / (v[t - 1]! + 1)),
    ]);
    y.push(lr(t + 1, 1)); // the label: next bar's log return (uses bar t+1 only as target)
  }
  const n = rows.length;
  const X = Array.from({ length: 5 }, (_, j) => Float64Array.from(rows, (r) => r[j]!));
  const cut = Math.floor(n * 0.8);
  const split = (a: Columns, from: number, to: number) => a.map((col) => col.slice(from, to));
  const Y = Float64Array.from(y);
  return { Xtr: split(X, 0, cut), Xte: split(X, cut, n), ytr: Y.slice(0, cut), yte: Y.slice(cut) };
}

/** BUY (1) / SELL (−1) / HOLD (0) by ± threshold on the forward log return. */
const labels = (y: Float64Array, th: number) => Float64Array.from(y, (v) => (v > th ? 1 : v < -th ? -1 : 0));

describe.each(["spx", "aapl"] as const)("%s: linear models on real daily bars", (id) => {
  const { Xtr, Xte, ytr, yte } = dataset(id);

  it("OLS equals the normal-equations reference; every regressor exports with ONNX parity", async () => {
    const ols = new LinearRegression().fit(Xtr, ytr);
    // reference: Gauss–Jordan on [X 1]ᵀ[X 1] β = [X 1]ᵀ y
    const D = [...Xtr, new Float64Array(ytr.length).fill(1)];
    const A = D.map((a) => [...D.map((b) => a.reduce((s, v, i) => s + v * b[i]!, 0)), a.reduce((s, v, i) => s + v * ytr[i]!, 0)]);
    const p = D.length;
    for (let c = 0; c < p; c++) {
      let piv = c;
      for (let r = c + 1; r < p; r++) if (Math.abs(A[r]![c]!) > Math.abs(A[piv]![c]!)) piv = r;
      [A[c], A[piv]] = [A[piv]!, A[c]!];
      for (let r = 0; r < p; r++) if (r !== c) {
        const f = A[r]![c]! / A[c]![c]!;
        for (let k = c; k <= p; k++) A[r]![k] = A[r]![k]! - f * A[c]![k]!;
      }
    }
    const ref = A.map((row, i) => row[p]! / row[i]!);
    for (let j = 0; j < 5; j++) expect(ols.coef[j]).toBeCloseTo(ref[j]!, 6);
    expect(ols.intercept).toBeCloseTo(ref[5]!, 8);

    const models = [
      ols,
      new Ridge({ alpha: 10, standardize: true }).fit(Xtr, ytr),
      new ElasticNet({ alpha: 1e-4, l1Ratio: 0.5, standardize: true }).fit(Xtr, ytr),
      new SGDRegressor({ standardize: true, epochs: 3, eta0: 0.001 }).fit(Xtr, ytr),
    ];
    for (const m of models) {
      const r = await onnxParity(m, Xte);
      expect(r.ok, m.kind).toBe(true);
      const met = computeModelMetrics("regression", { yTrue: yte, yPred: m.predict(Xte) });
      expect(Number.isFinite(met.rmse!), m.kind).toBe(true);
      // daily returns are close to unpredictable: out of sample R² stays near 0, never large
      expect(met.r2!, m.kind).toBeLessThan(0.05);
    }
  });

  it("the scaler holds training-row statistics only", () => {
    const m = new Ridge({ alpha: 1, standardize: true }).fit(Xtr, ytr);
    for (let j = 0; j < 5; j++) {
      const mean = Xtr[j]!.reduce((a, b) => a + b, 0) / Xtr[j]!.length;
      expect(m.scaler!.mean[j]).toBeCloseTo(mean, 12);
    }
    expect(m.scaler!.nSeen).toBe(ytr.length);
  });

  it("BUY/SELL/HOLD classifiers: ONNX parity with identical decisions and finite metrics", async () => {
    const th = 0.005;
    const cTr = labels(ytr, th), cTe = labels(yte, th);
    const models = [
      new LogisticRegression({ C: 1, standardize: true }).fit(Xtr, cTr),
      new LogisticRegression({ C: 10, standardize: true }).fit(Xtr, Float64Array.from(ytr, (v) => (v > 0 ? 1 : 0))),
      new SGDClassifier({ standardize: true, eta0: 0.01, epochs: 3 }).fit(Xtr, cTr),
    ];
    for (const m of models) {
      const r = await onnxParity(m, Xte);
      expect(r.labelMismatches, m.kind).toBe(0);
      expect(r.ok, m.kind).toBe(true);
      const yTrue = m.classes.length === 2 ? Float64Array.from(yte, (v) => (v > 0 ? 1 : 0)) : cTe;
      const met = computeModelMetrics("classification", { yTrue, yPred: m.predict(Xte), classes: m.classes, proba: m.predictProba(Xte) });
      expect(met.log_loss).toBeGreaterThan(0);
      expect(met.roc_auc).toBeGreaterThan(0.3);
      expect(met.roc_auc).toBeLessThan(0.7);
    }
  });
});
