import { describe, expect, test } from "vitest";
import { loadSampleDataset } from "../data/sample-datasets";
import { stdOf } from "../features/rolling";
import { lowerBound } from "../validation/splits";
import { classRiskScore, intervalRiskScore, logReturnVolatility, RISK_WINDOWS } from "./risk";

const f64 = (xs: number[]) => Float64Array.from(xs);
const Z90 = 1.2815515655446004; // scipy.stats.norm.ppf(0.9): the 80% interval's half-width in σ

describe("volatility of log returns", () => {
  test("hand case: 100 → 110 → 99 → 108.9, window 2", () => {
    const v = logReturnVolatility(f64([100, 110, 99, 108.9]), 2);
    expect(v[0]).toBeNaN();
    expect(v[1]).toBeNaN(); // one return only
    // returns ln 1.1, ln 0.9, ln 1.1: |ln 1.1 − ln 0.9| / √2 (numpy std ddof=1: 0.1418956095467073)
    expect(v[2]).toBeCloseTo(Math.abs(Math.log(1.1) - Math.log(0.9)) / Math.SQRT2, 15);
    expect(v[2]).toBeCloseTo(0.1418956095467073, 14);
    expect(v[3]).toBeCloseTo(0.1418956095467073, 14);
  });

  test("equals the two-pass reference on spx, and the 2008 crash is above its long-run level", () => {
    const spx = loadSampleDataset("spx");
    const lr = Float64Array.from(spx.close, (c, i) => (i === 0 ? NaN : Math.log(c / spx.close[i - 1]!)));
    const recent = logReturnVolatility(spx.close, RISK_WINDOWS.recent);
    const longRun = logReturnVolatility(spx.close, RISK_WINDOWS.longRun);
    // 20 returns exist from bar 20 on
    expect(recent[19]).toBeNaN();
    for (const t of [20, 500, 2222, spx.close.length - 1]) expect(recent[t]).toBeCloseTo(stdOf(lr, t - 19, t + 1, 1), 14);
    const oct2008 = lowerBound(spx.time, Date.UTC(2008, 9, 31));
    expect(recent[oct2008]! / longRun[oct2008]!).toBeGreaterThan(2);
  });

  test("bad prices and windows are refused", () => {
    expect(() => logReturnVolatility(f64([1, 0, 2]), 2)).toThrow(/close\[1\] = 0/);
    expect(() => logReturnVolatility(f64([1, NaN]), 2)).toThrow(/close\[1\] = NaN/);
    expect(() => logReturnVolatility(f64([1, 2]), 1)).toThrow(/window/);
  });
});

describe("interval risk", () => {
  test("an 80% interval as wide as the random walk's scores 0.5; narrower lower, wider higher", () => {
    const sigma = 0.01;
    const rw1 = 2 * Z90 * sigma; // 1-bar random-walk width
    const rw4 = 2 * Z90 * sigma * 2; // 4-bar: × √4
    const s = intervalRiskScore(f64([0, 0, 0, 0, 0.1]), f64([rw1, rw1 / 3, 3 * rw1, 0, 0.1 - rw1]), f64([sigma, sigma, sigma, sigma, sigma]), 0.8);
    expect(s[0]).toBeCloseTo(0.5, 14);
    expect(s[1]).toBeCloseTo(0.25, 14); // ratio 1/3
    expect(s[2]).toBeCloseTo(0.75, 14); // ratio 3
    expect(s[3]).toBe(0);
    expect(s[4]).toBeCloseTo(0.5, 14); // crossed quantiles: |upper − lower|
    expect(intervalRiskScore(f64([0]), f64([rw4]), f64([sigma]), 0.8, 4)[0]).toBeCloseTo(0.5, 14);
  });

  test("zero or unknown volatility gives NaN", () => {
    const s = intervalRiskScore(f64([0, 0]), f64([1, 1]), f64([0, NaN]), 0.9);
    expect(s[0]).toBeNaN();
    expect(s[1]).toBeNaN();
  });

  test("bad input names the field", () => {
    expect(() => intervalRiskScore(f64([0]), f64([1, 2]), f64([1]), 0.8)).toThrow(/upper: length 2/);
    expect(() => intervalRiskScore(f64([0]), f64([1]), f64([]), 0.8)).toThrow(/recentVolatility/);
    expect(() => intervalRiskScore(f64([0]), f64([1]), f64([1]), 1)).toThrow(/coverage/);
    expect(() => intervalRiskScore(f64([0]), f64([1]), f64([1]), 0.8, 0)).toThrow(/horizon/);
  });
});

describe("class risk", () => {
  const u = Math.log(2) / Math.log(3); // entropy of (½, ½, 0) over ln 3

  test("normalised entropy scaled by the volatility regime", () => {
    // rows: uniform, certain, (½,½,0) at v = 1, 2, ½, and unnormalised (1,1,0) at v = 1
    const proba = [f64([1 / 3, 1, 0.5, 0.5, 0.5, 1]), f64([1 / 3, 0, 0.5, 0.5, 0.5, 1]), f64([1 / 3, 0, 0, 0, 0, 0])];
    const recent = f64([0.02, 0.02, 0.01, 0.02, 0.005, 0.01]);
    const longRun = f64([0.01, 0.01, 0.01, 0.01, 0.01, 0.01]);
    const s = classRiskScore(proba, recent, longRun);
    expect(s[0]).toBeCloseTo(1, 15);
    expect(s[1]).toBe(0);
    expect(s[2]).toBeCloseTo(u, 15);
    expect(s[3]).toBeCloseTo(1 - (1 - u) ** 2, 15);
    expect(s[4]).toBeCloseTo(1 - Math.sqrt(1 - u), 15);
    expect(s[5]).toBeCloseTo(u, 15);
    expect(s[4]! < s[2]! && s[2]! < s[3]!).toBe(true);
  });

  test("edges: zero recent volatility scores 0, zero long-run or a zero row is NaN", () => {
    const s = classRiskScore([f64([0.5, 0.5, 0]), f64([0.5, 0.5, 0])], f64([0, 0.01, 0.01]), f64([0.01, 0, 0.01]));
    expect(s[0]).toBe(0);
    expect(s[1]).toBeNaN();
    expect(s[2]).toBeNaN();
  });

  test("bad input names the field", () => {
    expect(() => classRiskScore([f64([1])], f64([1]), f64([1]))).toThrow(/at least 2 class columns/);
    expect(() => classRiskScore([f64([1]), f64([0, 1])], f64([1]), f64([1]))).toThrow(/proba\[1\]: length 2/);
    expect(() => classRiskScore([f64([1]), f64([0])], f64([1]), f64([]))).toThrow(/longRunVolatility/);
  });
});
