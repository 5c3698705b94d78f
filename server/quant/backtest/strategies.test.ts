import { expect, it } from "vitest";
import { loadSampleDataset } from "../data/sample-datasets";
import { runBacktest } from "./api";
import { rsiThresholdSignal, smaCrossoverSignal, StrategySpec, strategySignal } from "./strategies";

it("SMA crossover: +1 above, −1 below, 0 before both averages exist", () => {
  const close = Float64Array.from([1, 2, 3, 4, 3, 2, 1, 2, 3]);
  // fast 2 / slow 3: SMA2 from bar 1, SMA3 from bar 2.
  expect(Array.from(smaCrossoverSignal(close, 2, 3))).toEqual([0, 0, 1, 1, 1, -1, -1, -1, 1]);
});

it("RSI thresholds: long below lower, short above upper, hold in between", () => {
  // RSI(2) with Wilder smoothing: bar 2 (after 2 rises) = 100, then falls.
  const close = Float64Array.from([10, 11, 12, 11, 10, 9, 10, 11, 12]);
  const sig = Array.from(rsiThresholdSignal(close, 2, 30, 70));
  expect(sig.slice(0, 2)).toEqual([0, 0]);
  expect(sig[2]).toBe(-1);
  expect(sig.includes(1)).toBe(true);
});

it("the spx SMA(50/200) signal through the engine gives the W2b reference Sharpe 0.330864", () => {
  const spx = loadSampleDataset("spx");
  const signal = strategySignal(StrategySpec.parse({ kind: "sma_crossover", fast: 50, slow: 200 }), spx);
  expect(signal[198]).toBe(0);
  expect(Math.abs(signal[199]!)).toBe(1);
  const res = runBacktest(
    { open: spx.open, close: spx.close, signal },
    { startCash: 100_000, periodsPerYear: 252, sizing: { kind: "fixed", fraction: 0.1 }, costs: { feeBps: 5, slippageBps: 5, commissionPerShare: 0.001 } },
  );
  expect(res.metrics.sharpe).toBeCloseTo(0.330864, 6);
});

it("refuses inconsistent parameters with the field", () => {
  expect(StrategySpec.safeParse({ kind: "sma_crossover", fast: 50, slow: 20 }).error?.issues[0]).toMatchObject({ path: ["fast"], message: "fast must be shorter than slow" });
  expect(StrategySpec.safeParse({ kind: "rsi_threshold", lower: 80, upper: 70 }).error?.issues[0]).toMatchObject({ path: ["lower"] });
});
