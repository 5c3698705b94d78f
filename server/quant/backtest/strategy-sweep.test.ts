import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { loadSampleDataset } from "@/server/quant/data/sample-datasets";
import { sliceOhlcv } from "@/server/quant/data/ohlcv";
import { deflatedSharpeRatio, equitySharpeStats, trialSharpeVariance } from "@/server/quant/validation/deflated-sharpe";
import { pboCscv } from "@/server/quant/validation/pbo";
import { runBacktest } from "./api";
import { PRODUCT_DEFAULTS, W2_RULES } from "./presets";
import { StrategySpec, strategySignal } from "./strategies";
import { gridCombinations, MAX_SWEEP_COMBINATIONS, runStrategySweep, StrategyGrid, strategyGridSize } from "./strategy-sweep";
import { smaCrossoverSweep, smaCrossoverSweepKernel, W2_RULES as W2_KERNEL, w2bGrid } from "./sweep";

const spx = loadSampleDataset("spx");
const W2B = { kind: "sma_crossover", fast: { from: 5, to: 50, step: 5 }, slow: { from: 20, to: 200, step: 5 } } as const;

describe("StrategyGrid", () => {
  it("keeps only fast < slow and lower < upper combinations, in sweep order", () => {
    const g = StrategyGrid.parse({ kind: "sma_crossover", fast: { from: 10, to: 30, step: 10 }, slow: { from: 20, to: 30, step: 10 } });
    expect(gridCombinations(g)).toEqual([{ fast: 10, slow: 20 }, { fast: 10, slow: 30 }, { fast: 20, slow: 30 }]);
    const r = StrategyGrid.parse({ kind: "rsi_threshold", period: { from: 7, to: 14, step: 7 }, lower: { from: 30, to: 50, step: 10 }, upper: { from: 50, to: 70, step: 20 } });
    // lower 30, 40, 50 × upper 50, 70 with lower < upper: (30,50), (30,70), (40,50), (40,70), (50,70) → × 2 periods
    expect(strategyGridSize(r)).toBe(10);
    expect(gridCombinations(r).slice(0, 5)).toEqual([
      { period: 7, lower: 30, upper: 50 }, { period: 7, lower: 30, upper: 70 }, { period: 7, lower: 40, upper: 50 },
      { period: 7, lower: 40, upper: 70 }, { period: 7, lower: 50, upper: 70 },
    ]);
    expect(strategyGridSize(StrategyGrid.parse(W2B))).toBe(342);
  });
  it("levels step without drift; refuses empty grids, bad ranges and more than the cap", () => {
    const r = StrategyGrid.parse({ kind: "rsi_threshold", period: { from: 14, to: 14, step: 1 }, lower: { from: 0.1, to: 0.3, step: 0.1 }, upper: { from: 80, to: 80, step: 1 } });
    expect(gridCombinations(r).map((p) => p.lower)).toEqual([0.1, 0.2, 0.3]);
    expect(() => StrategyGrid.parse({ kind: "sma_crossover", fast: { from: 50, to: 60, step: 5 }, slow: { from: 20, to: 40, step: 5 } })).toThrow(/fast < slow/);
    expect(() => StrategyGrid.parse({ kind: "sma_crossover", fast: { from: 30, to: 10, step: 5 }, slow: { from: 20, to: 40, step: 5 } })).toThrow(ZodError);
    expect(() => StrategyGrid.parse({ kind: "sma_crossover", fast: { from: 2.5, to: 10, step: 5 }, slow: { from: 20, to: 40, step: 5 } })).toThrow(ZodError);
    // fast 1..100, slow 2..200: 100·199 − Σ_{f=1}^{100} (f − 1) = 19,900 − 4,950 = 14,950 pairs
    const big = StrategyGrid.safeParse({ kind: "sma_crossover", fast: { from: 1, to: 100, step: 1 }, slow: { from: 2, to: 200, step: 1 } });
    expect(big.success).toBe(false);
    expect(big.error!.issues[0]!.message).toBe(`the grid has 14,950 combinations; at most ${MAX_SWEEP_COMBINATIONS.toLocaleString("en-US")} are allowed`);
  });
});

