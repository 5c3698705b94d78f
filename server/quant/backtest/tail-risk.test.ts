import { describe, expect, it } from "vitest";
import { SeededRandom } from "@/server/quant/data/random";
import { spxSeries } from "@/server/quant/features/testing";
import { equitySharpeStats, sharpeStatsFromMoments } from "@/server/quant/validation/deflated-sharpe";
import { equityReturnMoments, equityReturnMoments4, equityReturns } from "@/server/quant/validation/sharpe";
import { runBacktest } from "./api";
import { W2_RULES } from "./presets";
import { smaCrossoverSignal } from "./strategies";
import { equityMomentsAndTail, tailRiskKernel, tailRiskReference } from "./tail-risk";

/** Equity curve from start 100 whose per-period returns are `r` (up to rounding). */
const curve = (r: number[], start = 100) => {
  const e = new Float64Array(r.length);
  let v = start;
  r.forEach((x, i) => (e[i] = v = v * (1 + x)));
  return e;
};

describe("historical VaR / ES at 95% (hand-worked)", () => {
  it("5 returns: q interpolates between the two smallest", () => {
    // sorted [−0.03, −0.01, 0, 0.01, 0.02]; h = 4·0.05 = 0.2; q = −0.03 + 0.2·(−0.01 + 0.03) = −0.026
    // VaR = 0.026; the tail {r ≤ −0.026} = {−0.03}, ES = 0.03
    const t = tailRiskKernel(curve([-0.03, 0.01, 0.02, -0.01, 0]), 100);
    expect(t.var).toBeCloseTo(0.026, 12);
    expect(t.es).toBeCloseTo(0.03, 12);
  });
  it("21 returns: h = 1 lands on the second smallest, ES averages the two", () => {
    const r = [...new Array(19).fill(0.001), -0.04, -0.05];
    const t = tailRiskKernel(curve(r), 100);
    expect(t.var).toBeCloseTo(0.04, 12);
    expect(t.es).toBeCloseTo(0.045, 12);
  });
  it("all gains: negative VaR and ES; one return: VaR = ES = −r", () => {
    // [0.01, 0.02]: h = 0.05, q = 0.01 + 0.05·0.01 = 0.0105
    const t = tailRiskKernel(curve([0.01, 0.02]), 100);
    expect(t.var).toBeCloseTo(-0.0105, 12);
    expect(t.es).toBeCloseTo(-0.01, 12);
    const one = tailRiskKernel(Float64Array.from([95]), 100);
    expect(one.var).toBeCloseTo(0.05, 12);
    expect(one.es).toBeCloseTo(0.05, 12);
  });
  it("NaN with no returns or a NaN return", () => {
    expect(tailRiskKernel(new Float64Array(0), 100).var).toBeNaN();
    const t = tailRiskKernel(Float64Array.from([100, NaN, 100]), 100);
    expect(t.var).toBeNaN();
    expect(t.es).toBeNaN();
  });
});

describe("tailRiskKernel equals the sort-based reference", () => {
  const rnd = (n: number, seed: number) => {
    const g = new SeededRandom(seed);
    return Array.from({ length: n }, () => (g.uniform() - 0.5) * 0.04 * (g.uniform() < 0.1 ? 5 : 1));
  };
  for (const n of [1, 2, 3, 20, 21, 101, 4_096, 4_097, 50_000, 120_001]) {
    it(`n = ${n}`, () => {
      const e = curve(rnd(n, n));
      const ref = tailRiskReference(Array.from(equityReturns(e, 100)));
      const got = tailRiskKernel(e, 100);
      expect(got.var).toBe(ref.var); // same order statistics, same formula
      expect(Math.abs(got.es - ref.es)).toBeLessThanOrEqual(1e-12 * Math.abs(ref.es));
    });
  }
  it("ties (a flat stretch) and an ordering that fools the strided sample (fallback pass)", () => {
    const n = 100_000;
    const r = rnd(n, 5);
    for (let i = 0; i < 60_000; i++) r[i] = 0; // many equal returns
    const e1 = curve(r);
    const a = tailRiskKernel(e1, 100);
    const ra = tailRiskReference(Array.from(equityReturns(e1, 100)));
    expect(a.var).toBe(ra.var);
    expect(Math.abs(a.es - ra.es)).toBeLessThanOrEqual(1e-12 * Math.abs(ra.es));
    // every sampled bar gains 10%, the rest lose a little: the sample brackets the wrong rank
    const s = Math.round(16 * Math.sqrt(n));
    const r2 = new Array(n).fill(-0.001).map((v, i) => v - (i % 7) * 1e-4);
    for (let j = 0; j < s; j++) r2[Math.floor((j * n) / s)] = 0.1;
    const e2 = curve(r2, 1e6);
    const b = tailRiskKernel(e2, 1e6);
    const rb = tailRiskReference(Array.from(equityReturns(e2, 1e6)));
    expect(b.var).toBe(rb.var);
    expect(Math.abs(b.es - rb.es)).toBeLessThanOrEqual(1e-12 * Math.abs(rb.es));
  });
});

