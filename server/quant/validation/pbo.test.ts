import { describe, expect, it } from "vitest";
import { SeededRandom } from "@/server/quant/data/random";
import { binomial, pboBlockCounts, pboCscv, pboFromBlockSums, pboReference } from "./pbo";

/** Trial-major matrix from rows[t][k]. */
function trialMajor(rows: number[][]): Float64Array {
  const T = rows.length;
  const N = rows[0]!.length;
  const out = new Float64Array(N * T);
  for (let t = 0; t < T; t++) for (let k = 0; k < N; k++) out[k * T + t] = rows[t]![k]!;
  return out;
}

function noise(T: number, N: number, seed: number, drift: (k: number) => number = () => 0): number[][] {
  const rng = new SeededRandom(seed);
  return Array.from({ length: T }, () => Array.from({ length: N }, (_, k) => drift(k) + 0.01 * rng.normal()));
}

describe("PBO by CSCV (Bailey, Borwein, López de Prado & Zhu)", () => {
  it("hand case: the IS winner is the OOS loser in both halves → PBO 1", () => {
    // Trial A: block 0 mean 1, block 1 mean −1. Trial B: block 0 mean 0, block 1 mean 0.5.
    // IS = block 0 → pick A (1 > 0); OOS block 1: A = −1 < B = 0.5 → rank 1 of 2, ω = 1/3, λ = ln ½.
    // IS = block 1 → pick B (0.5 > −1); OOS block 0: B = 0 < A = 1 → rank 1, λ = ln ½.
    const rows = [[1, 0], [1, 0], [-1, 0.5], [-1, 0.5]];
    const r = pboCscv(trialMajor(rows), 2, 4, 2, "mean");
    expect(r.combinations).toBe(2);
    expect(r.pbo).toBe(1);
    for (const l of r.logits) expect(l).toBeCloseTo(Math.log(0.5), 15);
    expect(Array.from(r.bestTrial)).toEqual([0, 1]);
    expect(Array.from(r.isBest)).toEqual([1, 0.5]);
    expect(Array.from(r.oosBest)).toEqual([-1, 0]);
    expect(r.probOosLoss).toBe(0.5);
    expect(pboReference(rows, 2, "mean")).toBe(1);
  });

  it("hand case: a trial that dominates everywhere → PBO 0, λ = ln 2", () => {
    const rows = [[1, 0], [2, 0], [1, 0], [2, 0]];
    const r = pboCscv(trialMajor(rows), 2, 4, 2, "mean");
    expect(r.pbo).toBe(0);
    for (const l of r.logits) expect(l).toBeCloseTo(Math.log(2), 15);
  });

  it("ties share the average rank", () => {
    // Three identical trials: the chosen one ranks (1+2+3)/3 = 2 of 3 → ω = ½ → λ = 0 → overfit.
    const rows = [[1, 1, 1], [2, 2, 2], [0, 0, 0], [3, 3, 3]];
    const r = pboCscv(trialMajor(rows), 3, 4, 2, "mean");
    expect(Array.from(r.logits)).toEqual([0, 0]);
    expect(r.pbo).toBe(1);
  });

  it("agrees with the readable reference on random matrices (Sharpe and mean)", () => {
    for (const [T, N, S, seed] of [[200, 12, 8, 1], [97, 5, 6, 2], [300, 30, 10, 3]] as const) {
      const rows = noise(T, N, seed, (k) => (k % 3 === 0 ? 0.0005 * k : 0));
      const m = trialMajor(rows);
      expect(pboCscv(m, N, T, S, "sharpe").pbo).toBe(pboReference(rows, S, "sharpe"));
      expect(pboCscv(m, N, T, S, "mean").pbo).toBe(pboReference(rows, S, "mean"));
      expect(pboCscv(m, N, T, S).combinations).toBe(binomial(S, S / 2));
    }
  });

  it("pure noise overfits about half the time; a real edge does not", () => {
    const T = 1_600;
    const N = 40;
    const noiseOnly = pboCscv(trialMajor(noise(T, N, 7)), N, T, 16);
    expect(noiseOnly.combinations).toBe(12_870);
    expect(noiseOnly.pbo).toBeGreaterThan(0.3);
    expect(noiseOnly.pbo).toBeLessThan(0.7);
    const edge = pboCscv(trialMajor(noise(T, N, 7, (k) => (k === 13 ? 0.004 : 0))), N, T, 16);
    expect(edge.pbo).toBeLessThan(0.01);
    expect(edge.probOosLoss).toBe(0);
  });

  it("refuses bad shapes", () => {
    const m = new Float64Array(20);
    expect(() => pboCscv(m, 2, 10, 3)).toThrow(RangeError);
    expect(() => pboCscv(m, 1, 20, 2)).toThrow(RangeError);
    expect(() => pboCscv(m, 2, 9, 2)).toThrow(RangeError);
    expect(() => pboCscv(m, 2, 10, 12)).toThrow(RangeError);
  });
});

describe("pboFromBlockSums", () => {
  it("the hand case from its block sums: Σr and Σr² per trial and block", () => {
    // rows [[1, 0], [1, 0], [-1, 0.5], [-1, 0.5]], S = 2: A sums (2, −2), squares (2, 2); B (0, 1), (0, 0.5)
    const r = pboFromBlockSums(Float64Array.from([2, -2, 0, 1]), Float64Array.from([2, 2, 0, 0.5]), pboBlockCounts(4, 2), 2, 2, "mean");
    expect(r.pbo).toBe(1);
    expect(Array.from(r.bestTrial)).toEqual([0, 1]);
  });
  it("equals pboCscv on noise (uneven blocks: T = 203, S = 8)", () => {
    const rows = noise(203, 7, 11, (k) => 0.001 * k);
    const m = trialMajor(rows);
    const bc = pboBlockCounts(203, 8);
    expect(Array.from(bc).reduce((a, b) => a + b, 0)).toBe(203);
    const bs = new Float64Array(7 * 8);
    const bq = new Float64Array(7 * 8);
    for (let k = 0; k < 7; k++) {
      let t = 0;
      for (let j = 0; j < 8; j++)
        for (const end = t + bc[j]!; t < end; t++) {
          const v = m[k * 203 + t]!;
          bs[k * 8 + j] = bs[k * 8 + j]! + v;
          bq[k * 8 + j] = bq[k * 8 + j]! + v * v;
        }
    }
    expect(pboFromBlockSums(bs, bq, bc, 7, 8)).toEqual(pboCscv(m, 7, 203, 8));
  });
  it("refuses mismatched lengths", () => {
    expect(() => pboFromBlockSums(new Float64Array(4), new Float64Array(4), pboBlockCounts(10, 2), 3, 2)).toThrow(RangeError);
  });
});