describe("runStrategySweep: the W2b grid on spx with the W2 rules", () => {
  const res = runStrategySweep(spx, W2B, W2_RULES);
  const ref = smaCrossoverSweep(spx.open, spx.close);

  it("equals smaCrossoverSweep pair by pair (Sharpe to 1e-9, final equity exactly)", () => {
    expect(res.params.length).toBe(342);
    expect(res.periodsPerYear).toBe(252);
    expect(res.indicatorsComputed).toBe(40); // windows 5..200 step 5: one SMA each
    for (let k = 0; k < 342; k++) {
      expect(res.params[k]).toEqual({ fast: ref.fast[k], slow: ref.slow[k] });
      expect(Math.abs(res.metrics[k]!.sharpe - ref.sharpe[k]!)).toBeLessThan(1e-9);
      expect(res.metrics[k]!.finalEquity).toBe(ref.finalEquity[k]);
    }
  });

  it("best pair (5, 190), Sharpe 0.347489, final equity 112,657.44 (BENCHMARKS.md)", () => {
    expect(res.params[res.best]).toEqual({ fast: 5, slow: 190 });
    expect(res.metrics[res.best]!.sharpe).toBeCloseTo(0.347489, 6);
    expect(res.metrics[res.best]!.finalEquity).toBeCloseTo(112_657.44, 2);
  });

  it("DSR of the best and PBO equal the values pinned in sweep.test.ts (numpy/scipy cross-checked)", () => {
    // PBO 0.5962703962703962 (7,674 of 12,870 splits), DSR 0.39142549338681726
    expect(res.pbo).toBe(7_674 / 12_870);
    expect(res.pbo).toBeCloseTo(0.5963, 4);
    expect(res.dsrOfBest).toBeCloseTo(0.3914254933868081, 12);
    expect(res.probOosLoss).toBeGreaterThanOrEqual(0);
    // and the block-sum PBO equals pboCscv over the full return matrix
    const n = spx.close.length;
    const g = w2bGrid();
    const ret = new Float64Array(342 * n);
    const { startCash, fraction, fee, slippage, commission } = W2_KERNEL;
    smaCrossoverSweepKernel(spx.open, spx.close, g.fast, g.slow, startCash, fraction, fee, slippage, commission, 252, new Float64Array(342), new Float64Array(342), ret);
    const full = pboCscv(ret, 342, n, 16);
    expect(res.pbo).toBe(full.pbo);
    expect(res.probOosLoss).toBe(full.probOosLoss);
  });

  it("each combination's metrics equal runBacktest with strategySignal", () => {
    for (const k of [0, 100, res.best, 341]) {
      const p = res.params[k]!;
      const sig = strategySignal(StrategySpec.parse({ kind: "sma_crossover", ...p }), spx);
      const r = runBacktest({ open: spx.open, close: spx.close, signal: sig, time: spx.time }, W2_RULES);
      const m = res.metrics[k]!;
      expect(m).toEqual({
        sharpe: r.metrics.sharpe, totalReturn: r.metrics.totalReturn, cagr: r.metrics.cagr,
        maxDrawdown: r.metrics.maxDrawdown, trades: r.metrics.trades, finalEquity: r.metrics.finalEquity,
      });
    }
  });
});