describe("VaR / ES in the metric registry (spx, SMA 50/200, W2 rules)", () => {
  it("pinned, and equal to the reference on the run's returns", () => {
    const spx = spxSeries();
    const signal = smaCrossoverSignal(spx.close, 50, 200);
    const r = runBacktest({ open: spx.open, close: spx.close, signal, time: spx.time }, W2_RULES);
    const ref = tailRiskReference(Array.from(equityReturns(r.equity, 100_000)));
    expect(r.metrics.var95).toBe(ref.var);
    expect(r.metrics.es95).toBeCloseTo(ref.es, 15);
    expect(r.metrics.var95).toBeCloseTo(PINNED.var95, 15);
    expect(r.metrics.es95).toBeCloseTo(PINNED.es95, 15);
    expect(r.metrics.es95).toBeGreaterThan(r.metrics.var95);
  });
  it("no trade: VaR = ES = 0", () => {
    const spx = spxSeries();
    const r = runBacktest({ open: spx.open, close: spx.close, signal: new Float64Array(spx.close.length) }, W2_RULES);
    expect(r.metrics.var95 === 0 && r.metrics.es95 === 0).toBe(true);
  });
});

describe("equityReturnMoments4 / sharpeStatsFromMoments", () => {
  it("bit for bit equityReturnMoments and equitySharpeStats (spx closes as an equity curve)", () => {
    const c = spxSeries().close;
    for (const rf of [0, 1e-4]) {
      const m = equityReturnMoments4(c, c[0]!, rf);
      const { m3: _m3, m4: _m4, ...two } = m;
      expect(two).toEqual(equityReturnMoments(c, c[0]!, rf));
      expect(sharpeStatsFromMoments(m)).toEqual(equitySharpeStats(c, c[0]!, rf));
    }
    expect(sharpeStatsFromMoments(equityReturnMoments4(c.subarray(0, 1), 1)).sharpe).toBeNaN();
  });
});

// numpy on the same equity curve: r = e / [100000, e[:-1]] − 1; q = np.quantile(r, 0.05);
// −q = 0.001751558221141014 (numpy's lerp differs in the last bits), −r[r <= q].mean() = 0.0027326604765828544.
describe("equityMomentsAndTail (the fused pass the metric context uses)", () => {
  it("bit for bit equityReturnMoments4 + tailRiskKernel, including the fallback and NaN paths", () => {
    const g = new SeededRandom(3);
    const series: [Float64Array, number][] = [
      [spxSeries().close, spxSeries().close[0]!],
      [curve(Array.from({ length: 60_000 }, () => (g.uniform() - 0.5) * 0.02)), 100],
      [Float64Array.from([100, NaN, 100]), 100],
      [new Float64Array(0), 100],
      [Float64Array.from([95]), 100],
    ];
    // the ordering that fools the sample (see above)
    const n = 100_000;
    const s = Math.round(16 * Math.sqrt(n));
    const r2 = new Array(n).fill(-0.001).map((v, i) => v - (i % 7) * 1e-4);
    for (let j = 0; j < s; j++) r2[Math.floor((j * n) / s)] = 0.1;
    series.push([curve(r2, 1e6), 1e6]);
    for (const [e, start] of series)
      for (const rf of [0, 2e-4]) {
        const f = equityMomentsAndTail(e, start, rf);
        expect(f.moments).toEqual(equityReturnMoments4(e, start, rf));
        expect(f.tail).toEqual(tailRiskKernel(e, start));
      }
  });
});

const PINNED = { var95: 0.0017515582211410118, es95: 0.0027326604765828544 };
