import { describe, expect, it } from "vitest";
import { loadSampleDataset } from "../data/sample-datasets";
import type { OhlcvColumns } from "../data/ohlcv";
import { W3_SPEC } from "../features/spec";
import { fitFold, type FoldResult, prepareWalkForward, summarizeWalkForward } from "./walk-forward";

const spx = loadSampleDataset("spx");
const W4 = { trainMonths: 36, testMonths: 3, stepMonths: 3, start: "2000-01-01" };
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe("prepareWalkForward", () => {
  it("builds W4's 69 spx folds with the 5-bar label purged (BENCHMARKS.md, the peer's walkforward.py)", async () => {
    const p = prepareWalkForward(spx, { spec: W3_SPEC, label: { kind: "regression", horizon: 5 }, splits: W4 });
    expect(p.folds).toHaveLength(69);
    expect([day(p.folds[0]!.testStart), day(p.folds[68]!.testEnd)]).toEqual(["2003-01-01", "2020-04-01"]);
    // The peer's oos_bars (every test bar is traded) and the last fold's labelled test rows.
    expect(p.folds.reduce((n, f) => n + f.test.length, 0)).toBe(4341);
    const last = p.folds[68]!;
    expect(Array.from(last.test).filter((t) => !Number.isNaN(p.label[t]!))).toHaveLength(62);
    // Purge: no training row's label window [t, t+5] reaches the test window.
    for (const f of p.folds) expect(f.train[f.train.length - 1]! + 5).toBeLessThan(f.test[0]!);
    expect(p.names).toHaveLength(20);
  });

  it("labels BUY/SELL/HOLD by thresholds on the forward log return", async () => {
    const p = prepareWalkForward(spx, { spec: W3_SPEC, label: { kind: "classification", horizon: 5, buy: 0.01, sell: -0.01 }, splits: W4 });
    const t = 3000;
    const fwd = Math.log(spx.close[t + 5]! / spx.close[t]!);
    expect(p.label[t]).toBe(fwd > 0.01 ? 1 : fwd < -0.01 ? -1 : 0);
    expect(p.task).toBe("classification");
  });

  it("refuses windows that leave no fold", async () => {
    expect(() => prepareWalkForward(spx, { spec: W3_SPEC, label: { kind: "regression", horizon: 5 }, splits: { ...W4, trainMonths: 300 } })).toThrow(/no complete fold/);
  });
});

describe("fitFold", () => {
  const p = prepareWalkForward(spx, { spec: W3_SPEC, label: { kind: "regression", horizon: 5 }, splits: W4 });
  const fold = p.folds[40]!;

  it("fits on the training rows, predicts every test bar, scores and backtests the fold alone", async () => {
    const r = await fitFold(p, fold, { model: { algorithm: "ridge", params: { alpha: 1, standardize: true } } });
    expect(r.prediction).toHaveLength(fold.test.length);
    expect(r.equity).toHaveLength(fold.test.length);
    expect(r.trainRows).toBe(fold.train.length); // after 2003 no training row lacks a feature or label
    expect(r.signal.every((s, i) => s === Math.sign(r.prediction[i]!))).toBe(true);
    expect(Object.keys(r.metrics)).toEqual(["rmse", "mae", "r2", "directional_accuracy"]);
    expect(r.metrics.rmse).toBeGreaterThan(0);
    expect(r.backtest.trades).toBe(r.trades.length);
    expect(r.model).toBeUndefined();
    expect((await fitFold(p, fold, { model: { algorithm: "ridge", params: { alpha: 1, standardize: true } }, keepModel: true })).model?.kind).toBe("ridge");
  });

  it("does not look ahead: bars after the test window change nothing", async () => {
    const shocked: OhlcvColumns = { ...spx, close: spx.close.slice(), open: spx.open.slice(), high: spx.high.slice(), low: spx.low.slice() };
    const after = fold.test[fold.test.length - 1]! + 1;
    for (let t = after; t < shocked.close.length; t++) {
      shocked.close[t] = shocked.close[t]! * 3;
      shocked.open[t] = shocked.open[t]! * 3;
      shocked.high[t] = shocked.high[t]! * 3;
      shocked.low[t] = shocked.low[t]! * 3;
    }
    const q = prepareWalkForward(shocked, { spec: W3_SPEC, label: { kind: "regression", horizon: 5 }, splits: W4 });
    const choice = { algorithm: "gbdt" as const, params: { nEstimators: 20, maxDepth: 3, learningRate: 0.1 } };
    const a = await fitFold(p, fold, { model: choice }), b = await fitFold(q, q.folds[40]!, { model: choice });
    expect(b.prediction).toEqual(a.prediction);
    expect(b.equity).toEqual(a.equity);
    // Only the test-window metrics whose labels reach past the window may move.
    expect(b.trainRows).toBe(a.trainRows);
  });

  it("classifies SELL/HOLD/BUY, maps probabilities onto the three classes and trades the predicted class", async () => {
    const c = prepareWalkForward(spx, { spec: W3_SPEC, label: { kind: "classification", horizon: 5, buy: 0.01, sell: -0.01 }, splits: W4 });
    const r = await fitFold(c, c.folds[40]!, { model: { algorithm: "logistic", params: { C: 1 } } });
    expect(Object.keys(r.metrics)).toEqual(["accuracy", "precision_macro", "recall_macro", "f1_macro", "roc_auc", "log_loss"]);
    expect(r.metrics.accuracy).toBeGreaterThan(0);
    expect(r.metrics.log_loss).toBeGreaterThan(0);
    expect(r.prediction.every((v) => v === -1 || v === 0 || v === 1)).toBe(true);
    expect(r.signal).toEqual(r.prediction);
  });

  it("refuses an algorithm the task lacks", async () => {
    await expect(fitFold(p, fold, { model: { algorithm: "logistic", params: {} } })).rejects.toThrow("algorithm logistic does not do regression");
  });
});

