import { describe, expect, it } from "vitest";
import { loadSampleDataset } from "../data/sample-datasets";
import { forwardLogReturn, tradeClassLabels } from "./labels";

describe("forwardLogReturn", () => {
  it("hand case: ln(c[t+h]/c[t]), NaN for the last h bars", () => {
    const c = Float64Array.from([100, 110, 121, 100, NaN, 50]);
    const y = forwardLogReturn(c, 2);
    expect(y[0]).toBeCloseTo(Math.log(1.21), 15);
    expect(y[1]).toBeCloseTo(Math.log(100 / 110), 15);
    expect(y[2]).toBeNaN(); // close[4] is NaN
    expect(y[3]).toBeCloseTo(Math.log(0.5), 15);
    expect(Array.from(y.subarray(4))).toEqual([NaN, NaN]);
    expect(Array.from(forwardLogReturn(Float64Array.from([1, 2]), 5))).toEqual([NaN, NaN]);
  });

  it("spx: the 5-bar label at t equals the 5-bar log return feature at t + 5", () => {
    const c = loadSampleDataset("spx").close;
    const y = forwardLogReturn(c, 5);
    expect(y[c.length - 6]).toBeCloseTo(0.029923, 6); // BENCHMARKS.md W1: logret5 on 2020-04-17
    expect(y[0]).toBeCloseTo(Math.log(c[5]! / c[0]!), 15);
    expect(y.subarray(c.length - 5).every(Number.isNaN)).toBe(true);
  });

  it("writes into out and refuses bad input", () => {
    const out = new Float64Array(3);
    expect(forwardLogReturn(Float64Array.from([1, Math.E, 1]), 1, out)).toBe(out);
    expect(out[0]).toBeCloseTo(1, 15);
    expect(() => forwardLogReturn(new Float64Array(3), 0)).toThrow(/h must be an integer ≥ 1/);
    expect(() => forwardLogReturn(new Float64Array(3), 1, new Float64Array(2))).toThrow(/out has 2 rows/);
  });
});

describe("tradeClassLabels", () => {
  it("strict thresholds: equal to a threshold is HOLD; NaN stays NaN", () => {
    const fwd = Float64Array.from([0.02, 0.01, 0.005, 0, -0.01, -0.0100001, NaN, -0.5]);
    expect(Array.from(tradeClassLabels(fwd, { buy: 0.01, sell: -0.01 }))).toEqual([1, 0, 0, 0, 0, -1, NaN, -1]);
    // buy = sell = 0: the sign, with 0 → HOLD
    expect(Array.from(tradeClassLabels(Float64Array.from([1e-12, 0, -1e-12]), { buy: 0, sell: 0 }))).toEqual([1, 0, -1]);
  });

  it("refuses sell > buy and non-finite thresholds", () => {
    expect(() => tradeClassLabels(new Float64Array(1), { buy: -0.01, sell: 0.01 })).toThrow(/sell \(0.01\) must be ≤ buy/);
    expect(() => tradeClassLabels(new Float64Array(1), { buy: NaN, sell: 0 })).toThrow(/buy must be finite/);
  });
});
