import { describe, expect, it } from "vitest";
import { runBacktest } from "./api";
import { allocateBacktestBuffers, backtestKernel, backtestReference } from "./engine";
import { PRODUCT_DEFAULTS, W2_RULES } from "./presets";
import { SIGNAL_CLASS, signalFromClasses, signalFromRegression } from "./signals";

const near = (a: number, b: number, tol = 1e-9) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));

describe("signalFromRegression", () => {
  it("+1 above buyAbove, −1 below sellBelow, 0 between and at the bounds, NaN → 0", () => {
    const pred = Float64Array.from([0.02, 0.01, 0.005, 0, -0.005, -0.01, -0.02, NaN, Infinity, -Infinity]);
    expect(Array.from(signalFromRegression(pred, 0.01, -0.01))).toEqual([1, 0, 0, 0, 0, 0, -1, 0, 1, -1]);
    // equal bounds: the sign of the prediction around the level
    expect(Array.from(signalFromRegression(pred, 0, 0))).toEqual([1, 1, 1, 0, -1, -1, -1, 0, 1, -1]);
  });
  it("writes into out and refuses crossed bounds", () => {
    const out = new Float64Array(3).fill(9);
    expect(signalFromRegression(Float64Array.from([1, -1, 0.5]), 0.6, 0.4, out)).toBe(out);
    expect(Array.from(out)).toEqual([1, -1, 0]);
    expect(() => signalFromRegression(new Float64Array(2), -1, 1)).toThrow(RangeError);
    expect(() => signalFromRegression(new Float64Array(2), NaN, 0)).toThrow(RangeError);
  });
});

describe("signalFromClasses", () => {
  it("HOLD 0 → 0, BUY 1 → +1, SELL 2 → −1, NaN → 0", () => {
    expect(SIGNAL_CLASS).toEqual({ HOLD: 0, BUY: 1, SELL: 2 });
    const c = Float64Array.from([SIGNAL_CLASS.BUY, SIGNAL_CLASS.HOLD, SIGNAL_CLASS.SELL, NaN, 1, 2]);
    expect(Array.from(signalFromClasses(c))).toEqual([1, 0, -1, 0, 1, -1]);
    const out = new Float64Array(6);
    expect(signalFromClasses(c, out)).toBe(out);
  });
  it("refuses codes outside the encoding, naming the index", () => {
    expect(() => signalFromClasses(Float64Array.from([0, 1, -1]))).toThrow(/classes\[2\] = -1/);
    expect(() => signalFromClasses(Float64Array.from([3]))).toThrow(RangeError);
    expect(() => signalFromClasses(Float64Array.from([1.5]))).toThrow(RangeError);
  });
});

describe("direction", () => {
  // The engine's 5-bar hand example (engine.test.ts), long-only: the −1 at bar 2 flattens the long.
  // start 10,000; fraction 0.5; fee 10 bps; slippage 100 bps; commission $0.019/share.
  const open = Float64Array.from([100, 100, 110, 103, 98]);
  const close = Float64Array.from([100, 105, 100, 100, 97]);
  const signal = Float64Array.from([1, 1, -1, 0, 1]);

  it("long_only: a −1 target becomes flat (kernel, hand-worked)", () => {
    const out = allocateBacktestBuffers(5);
    const nt = backtestKernel(open, close, signal, 10_000, 0.5, 0.001, 0.01, 0.019, out, true);
    // Bar 1: buy 50 @ 101, cost 6, cash 4,944.
    // Bar 3 (signal[2] = −1 → flat): sell 50 @ 103·0.99 = 101.97; cost = 0.001·50·101.97 + 0.019·50
    //   = 5.0985 + 0.95 = 6.0485; cash = 4,944 + 5,098.5 − 6.0485 = 10,036.4515.
    // Bar 4 (signal[3] = 0): already flat, no order.
    expect(Array.from(out.position)).toEqual([0, 50, 50, 0, 0]);
    [10_000, 10_194, 9_944, 10_036.4515, 10_036.4515].forEach((v, i) => near(out.equity[i]!, v));
    expect(Array.from(out.orderStatus)).toEqual([0, 1, 0, 1, 0]);
    expect(nt).toBe(1);
    expect(out.tradeSide[0]).toBe(1);
    near(out.tradeFees[0]!, 12.0485);
    near(out.tradePnl[0]!, 50 * 0.97 - 12.0485); // 36.4515
    const ref = backtestReference(open, close, signal, { startCash: 10_000, fraction: 0.5, fee: 0.001, slippage: 0.01, commission: 0.019, longOnly: true });
    expect(Array.from(out.equity)).toEqual(ref.equity);
    expect(ref.trades.length).toBe(1);
  });

  it("through runBacktest: default long_short shorts, long_only never does", () => {
    const cfg = { startCash: 10_000, sizing: { kind: "fixed", fraction: 0.5 }, costs: { feeBps: 10, slippageBps: 100, commissionPerShare: 0.019 }, periodsPerYear: 252 } as const;
    const ls = runBacktest({ open, close, signal }, cfg);
    expect(ls.config.direction).toBe("long_short");
    expect(Array.from(ls.position)).toEqual([0, 50, 50, -49, 0]);
    const lo = runBacktest({ open, close, signal }, { ...cfg, direction: "long_only" });
    expect(Array.from(lo.position)).toEqual([0, 50, 50, 0, 0]);
    near(lo.metrics.finalEquity, 10_036.4515);
    // all-short signal, long only: never in the market
    const none = runBacktest({ open, close, signal: new Float64Array(5).fill(-1) }, { ...cfg, direction: "long_only" });
    expect(none.fills).toBe(0);
    expect(none.metrics.finalEquity).toBe(10_000);
    expect(() => runBacktest({ open, close, signal }, { ...cfg, direction: "short_only" as never })).toThrow();
  });
});

describe("presets", () => {
  const bars = { open: Float64Array.from([100, 100, 110]), close: Float64Array.from([100, 105, 110]), signal: Float64Array.from([1, 1, 1]) };

  it("PRODUCT_DEFAULTS: 100,000, 10%, 1 bp slippage, $0.001/share, no fee", () => {
    const r = runBacktest(bars, { ...PRODUCT_DEFAULTS, periodsPerYear: 252 });
    // Bar 1: qty = 0.1·100,000/100 = 100; fill 100·1.0001 = 100.01; cost = 0.001·100 = 0.1;
    //   cash = 100,000 − 10,001 − 0.1 = 89,998.9; equity 89,998.9 + 100·105 = 100,498.9, then + 500.
    near(r.position[1]!, 100);
    near(r.cash[1]!, 89_998.9);
    near(r.equity[1]!, 100_498.9);
    near(r.equity[2]!, 100_998.9);
    near(r.costs, 0.1);
  });

  it("W2_RULES: 5 bps slippage and fee, $0.001/share", () => {
    const r = runBacktest(bars, { ...W2_RULES, periodsPerYear: 252 });
    // fill 100·1.0005 = 100.05; cost = 0.0005·100·100.05 + 0.1 = 5.1025; cash = 100,000 − 10,005 − 5.1025
    near(r.cash[1]!, 89_989.8975);
    near(r.costs, 5.1025);
    near(r.equity[2]!, 89_989.8975 + 11_000);
  });
});
