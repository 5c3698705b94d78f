import { describe, expect, it } from "vitest";
import { syntheticOhlcv } from "@/server/quant/data/synthetic";
import { sma } from "@/server/quant/features/moving-averages";
import { spxSeries } from "@/server/quant/features/testing";
import { runBacktest, type BacktestConfigInput } from "./api";
import { allocateBacktestBuffers, backtestKernel } from "./engine";
import { computeMetrics, inferPeriodsPerYear, METRIC_KEYS, METRICS, metricInputFromBuffers, type Metrics } from "./metrics";

const W2: BacktestConfigInput = {
  startCash: 100_000,
  costs: { feeBps: 5, slippageBps: 5, commissionPerShare: 0.001 },
  sizing: { kind: "fixed", fraction: 0.1 },
};

function smaCross(close: Float64Array, f: number, s: number): Float64Array {
  const a = sma(close, f);
  const b = sma(close, s);
  const sig = new Float64Array(close.length);
  for (let t = 0; t < sig.length; t++) {
    const d = a[t]! - b[t]!;
    sig[t] = d > 0 ? 1 : d < 0 ? -1 : 0;
  }
  return sig;
}

function expectMetrics(m: Metrics, want: Partial<Record<keyof Metrics, number>>, rtol = 1e-9) {
  for (const [k, v] of Object.entries(want) as [keyof Metrics, number][]) {
    const got = m[k];
    if (Number.isNaN(v)) expect(got, k).toBeNaN();
    else expect(Math.abs(got - v), `${k}: ${got} vs ${v}`).toBeLessThanOrEqual(rtol * Math.max(1, Math.abs(v)));
  }
}

describe("metric registry", () => {
  it("defines every metric once, with label, unit, formula and edge-case rule", () => {
    expect(METRIC_KEYS).toEqual([
      "totalReturn", "cagr", "annVolatility", "sharpe", "sortino", "calmar", "maxDrawdown",
      "maxDrawdownDuration", "var95", "es95", "winRate", "profitFactor", "exposure", "turnover", "trades",
      "avgTrade", "bestTrade", "worstTrade", "finalEquity", "costs",
    ]);
    for (const k of METRIC_KEYS) {
      const d = METRICS[k];
      expect(d.label.length, k).toBeGreaterThan(0);
      expect(d.formula.length, k).toBeGreaterThan(0);
      expect(d.edge.length, k).toBeGreaterThan(0);
    }
  });
});

describe("the issue's metric list", () => {
  it("every metric exists: in the registry, or (PSR, DSR) in every run's validation block", () => {
    const registry = [
      "totalReturn", "cagr", "annVolatility", "sharpe", "sortino", "calmar", "maxDrawdown", "maxDrawdownDuration",
      "winRate", "profitFactor", "avgTrade", "exposure", "turnover", "var95", "es95", "trades",
    ] as const;
    for (const k of registry) expect(METRIC_KEYS, k).toContain(k);
    expect([METRICS.var95.unit, METRICS.es95.unit, METRICS.avgTrade.unit, METRICS.maxDrawdownDuration.unit]).toEqual([
      "fraction", "fraction", "currency", "bars",
    ]);
    const r = runBacktest({ open: Float64Array.from([10, 10, 11]), close: Float64Array.from([10, 11, 12]), signal: Float64Array.from([1, 1, 1]) });
    expect(Object.keys(r.validation)).toEqual(expect.arrayContaining(["psr", "dsr"]));
  });
});

