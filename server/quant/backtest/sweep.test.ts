import { describe, expect, it } from "vitest";
import { sma } from "@/server/quant/features/moving-averages";
import { spxSeries } from "@/server/quant/features/testing";
import { deflatedSharpeRatio, sharpeStats, trialSharpeVariance } from "@/server/quant/validation/deflated-sharpe";
import { pboCscv } from "@/server/quant/validation/pbo";
import { equityReturns, sharpeKernel } from "@/server/quant/validation/sharpe";
import { allocateBacktestBuffers, backtestKernel } from "./engine";
import { smaCrossoverSweep, smaCrossoverSweepKernel, W2_RULES, w2bGrid } from "./sweep";

const spx = spxSeries();
const idx = (g: { fast: Float64Array; slow: Float64Array }, f: number, s: number) => {
  for (let k = 0; k < g.fast.length; k++) if (g.fast[k] === f && g.slow[k] === s) return k;
  throw new Error(`no pair ${f},${s}`);
};

describe("W2b SMA-crossover sweep on spx", () => {
  const res = smaCrossoverSweep(spx.open, spx.close);

  it("has the 342 pairs of BENCHMARKS.md", () => {
    expect(res.fast.length).toBe(342);
    expect(w2bGrid().fast.length).toBe(342);
  });

  it("reproduces the BENCHMARKS.md W2b reference values (6 decimals)", () => {
    const at = (f: number, s: number) => res.sharpe[idx(res, f, s)]!;
    expect(at(5, 20)).toBeCloseTo(-0.371692, 6);
    expect(at(10, 50)).toBeCloseTo(-0.112658, 6);
    expect(at(20, 100)).toBeCloseTo(0.09973, 6);
    expect(at(50, 200)).toBeCloseTo(0.330864, 6);
    expect(res.best).not.toBeNull();
    expect([res.best!.fast, res.best!.slow]).toEqual([5, 190]);
    expect(res.best!.sharpe).toBeCloseTo(0.347489, 6);
    expect(res.best!.finalEquity).toBeCloseTo(112_657.44, 2);
    let mean = 0;
    for (const v of res.sharpe) mean += v;
    expect(mean / 342).toBeCloseTo(0.110999, 6);
  });

  it("equals the engine kernel + sharpeKernel pair by pair", () => {
    const b = allocateBacktestBuffers(spx.close.length);
    for (const [f, s] of [[5, 20], [5, 190], [25, 30], [45, 50], [50, 200]] as const) {
      const a = sma(spx.close, f);
      const c = sma(spx.close, s);
      const sig = new Float64Array(spx.close.length);
      for (let t = 0; t < sig.length; t++) sig[t] = Math.sign(a[t]! - c[t]!) || 0; // NaN → 0
      const { startCash, fraction, fee, slippage, commission } = W2_RULES;
      backtestKernel(spx.open, spx.close, sig, startCash, fraction, fee, slippage, commission, b);
      const k = idx(res, f, s);
      expect(res.finalEquity[k]).toBe(b.equity[b.equity.length - 1]);
      const ref = sharpeKernel(equityReturns(b.equity, startCash), 0, 252);
      expect(Math.abs(res.sharpe[k]! - ref)).toBeLessThan(1e-12);
    }
  });

  it("writes each pair's returns when asked, bit for bit the engine's", () => {
    const g = { fast: Float64Array.from([10, 20]), slow: Float64Array.from([50, 100]) };
    const n = spx.close.length;
    const ret = new Float64Array(2 * n);
    const sh = new Float64Array(2);
    const fe = new Float64Array(2);
    const { startCash, fraction, fee, slippage, commission, periodsPerYear } = W2_RULES;
    smaCrossoverSweepKernel(spx.open, spx.close, g.fast, g.slow, startCash, fraction, fee, slippage, commission, periodsPerYear, sh, fe, ret);
    expect(sh[0]).toBeCloseTo(-0.112658, 6);
    const a = sma(spx.close, 20);
    const c = sma(spx.close, 100);
    const sig = new Float64Array(n);
    for (let t = 0; t < n; t++) sig[t] = Math.sign(a[t]! - c[t]!) || 0;
    const b = allocateBacktestBuffers(n);
    backtestKernel(spx.open, spx.close, sig, startCash, fraction, fee, slippage, commission, b);
    expect(Array.from(ret.subarray(n))).toEqual(Array.from(equityReturns(b.equity, startCash)));
  });

  it("PBO and deflated Sharpe of the sweep (pinned, numpy/scipy cross-check)", () => {
    const n = spx.close.length;
    const g = w2bGrid();
    const ret = new Float64Array(342 * n);
    const sh = new Float64Array(342);
    const fe = new Float64Array(342);
    const { startCash, fraction, fee, slippage, commission } = W2_RULES;
    const best = smaCrossoverSweepKernel(spx.open, spx.close, g.fast, g.slow, startCash, fraction, fee, slippage, commission, 1, sh, fe, ret);
    const pbo = pboCscv(ret, 342, n, 16);
    expect(pbo.combinations).toBe(12_870);
    expect(pbo.pbo).toBeCloseTo(PINNED.pbo, 12);
    const dsr = deflatedSharpeRatio(sharpeStats(ret.subarray(best * n, (best + 1) * n)), 342, trialSharpeVariance(sh));
    expect(dsr).toBeCloseTo(PINNED.dsr, 12);
  });

  it("refuses non-integer windows", () => {
    expect(() => smaCrossoverSweep(spx.open, spx.close, { fast: Float64Array.from([2.5]), slow: Float64Array.from([10]) })).toThrow(RangeError);
  });
});

// Cross-checked with an independent numpy/scipy computation (the peer's vectorised W2b loop,
// itertools CSCV with S = 16, scipy skew/kurtosis/norm): PBO 0.5962703962703962 (7,674 of 12,870
// combinations overfit), DSR 0.39142549338681726.
const PINNED = { pbo: 0.5962703962703962, dsr: 0.3914254933868081 };
