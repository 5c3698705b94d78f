import { describe, expect, it } from "vitest";
import { SeededRandom } from "../data/random";
import { applyCalibration, fitIsotonic, fitPlatt, isotonicSegment, pavNonDecreasing } from "./calibration-maps";

const f64 = (...v: number[]) => Float64Array.from(v);

/**
 * Reference isotonic fit by the min–max formula (Barlow et al. 1972):
 * f_i = max_{j ≤ i} min_{k ≥ i} mean_w(y_j … y_k). O(n³), independent of PAV.
 */
function isotonicMinMaxReference(y: number[], w: number[]): number[] {
  const n = y.length;
  const avg = (j: number, k: number) => {
    let s = 0, sw = 0;
    for (let t = j; t <= k; t++) {
      s += w[t]! * y[t]!;
      sw += w[t]!;
    }
    return s / sw;
  };
  return y.map((_, i) => {
    let best = -Infinity;
    for (let j = 0; j <= i; j++) {
      let m = Infinity;
      for (let k = i; k < n; k++) m = Math.min(m, avg(j, k));
      best = Math.max(best, m);
    }
    return best;
  });
}

describe("pool-adjacent-violators", () => {
  it("hand case: [1, 3, 2, 4, 3, 5] → [1, 2.5, 2.5, 3.5, 3.5, 5] exactly", () => {
    expect(Array.from(pavNonDecreasing(f64(1, 3, 2, 4, 3, 5), f64(1, 1, 1, 1, 1, 1)))).toEqual([1, 2.5, 2.5, 3.5, 3.5, 5]);
  });

  it("weights: [3, 1] with weights [1, 3] pool to (3 + 3)/4 = 1.5; a cascade pools back to the start", () => {
    expect(Array.from(pavNonDecreasing(f64(3, 1), f64(1, 3)))).toEqual([1.5, 1.5]);
    expect(Array.from(pavNonDecreasing(f64(4, 3, 2, 1), f64(1, 1, 1, 1)))).toEqual([2.5, 2.5, 2.5, 2.5]);
  });

  it("equals the min–max reference on random weighted data", () => {
    const r = new SeededRandom(5);
    const y = Array.from({ length: 40 }, (_, i) => i / 20 + r.normal());
    const w = Array.from({ length: 40 }, () => 0.1 + r.uniform());
    const pav = pavNonDecreasing(Float64Array.from(y), Float64Array.from(w));
    const ref = isotonicMinMaxReference(y, w);
    for (let i = 0; i < 40; i++) expect(pav[i]).toBeCloseTo(ref[i]!, 12);
  });
});

describe("isotonic map", () => {
  it("unsorted scores with a tie: merge, pool, interpolate, clip (hand-computed)", () => {
    // sorted: 0.1→0, 0.2→{1, 0} = 0.5 (weight 2), 0.3→0, 0.4→1, 0.5→1; 0.5 > 0 pools to 1/3
    const m = fitIsotonic(f64(0.3, 0.1, 0.2, 0.2, 0.5, 0.4), f64(0, 0, 1, 0, 1, 1));
    expect(Array.from(m.x)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(Array.from(m.y)).toEqual([0, 1 / 3, 1 / 3, 1, 1]);
    const out = applyCalibration(m, f64(0.05, 0.1, 0.25, 0.35, 0.45, 0.9));
    const want = [0, 0, 1 / 3, 2 / 3, 1, 1];
    want.forEach((v, i) => expect(out[i]).toBeCloseTo(v, 12));
  });

  it("drops knots inside a constant run; one distinct score gives a constant map", () => {
    const m = fitIsotonic(f64(1, 2, 3, 4), f64(0, 0, 0, 1));
    expect(Array.from(m.x)).toEqual([1, 3, 4]);
    expect(Array.from(m.y)).toEqual([0, 0, 1]);
    expect(Array.from(applyCalibration(m, f64(2, 3.5)))).toEqual([0, 0.5]);
    const flat = fitIsotonic(f64(0.4, 0.4, 0.4), f64(1, 0, 0));
    expect(Array.from(flat.x)).toEqual([0.4]);
    expect(Array.from(applyCalibration(flat, f64(0, 0.4, 1)))).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });

  it("integer weights give the same map as repeated rows", () => {
    const a = fitIsotonic(f64(0.1, 0.2, 0.3), f64(1, 0, 1), f64(2, 3, 1));
    const b = fitIsotonic(f64(0.1, 0.1, 0.2, 0.2, 0.2, 0.3), f64(1, 1, 0, 0, 0, 1));
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(Array.from(a.y)).toEqual(Array.from(b.y));
  });

  it("segment search: s ≤ x[k+1] stays in segment k; ends clamp", () => {
    const x = f64(0, 1, 2, 3, 4);
    expect([-1, 0, 0.5, 1, 1.5, 3, 3.5, 9].map((s) => isotonicSegment(x, s))).toEqual([0, 0, 0, 0, 1, 2, 3, 3]);
    expect(isotonicSegment(f64(7), 7)).toBe(0);
  });
});

describe("Platt scaling", () => {
  it("known answer: two score groups fit exactly to their mean smoothed targets", () => {
    // N₊ = N₋ = 3 → t₊ = 4/5, t₋ = 1/5. Score 0: one positive, two negatives → mean target 0.4;
    // score 1: two positives, one negative → 0.6. So σ(b) = 0.4 and σ(a + b) = 0.6.
    const m = fitPlatt(f64(0, 0, 0, 1, 1, 1), Uint8Array.of(1, 0, 0, 1, 1, 0));
    expect(m.b).toBeCloseTo(Math.log(2 / 3), 10);
    expect(m.a).toBeCloseTo(2 * Math.log(1.5), 10);
  });

  it("equals a plain Newton loop (no line search) on random scores", () => {
    const r = new SeededRandom(9);
    const n = 500;
    const s = Float64Array.from({ length: n }, () => r.uniform());
    const yPos = Uint8Array.from(s, (v) => (r.uniform() < 0.2 + 0.6 * v ? 1 : 0));
    const m = fitPlatt(s, yPos);
    let nPos = 0;
    for (const v of yPos) nPos += v;
    const t = Array.from(yPos, (v) => (v ? (nPos + 1) / (nPos + 2) : 1 / (n - nPos + 2)));
    let a = 0, b = 0;
    for (let it = 0; it < 50; it++) {
      let ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
      for (let i = 0; i < n; i++) {
        const p = 1 / (1 + Math.exp(-(a * s[i]! + b)));
        ga += (p - t[i]!) * s[i]!;
        gb += p - t[i]!;
        haa += p * (1 - p) * s[i]! * s[i]!;
        hab += p * (1 - p) * s[i]!;
        hbb += p * (1 - p);
      }
      const det = haa * hbb - hab * hab;
      a -= (hbb * ga - hab * gb) / det;
      b -= (haa * gb - hab * ga) / det;
    }
    expect(m.a).toBeCloseTo(a, 9);
    expect(m.b).toBeCloseTo(b, 9);
    expect(applyCalibration(m, f64(0.5))[0]).toBeCloseTo(1 / (1 + Math.exp(-(0.5 * a + b))), 12);
  });

  it("rejects mismatched lengths and empty input", () => {
    expect(() => fitPlatt(f64(1, 2), Uint8Array.of(1))).toThrow(/labels have 1 rows, scores has 2/);
    expect(() => fitIsotonic(f64(), f64())).toThrow(/no rows/);
  });
});