describe("golden metrics on spx (SMA crossover, W2 rules)", () => {
  const spx = spxSeries();
  // The first group of values comes from the independent peer implementation
  // (shared/peers/backtest_kernel.py `backtest_py` + `metrics`, run on the same spx file);
  // the second group (no peer equivalent) is pinned from this implementation.
  it("(50, 200) matches the peer and the pinned values", () => {
    const r = runBacktest({ open: spx.open, close: spx.close, signal: smaCross(spx.close, 50, 200), time: spx.time }, W2);
    expect(r.periodsPerYear).toBe(252);
    expect(r.fills).toBe(20);
    expectMetrics(r.metrics, {
      finalEquity: 112274.74783460346,
      totalReturn: 0.12274747834603472,
      cagr: 0.005731594105427007,
      annVolatility: 0.017750067035561975,
      sharpe: 0.3308637126422297,
      sortino: 0.4565334977779024,
      maxDrawdown: -0.05001944628905686,
      trades: 19,
      winRate: 0.47368421052631576,
      profitFactor: 2.652705521815897,
      avgTrade: 705.9681147053856,
      costs: 218.22701262131682,
      bestTrade: 5564.481701669589,
      worstTrade: -1729.4379700354127,
    });
    // PSR/DSR of the same run: numpy/scipy on the peer's equity curve (skew, kurtosis(fisher=False),
    // norm.cdf/ppf); DSR with 342 trials whose annualised Sharpes have variance 0.05.
    expect(r.validation.psr).toBeCloseTo(0.9306442967601105, 11);
    expect(r.validation.skew).toBeCloseTo(-0.49692522644838805, 10);
    expect(r.validation.kurtosis).toBeCloseTo(10.731814253418696, 9);
    const d = runBacktest(
      { open: spx.open, close: spx.close, signal: smaCross(spx.close, 50, 200), time: spx.time },
      { ...W2, trials: { count: 342, sharpeVariance: 0.05 } },
    );
    expect(d.validation.dsr).toBeCloseTo(0.07245915670552663, 11);
    expectMetrics(r.metrics, {
      calmar: 0.11458731614709922,
      maxDrawdownDuration: 1053,
      exposure: 0.960822722820764,
      turnover: 0.19715654431268279,
    });
  });

  it("(5, 20) matches the peer and the pinned values", () => {
    const r = runBacktest({ open: spx.open, close: spx.close, signal: smaCross(spx.close, 5, 20), time: spx.time }, W2);
    expect(r.fills).toBe(308);
    expectMetrics(r.metrics, {
      finalEquity: 86526.82720119295,
      totalReturn: -0.13473172798807054,
      cagr: -0.007118198259942754,
      annVolatility: 0.018746455370433977,
      sharpe: -0.3716919195594352,
      sortino: -0.5236041982935746,
      maxDrawdown: -0.18725969795018638,
      trades: 307,
      winRate: 0.2899022801302932,
      profitFactor: 0.6966076855504146,
      avgTrade: -47.06125033899756,
      costs: 2867.4128915371725,
      bestTrade: 1978.9300188823968,
      worstTrade: -921.0019265531984,
    });
    expectMetrics(r.metrics, {
      calmar: -0.038012441213251834,
      maxDrawdownDuration: 4465,
      exposure: 0.9960822722820764,
      turnover: 3.041896068386679,
    });
  });
});