describe("summarizeWalkForward", () => {
  it("chains the folds' equity and computes W4's out-of-sample Sharpe from per-bar returns", async () => {
    const p = prepareWalkForward(spx, { spec: W3_SPEC, label: { kind: "regression", horizon: 5 }, splits: W4 });
    const fold = (index: number, firstBar: number, equity: number[], prediction: number[]): FoldResult => ({
      index, trainStart: 0, trainEnd: 0, testStart: 0, testEnd: 0, trainRows: 1, firstBar,
      prediction, signal: prediction.map(Math.sign), equity, metrics: { rmse: index + 1 },
      backtest: { totalReturn: 0, sharpe: 0, maxDrawdown: 0, trades: 0, costs: 0 }, trades: [],
    });
    // returns: +1%, −1%, +2% | 0%, +0.5%
    const s = summarizeWalkForward(p, [fold(0, 1000, [101_000, 99_990, 101_989.8], [0.1, -0.1, 0.2]), fold(1, 1003, [100_000, 100_500], [0, 0.3])]);
    const r = [0.01, -0.01, 0.02, 0, 0.005];
    const mean = r.reduce((a, b) => a + b) / 5;
    const sd = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / 4);
    expect(s.oosSharpe).toBeCloseTo((mean / sd) * Math.sqrt(252), 10);
    expect(s.oosTotalReturn).toBeCloseTo(1.01 * 0.99 * 1.02 * 1.005 - 1, 12);
    expect(s.bars.equity[4]).toBeCloseTo(100_000 * 1.01 * 0.99 * 1.02 * 1.005, 6);
    expect(s.bars.time).toEqual([1000, 1001, 1002, 1003, 1004].map((t) => spx.time[t]));
    expect(s.bars.actual[0]).toBe(p.label[1000]);
    expect(s.meanFoldMetrics).toEqual({ rmse: 1.5 });
    const y = [1000, 1001, 1002, 1003, 1004].map((t) => p.label[t]!), yhat = [0.1, -0.1, 0.2, 0, 0.3];
    expect(s.metrics.rmse).toBeCloseTo(Math.sqrt(y.reduce((a, v, i) => a + (v - yhat[i]!) ** 2, 0) / 5), 12);
  });
});

describe("fitFold with a neural net", () => {
  it("reports each epoch's loss (live curves) and trains online-capable models across folds", async () => {
    const p = prepareWalkForward(spx, { spec: W3_SPEC, label: { kind: "regression", horizon: 5 }, splits: W4 });
    const epochs: number[] = [];
    const r = await fitFold(p, p.folds[60]!, { model: { algorithm: "mlp", params: { hidden: [8], epochs: 3, batchSize: 64 } } as never, onProgress: (e) => epochs.push(e) });
    expect(epochs).toEqual([1, 2, 3]);
    expect(r.prediction.every((v) => v !== null && Number.isFinite(v))).toBe(true);
    // Online learning: the second fold continues the first fold's SGD model with partialFit.
    const sgd = { algorithm: "sgd" as const, params: { alpha: 1e-4, penalty: "l2" as const, eta0: 0.01, epochs: 5, standardize: true, seed: 0 } };
    const first = await fitFold(p, p.folds[60]!, { model: sgd, keepModel: true });
    const online = await fitFold(p, p.folds[61]!, { model: sgd, previous: first.model });
    const fresh = await fitFold(p, p.folds[61]!, { model: sgd });
    expect(online.model?.kind).toBe("sgd_regressor");
    expect(online.prediction).not.toEqual(fresh.prediction);
  });
});
