import { describe, expect, it } from "vitest";
import { spxSeries } from "@/server/quant/features/testing";
import { equityReturns, meanKernel, momentsKernel, sharpeKernel, sharpeReference, sortinoKernel, stdKernel } from "./sharpe";

const r = Float64Array.from([0.01, -0.02, 0.03, 0.005, -0.01]);

describe("Sharpe-family kernels", () => {
  it("hand-computed five returns", () => {
    // mean = 0.015/5 = 0.003; deviations 0.007, −0.023, 0.027, 0.002, −0.013; Σd² = 0.00148;
    // std (ddof 1) = √(0.00148/4) = 0.0192353840616713; Sharpe = 0.003/0.01923538 = 0.155962573473.
    expect(meanKernel(r)).toBeCloseTo(0.003, 15);
    expect(stdKernel(r, 1)).toBeCloseTo(0.019235384061671346, 15);
    expect(sharpeKernel(r)).toBeCloseTo(0.15596257347301087, 13);
    expect(sharpeKernel(r, 0, 252)).toBeCloseTo(2.4758290994593564, 12);
    // Downside: (0.02² + 0.01²)/5 = 1e-4 → DD = 0.01; Sortino = 0.003/0.01·√252 = 0.3·√252.
    expect(sortinoKernel(r, 0, 252)).toBeCloseTo(0.3 * Math.sqrt(252), 12);
    // scipy.stats.skew(r) and kurtosis(r, fisher=False)
    const m = momentsKernel(r);
    expect(m.skew).toBeCloseTo(0.22267706475589708, 13);
    expect(m.kurtosis).toBeCloseTo(1.922616873630387, 13);
  });

  it("subtracts the per-period risk-free rate", () => {
    const rf = 0.001;
    expect(sharpeKernel(r, rf)).toBeCloseTo(0.002 / 0.019235384061671346, 13);
  });

  it("edge cases: n < 2 and zero std give NaN; NaN propagates", () => {
    expect(sharpeKernel(new Float64Array(0))).toBeNaN();
    expect(sharpeKernel(Float64Array.from([0.01]))).toBeNaN();
    expect(sharpeKernel(Float64Array.from([0.01, 0.01, 0.01]))).toBeNaN();
    expect(sharpeKernel(Float64Array.from([0.01, NaN, 0.02]))).toBeNaN();
    expect(sortinoKernel(Float64Array.from([0.01, 0.02]))).toBeNaN();
    expect(momentsKernel(Float64Array.from([1, 1, 1])).skew).toBeNaN();
  });

  it("matches the reference and scipy on spx daily returns", () => {
    const c = spxSeries().close;
    const ret = new Float64Array(c.length - 1);
    for (let t = 1; t < c.length; t++) ret[t - 1] = c[t]! / c[t - 1]! - 1;
    expect(sharpeKernel(ret)).toBeCloseTo(sharpeReference(Array.from(ret)), 14);
    // numpy: mean/std(ddof=1); scipy.stats.skew / kurtosis(fisher=False)
    expect(sharpeKernel(ret)).toBeCloseTo(0.01692050117284754, 13);
    const m = momentsKernel(ret);
    expect(m.skew).toBeCloseTo(-0.12262930675083869, 11);
    expect(m.kurtosis).toBeCloseTo(14.017114991667233, 10);
  });

  it("equityReturns starts from the start cash", () => {
    expect(Array.from(equityReturns(Float64Array.from([100, 110, 99]), 100))).toEqual([0, 0.10000000000000009, -0.09999999999999998]);
  });
});

describe("equityReturnMoments", () => {
  it("equals the moments of the materialised returns bit for bit", async () => {
    const { equityReturnMoments, returnMomentsKernel } = await import("./sharpe");
    const c = spxSeries().close;
    for (const rf of [0, 0.0001]) {
      expect(equityReturnMoments(c, c[0]!, rf)).toEqual(returnMomentsKernel(equityReturns(c, c[0]!), rf));
    }
  });
});