describe("runStrategySweep: RSI thresholds", () => {
  const aapl = loadSampleDataset("aapl");
  const grid = { kind: "rsi_threshold", period: { from: 7, to: 21, step: 7 }, lower: { from: 20, to: 40, step: 10 }, upper: { from: 60, to: 80, step: 10 } } as const;

  it("3 periods × 9 level pairs, each equal to runBacktest with strategySignal (long/short and long-only)", () => {
    for (const direction of ["long_short", "long_only"] as const) {
      const cfg = { ...PRODUCT_DEFAULTS, direction };
      const res = runStrategySweep(aapl, grid, cfg);
      expect(res.params.length).toBe(27);
      expect(res.indicatorsComputed).toBe(3);
      let bestK = -1;
      for (let k = 0; k < 27; k++) {
        const sig = strategySignal(StrategySpec.parse({ kind: "rsi_threshold", ...res.params[k] }), aapl);
        const r = runBacktest({ open: aapl.open, close: aapl.close, signal: sig, time: aapl.time }, cfg);
        expect(res.metrics[k]!.sharpe).toBe(r.metrics.sharpe);
        expect(res.metrics[k]!.finalEquity).toBe(r.metrics.finalEquity);
        expect(res.metrics[k]!.trades).toBe(r.metrics.trades);
        expect(res.metrics[k]!.maxDrawdown).toBe(r.metrics.maxDrawdown);
        if (bestK < 0 || r.metrics.sharpe > res.metrics[bestK]!.sharpe) bestK = k;
      }
      expect(res.best).toBe(bestK);
      expect(res.pbo).toBeGreaterThanOrEqual(0);
      expect(res.pbo).toBeLessThanOrEqual(1);
      expect(res.dsrOfBest).toBeGreaterThanOrEqual(0);
      expect(res.dsrOfBest).toBeLessThanOrEqual(1);
      if (direction === "long_only") for (const m of res.metrics) expect(m.trades).toBeGreaterThanOrEqual(0);
    }
  });

  it("pinned on aapl (RSI 14, 30/70 ± 10, product defaults)", () => {
    const res = runStrategySweep(aapl, { kind: "rsi_threshold", period: { from: 14, to: 14, step: 1 }, lower: { from: 20, to: 40, step: 10 }, upper: { from: 60, to: 80, step: 10 } }, PRODUCT_DEFAULTS);
    expect(res.params.length).toBe(9);
    expect(res.periodsPerYear).toBe(252);
    expect(res.params[res.best]).toEqual({ period: 14, lower: 40, upper: 70 });
    // Pinned from this implementation (each combination equals runBacktest, tested above).
    const m = res.metrics[res.best]!;
    expect(m.sharpe).toBeCloseTo(0.8166290538028499, 12);
    expect(m.totalReturn).toBeCloseTo(0.09841145477851132, 12);
    expect(m.cagr).toBeCloseTo(0.018950321459358044, 12);
    expect(m.maxDrawdown).toBeCloseTo(-0.03164281530343149, 12);
    expect(m.trades).toBe(23);
    expect(m.finalEquity).toBeCloseTo(109_841.14547785113, 6);
    expect(res.pbo).toBeCloseTo(0.07435897435897436, 12); // 957 of 12,870 splits
    expect(res.pbo * 12_870).toBeCloseTo(957, 9);
    // DSR recomputed from runBacktest's own runs: per-period Sharpes of the 9, PSR stats of the best.
    const per = new Float64Array(9);
    let bestRun: ReturnType<typeof runBacktest> | null = null;
    res.params.forEach((p, k) => {
      const r = runBacktest({ open: aapl.open, close: aapl.close, signal: strategySignal(StrategySpec.parse({ kind: "rsi_threshold", ...p }), aapl), time: aapl.time }, PRODUCT_DEFAULTS);
      per[k] = r.metrics.sharpe / Math.sqrt(252);
      if (k === res.best) bestRun = r;
    });
    const st = equitySharpeStats(bestRun!.equity, 100_000);
    expect(res.dsrOfBest).toBeCloseTo(deflatedSharpeRatio(st, 9, trialSharpeVariance(per)), 12);
    expect(res.dsrOfBest).toBeCloseTo(0.2661075157376037, 12);
  });

  it("edge cases: one combination (DSR = PSR, no PBO), fewer than 16 bars, bad data", () => {
    const one = runStrategySweep(spx, { kind: "sma_crossover", fast: { from: 50, to: 50, step: 1 }, slow: { from: 200, to: 200, step: 1 } }, W2_RULES);
    expect(one.params).toEqual([{ fast: 50, slow: 200 }]);
    expect(one.pbo).toBeNaN();
    const r = runBacktest({ open: spx.open, close: spx.close, signal: strategySignal(StrategySpec.parse({ kind: "sma_crossover", fast: 50, slow: 200 }), spx), time: spx.time }, W2_RULES);
    expect(one.dsrOfBest).toBe(r.validation.psr);
    const short = runStrategySweep(sliceOhlcv(spx, 0, 10), { kind: "sma_crossover", fast: { from: 2, to: 3, step: 1 }, slow: { from: 4, to: 5, step: 1 } }, W2_RULES);
    expect(short.params.length).toBe(4);
    expect(short.pbo).toBeNaN();
    const bad = sliceOhlcv(spx, 0, 10);
    const close = bad.close.slice();
    close[3] = NaN;
    expect(() => runStrategySweep({ ...bad, close }, W2B, W2_RULES)).toThrow(/close\[3\]/);
  });
});