describe("metric edge cases", () => {
  const flatPrices = (n: number, p = 10) => new Float64Array(n).fill(p);

  it("no trade (all-flat signal): zero returns, NaN ratios, no trade statistics", () => {
    const spx = spxSeries();
    const r = runBacktest({ open: spx.open, close: spx.close, signal: new Float64Array(spx.close.length) }, W2);
    expectMetrics(r.metrics, {
      totalReturn: 0, cagr: 0, annVolatility: 0, sharpe: NaN, sortino: NaN, calmar: NaN, maxDrawdown: 0,
      maxDrawdownDuration: 0, winRate: NaN, profitFactor: NaN, exposure: 0, turnover: 0, trades: 0,
      avgTrade: NaN, bestTrade: NaN, worstTrade: NaN, finalEquity: 100_000, costs: 0,
    });
  });

  it("one winning round trip: win rate 1, profit factor NaN (no loss), best = worst = average", () => {
    const open = Float64Array.from([10, 10, 12, 12, 12]);
    const close = Float64Array.from([10, 11, 12, 12, 12]);
    const signal = Float64Array.from([1, 0, 0, 0, 0]);
    // Buy 100 at bar 1's open 10 (1,000 cash, fraction 1, no costs), sell at bar 2's open 12: +200.
    const r = runBacktest({ open, close, signal }, { startCash: 1_000, sizing: { kind: "fixed", fraction: 1 }, periodsPerYear: 252 });
    expectMetrics(r.metrics, {
      trades: 1, winRate: 1, profitFactor: NaN, avgTrade: 200, bestTrade: 200, worstTrade: 200,
      finalEquity: 1_200, totalReturn: 0.2, exposure: 0.2, maxDrawdown: 0, calmar: NaN, costs: 0,
      sortino: NaN, // no negative return
    });
    // turnover: notional 2,200 / mean equity (1,000 + 1,100 + 1,200·3)/5 = 1,140 / (5/252 years)
    expectMetrics(r.metrics, { turnover: 2_200 / 1_140 / (5 / 252) });
  });

  it("one losing trade: profit factor 0, win rate 0", () => {
    const open = Float64Array.from([10, 10, 8, 8]);
    const close = Float64Array.from([10, 9, 8, 8]);
    const r = runBacktest(
      { open, close, signal: Float64Array.from([1, 0, 0, 0]) },
      { startCash: 1_000, sizing: { kind: "fixed", fraction: 1 }, periodsPerYear: 252 },
    );
    expectMetrics(r.metrics, { trades: 1, winRate: 0, profitFactor: 0, avgTrade: -200, maxDrawdown: -0.2, maxDrawdownDuration: 3 });
  });

  it("constant equity while invested: exposure 1, zero volatility, Sharpe NaN", () => {
    const n = 20;
    const signal = new Float64Array(n).fill(1);
    const r = runBacktest({ open: flatPrices(n), close: flatPrices(n), signal }, { startCash: 1_000, periodsPerYear: 252 });
    expectMetrics(r.metrics, {
      exposure: (n - 1) / n, annVolatility: 0, sharpe: NaN, sortino: NaN, totalReturn: 0, maxDrawdown: 0,
      trades: 0, finalEquity: 1_000,
    });
  });

  it("a single bar: Sharpe and volatility NaN (n < 2)", () => {
    const b = allocateBacktestBuffers(1);
    backtestKernel(flatPrices(1), flatPrices(1), new Float64Array(1), 1_000, 1, 0, 0, 0, b);
    const m = computeMetrics(metricInputFromBuffers(b, 1_000), { periodsPerYear: 252 });
    expectMetrics(m, { sharpe: NaN, annVolatility: NaN, totalReturn: 0, finalEquity: 1_000 });
  });

  it("final equity ≤ 0 gives CAGR −1", () => {
    const open = Float64Array.from([10, 10, 30, 30]);
    const close = Float64Array.from([10, 10, 30, 30]);
    const r = runBacktest(
      { open, close, signal: Float64Array.from([-1, -1, -1, -1]) },
      { startCash: 1_000, sizing: { kind: "fixed", fraction: 1 }, periodsPerYear: 252 },
    );
    expect(r.metrics.finalEquity).toBe(-1_000);
    expect(r.metrics.cagr).toBe(-1);
  });

  it("computeMetrics refuses a non-positive periodsPerYear", () => {
    const b = allocateBacktestBuffers(3);
    backtestKernel(flatPrices(3), flatPrices(3), new Float64Array(3), 1_000, 1, 0, 0, 0, b);
    expect(() => computeMetrics(metricInputFromBuffers(b, 1_000), { periodsPerYear: 0 })).toThrow(RangeError);
  });
});

describe("inferPeriodsPerYear", () => {
  const DAY = 86_400_000;
  const series = (n: number, step: number, start = Date.UTC(2020, 0, 6)) =>
    Float64Array.from({ length: n }, (_, i) => start + i * step);

  it("252 for an exchange calendar (spx), 365 when weekends are present", () => {
    expect(inferPeriodsPerYear(spxSeries().time)).toBe(252);
    expect(inferPeriodsPerYear(syntheticOhlcv(1_000).time)).toBe(365);
  });
  it("52 for weekly bars, 12 for month-end bars, 24·365 for hourly 24/7 bars", () => {
    expect(inferPeriodsPerYear(series(100, 7 * DAY))).toBe(52);
    const months = Float64Array.from({ length: 36 }, (_, i) => Date.UTC(2018, i + 1, 0));
    expect(inferPeriodsPerYear(months)).toBe(12);
    expect(inferPeriodsPerYear(series(24 * 30, 3_600_000, Date.UTC(2020, 0, 1)))).toBe(24 * 365);
  });
  it("252 with fewer than 2 timestamps", () => {
    expect(inferPeriodsPerYear(new Float64Array(1))).toBe(252);
  });
});
