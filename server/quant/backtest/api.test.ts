import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { BacktestConfig, BacktestInputError, runBacktest, sizingFraction } from "./api";
import { estimateWinPayoff, kellyFraction } from "./sizing";

const bars = (n: number) => ({
  open: Float64Array.from({ length: n }, (_, i) => 100 + i),
  close: Float64Array.from({ length: n }, (_, i) => 100.5 + i),
  signal: Float64Array.from({ length: n }, (_, i) => (i % 4 < 2 ? 1 : -1)),
});

describe("kellyFraction", () => {
  it("is p − (1 − p)/b, clamped to [0, cap] and scaled by the multiplier", () => {
    // p = 0.6, b = 1: f* = 0.6 − 0.4 = 0.2 (below the default cap 0.25)
    expect(kellyFraction({ winRate: 0.6, payoff: 1 })).toBeCloseTo(0.2, 15);
    // p = 0.55, b = 2: f* = 0.55 − 0.45/2 = 0.325 → capped at 0.25; half Kelly 0.1625
    expect(kellyFraction({ winRate: 0.55, payoff: 2 })).toBe(0.25);
    expect(kellyFraction({ winRate: 0.55, payoff: 2, multiplier: 0.5 })).toBeCloseTo(0.1625, 15);
    expect(kellyFraction({ winRate: 0.55, payoff: 2, cap: 1 })).toBeCloseTo(0.325, 15);
    // negative edge → 0; invalid estimates → 0
    expect(kellyFraction({ winRate: 0.4, payoff: 1 })).toBe(0);
    expect(kellyFraction({ winRate: NaN, payoff: 1 })).toBe(0);
    expect(kellyFraction({ winRate: 0.6, payoff: 0 })).toBe(0);
  });

  it("estimates win rate and payoff from trade P&L", () => {
    const e = estimateWinPayoff(Float64Array.from([30, -10, 10, -20, 0]));
    expect(e.winRate).toBeCloseTo(2 / 5, 15);
    expect(e.payoff).toBeCloseTo(20 / 15, 15); // avg win 20, avg loss 15
    expect(estimateWinPayoff(Float64Array.from([5, 5])).payoff).toBeNaN();
  });
});

describe("BacktestConfig", () => {
  it("fills defaults: 100,000 cash, no costs, fully invested", () => {
    const c = BacktestConfig.parse({});
    expect(c).toMatchObject({ startCash: 100_000, costs: { feeBps: 0, slippageBps: 0, commissionPerShare: 0 } });
    expect(sizingFraction(c.sizing)).toBe(1);
  });
  it("rejects negative costs, a zero fraction and unknown sizing kinds", () => {
    expect(() => BacktestConfig.parse({ costs: { feeBps: -1 } })).toThrow(ZodError);
    expect(() => BacktestConfig.parse({ sizing: { kind: "fixed", fraction: 0 } })).toThrow(ZodError);
    expect(() => BacktestConfig.parse({ sizing: { kind: "martingale" } })).toThrow(ZodError);
    expect(() => BacktestConfig.parse({ startCash: 0 })).toThrow(ZodError);
  });
});

describe("runBacktest", () => {
  it("converts bps, runs the kernel and returns columns, trade log and metrics", () => {
    const r = runBacktest(bars(40), {
      startCash: 10_000,
      costs: { feeBps: 5, slippageBps: 10, commissionPerShare: 0.01 },
      sizing: { kind: "fixed", fraction: 0.5 },
    });
    expect(r.fraction).toBe(0.5);
    expect(r.equity.length).toBe(40);
    expect(r.trades.pnl.length).toBe(r.metrics.trades);
    expect(r.metrics.trades).toBeGreaterThan(5);
    // The first fill: bar 1 buys 0.5·10,000/101 shares at 101·1.001.
    expect(r.position[1]).toBeCloseTo(5_000 / 101, 12);
    expect(r.trades.entryPrice[0]).toBeCloseTo(101 * 1.001, 12);
    expect(r.costs).toBeGreaterThan(0);
    expect(r.periodsPerYear).toBe(252);
  });

  it("sizes with Kelly", () => {
    const r = runBacktest(bars(10), { sizing: { kind: "kelly", winRate: 0.6, payoff: 1 } });
    expect(r.fraction).toBeCloseTo(0.2, 15);
    expect(r.position[1]).toBeCloseTo((0.2 * 100_000) / 101, 9);
  });

  it("refuses mismatched lengths, no bars and non-finite closes", () => {
    const b = bars(10);
    expect(() => runBacktest({ ...b, signal: new Float64Array(9) })).toThrow(BacktestInputError);
    expect(() => runBacktest({ open: new Float64Array(0), close: new Float64Array(0), signal: new Float64Array(0) })).toThrow(
      BacktestInputError,
    );
    const close = b.close.slice();
    close[3] = NaN;
    expect(() => runBacktest({ ...b, close })).toThrow(/close\[3\]/);
  });

  it("infers periodsPerYear from timestamps when given", () => {
    const b = bars(30);
    const time = Float64Array.from({ length: 30 }, (_, i) => Date.UTC(2021, 0, 1) + i * 86_400_000);
    expect(runBacktest({ ...b, time }).periodsPerYear).toBe(365);
    expect(runBacktest({ ...b, time }, { periodsPerYear: 252 }).periodsPerYear).toBe(252);
  });
});

describe("runBacktest with a workspace", () => {
  it("gives the same result as fresh columns and refuses a workspace of another length", async () => {
    const { allocateBacktestBuffers } = await import("./engine");
    const b = bars(40);
    const cfg = { costs: { feeBps: 5, slippageBps: 5, commissionPerShare: 0.001 }, sizing: { kind: "fixed" as const, fraction: 0.1 } };
    const fresh = runBacktest(b, cfg);
    const ws = allocateBacktestBuffers(40);
    runBacktest(bars(40), { ...cfg, startCash: 5 }, ws); // dirty it first
    const reused = runBacktest(b, cfg, ws);
    expect(reused.equity).toBe(ws.equity);
    expect(Array.from(reused.equity)).toEqual(Array.from(fresh.equity));
    expect(Array.from(reused.trades.pnl)).toEqual(Array.from(fresh.trades.pnl));
    expect(reused.metrics).toEqual(fresh.metrics);
    expect(() => runBacktest(bars(41), cfg, ws)).toThrow(BacktestInputError);
  });
});

describe("runBacktest validation block", () => {
  it("reports PSR, and DSR deflated by the number of trials", () => {
    const b = bars(200);
    const one = runBacktest(b, { periodsPerYear: 252 });
    expect(one.validation.trials).toBe(1);
    expect(one.validation.dsr).toBe(one.validation.psr);
    expect(one.validation.psr).toBeGreaterThan(0);
    expect(one.validation.psr).toBeLessThan(1);
    const many = runBacktest(b, { periodsPerYear: 252, trials: { count: 100, sharpeVariance: 0.5 } });
    expect(many.validation.dsr).toBeLessThan(many.validation.psr);
    expect(() => runBacktest(b, { trials: { count: 0 } })).toThrow(ZodError);
  });
});
