import { describe, expect, it } from "vitest";
import { spxSeries } from "@/server/quant/features/testing";
import {
  deannualize,
  deflatedSharpeRatio,
  expectedMaxSharpe,
  probabilisticSharpeRatio,
  sharpeStandardError,
  sharpeStats,
  trialSharpeVariance,
} from "./deflated-sharpe";
import { normCdf } from "./normal";

describe("deflated Sharpe ratio (Bailey & López de Prado 2014)", () => {
  it("reproduces the paper's numerical example", () => {
    // JPM 2014 §"A numerical example": N = 100 trials, V[SR_n] = 1/2 (annualised), best SR 2.5
    // (annualised), T = 1,250 daily returns (250 a year), skewness −3, kurtosis 10.
    // Published: SR₀ ≈ 0.1132 per day (1.7894 annualised) and DSR ≈ 0.9004.
    const { sharpe, variance } = deannualize(2.5, 250, 0.5);
    const sr0 = expectedMaxSharpe(100, variance!);
    expect(sr0 * Math.sqrt(250)).toBeCloseTo(1.7894, 4);
    expect(sr0).toBeCloseTo(0.1132, 4);
    const dsr = deflatedSharpeRatio({ sharpe, n: 1250, skew: -3, kurtosis: 10 }, 100, variance!);
    expect(dsr).toBeCloseTo(0.9004, 4);
    // the same formulas in scipy (norm.ppf / norm.cdf), unrounded
    expect(sr0).toBeCloseTo(0.11317200186513215, 13);
    expect(dsr).toBeCloseTo(0.9003968344493903, 12);
  });

  it("PSR against 0 on spx daily returns equals the scipy computation", () => {
    const c = spxSeries().close;
    const r = new Float64Array(c.length - 1);
    for (let t = 1; t < c.length; t++) r[t - 1] = c[t]! / c[t - 1]! - 1;
    const s = sharpeStats(r);
    expect(s.n).toBe(5104);
    expect(probabilisticSharpeRatio(s)).toBeCloseTo(0.8862661754366312, 11);
  });

  it("hand-computed PSR for normal returns", () => {
    // SR = 0.1, T = 101, γ3 = 0, γ4 = 3: se = √((1 + (3 − 1)/4·0.01)/100) = √0.01005
    const st = { sharpe: 0.1, n: 101, skew: 0, kurtosis: 3 };
    expect(sharpeStandardError(st)).toBeCloseTo(Math.sqrt(0.01005), 15);
    expect(probabilisticSharpeRatio(st)).toBeCloseTo(normCdf(0.1 / Math.sqrt(0.01005)), 15);
    expect(probabilisticSharpeRatio(st, 0.1)).toBeCloseTo(0.5, 15);
    // negative skew and fat tails widen the error and lower the PSR
    expect(probabilisticSharpeRatio({ ...st, skew: -2, kurtosis: 12 })).toBeLessThan(probabilisticSharpeRatio(st));
  });

  it("edge cases: one trial deflates nothing; T < 2 or invalid inputs give NaN", () => {
    const st = { sharpe: 0.05, n: 500, skew: 0, kurtosis: 3 };
    expect(expectedMaxSharpe(1, 0.01)).toBe(0);
    expect(deflatedSharpeRatio(st, 1, 0.01)).toBe(probabilisticSharpeRatio(st, 0));
    expect(expectedMaxSharpe(0, 0.01)).toBeNaN();
    expect(expectedMaxSharpe(10, -1)).toBeNaN();
    expect(probabilisticSharpeRatio({ ...st, n: 1 })).toBeNaN();
    // more trials → a higher bar → a lower DSR
    expect(expectedMaxSharpe(1000, 0.01)).toBeGreaterThan(expectedMaxSharpe(10, 0.01));
    expect(deflatedSharpeRatio(st, 1000, 0.001)).toBeLessThan(deflatedSharpeRatio(st, 10, 0.001));
  });

  it("trialSharpeVariance is the sample variance, ignoring NaN", () => {
    expect(trialSharpeVariance(Float64Array.from([1, 2, 3, NaN]))).toBe(1);
    expect(trialSharpeVariance(Float64Array.from([1, NaN]))).toBeNaN();
  });
});

describe("equitySharpeStats", () => {
  it("equals sharpeStats of the materialised returns", async () => {
    const { equityReturns } = await import("./sharpe");
    const { equitySharpeStats } = await import("./deflated-sharpe");
    const c = spxSeries().close;
    const a = equitySharpeStats(c, c[0]!);
    const b = sharpeStats(equityReturns(c, c[0]!));
    expect(a.n).toBe(b.n);
    for (const k of ["sharpe", "skew", "kurtosis"] as const) expect(Math.abs(a[k] - b[k])).toBeLessThan(1e-12 * Math.abs(b[k]));
  });
});
