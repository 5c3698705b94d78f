import { describe, expect, test } from "vitest";
import {
  binShares,
  driftOf,
  featureDrift,
  jensenShannonFromShares,
  kolmogorovSf,
  ksPValue,
  ksStatisticSorted,
  psiFromShares,
  psiLevel,
  quantileBinEdges,
  sortedFinite,
  sortedQuantile,
  wassersteinSorted,
} from "./drift";

const f64 = (xs: number[]) => Float64Array.from(xs);
const oneToTen = f64([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

// ------------------------------------------------------------------ plain sorting-based references

/** Type-7 quantile by sorting a plain array. */
function quantileRef(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h), hi = Math.min(lo + 1, s.length - 1);
  return s[lo]! + (h - lo) * (s[hi]! - s[lo]!);
}

/** PSI with deciles of the reference; a value's bin = number of (distinct) edges below it. */
function psiRef(ref: number[], cur: number[]): number {
  const edges = [...new Set([1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => quantileRef(ref, k / 10)))];
  const share = (xs: number[], b: number) => xs.filter((x) => edges.filter((e) => e < x).length === b).length / xs.length;
  let s = 0;
  for (let b = 0; b <= edges.length; b++) {
    const e = Math.max(share(ref, b), 1e-4), a = Math.max(share(cur, b), 1e-4);
    s += (a - e) * Math.log(a / e);
  }
  return s;
}

const cdf = (xs: number[], t: number) => xs.filter((x) => x <= t).length / xs.length;

/** sup |F_x − F_y| over every sample point. */
function ksRef(x: number[], y: number[]): number {
  return Math.max(...[...x, ...y].map((t) => Math.abs(cdf(x, t) - cdf(y, t))));
}

/** ∫ |F_x − F_y| between consecutive points of the pooled sample. */
function wassersteinRef(x: number[], y: number[]): number {
  const pts = [...x, ...y].sort((a, b) => a - b);
  let w = 0;
  for (let k = 0; k + 1 < pts.length; k++) w += Math.abs(cdf(x, pts[k]!) - cdf(y, pts[k]!)) * (pts[k + 1]! - pts[k]!);
  return w;
}

// Deterministic samples with ties inside and across samples, exact in binary (k/10, k/7 + 0.3).
const A = Array.from({ length: 200 }, (_, i) => ((i * 37) % 101) / 10);
const B = Array.from({ length: 150 }, (_, i) => ((i * 53) % 97) / 7 + 0.3);

describe("building blocks", () => {
  test("sortedFinite drops NaN and ±Inf and sorts", () => {
    expect([...sortedFinite(f64([3, NaN, -1, Infinity, 2, -Infinity]))]).toEqual([-1, 2, 3]);
  });

  test("sortedQuantile is numpy's linear quantile", () => {
    expect(sortedQuantile(oneToTen, 0.1)).toBeCloseTo(1.9, 14);
    expect(sortedQuantile(oneToTen, 0.5)).toBe(5.5);
    expect(sortedQuantile(oneToTen, 1)).toBe(10);
    expect(sortedQuantile(f64([]), 0.5)).toBeNaN();
    const s = sortedFinite(f64(A));
    for (const p of [0.1, 0.25, 0.5, 0.9]) expect(sortedQuantile(s, p)).toBeCloseTo(quantileRef(A, p), 12);
  });

  test("decile edges of 1..10 are 1.9, 2.8, …, 9.1 and each bin holds one value", () => {
    const edges = quantileBinEdges(oneToTen);
    expect(edges.length).toBe(9);
    [1.9, 2.8, 3.7, 4.6, 5.5, 6.4, 7.3, 8.2, 9.1].forEach((e, k) => expect(edges[k]).toBeCloseTo(e, 12));
    expect([...binShares(oneToTen, edges)]).toEqual(Array(10).fill(0.1));
  });

  test("tied reference: equal deciles are kept once, bins are right-closed", () => {
    // 0×5, 1×5: q(0.1..0.4) = 0, q(0.5) = 0.5, q(0.6..0.9) = 1 → edges 0, 0.5, 1
    const ref = f64([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    const edges = quantileBinEdges(ref);
    expect([...edges]).toEqual([0, 0.5, 1]);
    expect([...binShares(ref, edges)]).toEqual([0.5, 0, 0.5, 0]);
    // 0 → (−∞, 0]; 1 → (0.5, 1]; 2 → (1, ∞)
    expect([...binShares(f64([0, 1, 1, 1, 2]), edges)]).toEqual([0.2, 0, 0.6, 0.2]);
    expect(quantileBinEdges(f64([7, 7, 7])).length).toBe(1);
    expect(quantileBinEdges(f64([])).length).toBe(0);
    expect(() => quantileBinEdges(ref, 1)).toThrow(/nBins/);
  });

  test("PSI levels: 0.1 and 0.25 belong to the upper level", () => {
    expect(psiLevel(0)).toBe("ok");
    expect(psiLevel(0.0999999)).toBe("ok");
    expect(psiLevel(0.1)).toBe("warn");
    expect(psiLevel(0.2499999)).toBe("warn");
    expect(psiLevel(0.25)).toBe("alert");
    expect(psiLevel(NaN)).toBeNull();
  });
});

describe("hand-computed cases", () => {
  // reference 1..10 (one value per decile bin), current 1,1,2,2,…,5,5 (bins 0–4 twice as full, 5–9 empty)
  const cur = f64([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  const d = driftOf("x", oneToTen, cur);

  test("PSI = 5·0.1·ln 2 + 5·(0.1 − 1e-4)·ln(0.1/1e-4) with the ε floor on empty bins", () => {
    expect(d.psi).toBeCloseTo(0.5 * Math.log(2) + 5 * 0.0999 * Math.log(1000), 12);
    expect(d.psiLevel).toBe("alert");
    expect(d.drifted).toBe(true);
  });

  test("KS D = 0.5 (at t = 5: F_ref = 0.5, F_cur = 1), p = Q_KS(√5·0.5/√2)", () => {
    expect(d.ks).toBe(0.5);
    expect(d.ksPValue).toBeCloseTo(kolmogorovSf(Math.sqrt((10 * 10) / 20) * 0.5), 15);
  });

  test("Wasserstein = mean |x₍ᵢ₎ − y₍ᵢ₎| = 2.5 for equal sizes, over σ_ref = √8.25", () => {
    expect(wassersteinSorted(oneToTen, cur)).toBeCloseTo(2.5, 14);
    expect(d.wassersteinSigma).toBeCloseTo(2.5 / Math.sqrt(8.25), 14);
  });

  test("Jensen–Shannon distance = √(0.75·ln(4/3))", () => {
    // M = 0.15 on bins 0–4, 0.05 on 5–9: KL(P‖M) = 0.5·ln(2/3) + 0.5·ln 2, KL(Q‖M) = ln(4/3)
    expect(d.jensenShannon).toBeCloseTo(Math.sqrt(0.75 * Math.log(4 / 3)), 14);
  });

  test("tied reference PSI over bins (−∞,0], (0,0.5], (0.5,1], (1,∞)", () => {
    const t = driftOf("t", f64([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]), f64([0, 1, 1, 1, 2]));
    const expected = (0.2 - 0.5) * Math.log(0.2 / 0.5) + (0.6 - 0.5) * Math.log(0.6 / 0.5) + (0.2 - 1e-4) * Math.log(0.2 / 1e-4);
    expect(t.psi).toBeCloseTo(expected, 12);
  });

  test("identical samples: PSI 0, KS 0 (p = 1), W 0, JS 0, not drifted", () => {
    const same = driftOf("s", f64(A), f64([...A].reverse()));
    expect(same.psi).toBe(0);
    expect(same.ks).toBe(0);
    expect(same.ksPValue).toBe(1);
    expect(same.wassersteinSigma).toBe(0);
    expect(same.jensenShannon).toBe(0);
    expect(same.drifted).toBe(false);
  });

  test("non-finite values are ignored and counted", () => {
    const withNaN = driftOf("n", f64([NaN, ...oneToTen, Infinity]), f64([1, 1, 2, 2, 3, NaN, 3, 4, 4, 5, 5]));
    expect(withNaN.referenceMissing).toBe(2);
    expect(withNaN.currentMissing).toBe(1);
    expect(withNaN.referenceCount).toBe(10);
    expect(withNaN.currentCount).toBe(10);
    expect(withNaN.psi).toBe(d.psi);
    expect(withNaN.ks).toBe(d.ks);
    expect(withNaN.wassersteinSigma).toBe(d.wassersteinSigma);
  });

  test("an empty side gives NaN statistics, no level, not drifted; constant reference gives NaN W/σ", () => {
    const empty = driftOf("e", f64([NaN, NaN]), oneToTen);
    expect(empty.psi).toBeNaN();
    expect(empty.psiLevel).toBeNull();
    expect(empty.ks).toBeNaN();
    expect(empty.ksPValue).toBeNaN();
    expect(empty.jensenShannon).toBeNaN();
    expect(empty.drifted).toBe(false);
    expect(driftOf("c", f64([3, 3, 3]), f64([3, 4])).wassersteinSigma).toBeNaN();
  });
});

describe("against the sorting-based references and scipy 1.10", () => {
  // scipy values from /usr/bin/python3 (scipy 1.10.1, numpy 1.24.2), same A and B:
  //   ks_2samp(A, B, method="asymp")            → D = 0.2866666666666666, p = 9.478719224892039e-07
  //   kstwobign.sf(√(200·150/350)·D)            → 1.523543224534837e-06
  //   wasserstein_distance(A, B) = 2.032642857142857, np.std(A) = 2.9238210872076285
  //   PSI (np.quantile deciles, np.unique, searchsorted side="left", ε = 1e-4) = 0.4484503380232222
  //   distance.jensenshannon(shares(A), shares(B)) = 0.23055527694056577
  const d = driftOf("ab", f64(A), f64(B));

  test("PSI equals the plain reference and the numpy computation", () => {
    expect(d.psi).toBeCloseTo(psiRef(A, B), 12);
    expect(d.psi).toBeCloseTo(0.4484503380232222, 12);
  });

  test("KS statistic equals the reference and scipy; the p-value is kstwobign.sf", () => {
    expect(ksStatisticSorted(sortedFinite(f64(A)), sortedFinite(f64(B)))).toBeCloseTo(ksRef(A, B), 15);
    expect(d.ks).toBeCloseTo(0.2866666666666666, 15);
    expect(d.ksPValue).toBeCloseTo(1.523543224534837e-6, 17);
    // scipy's ks_2samp(method="asymp") uses the finite-n kstwo: same order, smaller (module comment)
    expect(d.ksPValue / 9.478719224892039e-7).toBeGreaterThan(1);
    expect(d.ksPValue / 9.478719224892039e-7).toBeLessThan(2);
  });

  test("Wasserstein equals the reference and scipy", () => {
    expect(wassersteinSorted(sortedFinite(f64(A)), sortedFinite(f64(B)))).toBeCloseTo(wassersteinRef(A, B), 12);
    expect(d.wassersteinSigma).toBeCloseTo(2.032642857142857 / 2.9238210872076285, 12);
  });

  test("Jensen–Shannon equals scipy's distance", () => {
    expect(d.jensenShannon).toBeCloseTo(0.23055527694056577, 14);
  });

  test("Kolmogorov survival function equals scipy.stats.kstwobign.sf on both branches", () => {
    const scipy: [number, number][] = [
      [0.2, 0.999999999999495], [0.5, 0.9639452436648751], [0.8, 0.5441424115741981],
      [0.99, 0.2808738392255489], [1.0, 0.26999967167735456], [1.2, 0.11224966667072497],
      [1.3581, 0.0499996304316674], [2, 0.0006709252557796953], [3, 3.045995948942526e-8],
    ];
    for (const [lambda, sf] of scipy) expect(kolmogorovSf(lambda)).toBeCloseTo(sf, 15);
    expect(kolmogorovSf(0)).toBe(1);
    expect(ksPValue(NaN, 10, 10)).toBeNaN();
  });

  test("share helpers: PSI of equal shares is 0, JS is symmetric and at most √ln 2", () => {
    const p = f64([0.5, 0.5, 0]), q = f64([0, 0, 1]);
    expect(psiFromShares(p, p)).toBe(0);
    expect(jensenShannonFromShares(p, q)).toBeCloseTo(Math.sqrt(Math.log(2)), 15);
    expect(jensenShannonFromShares(q, p)).toBe(jensenShannonFromShares(p, q));
    expect(() => psiFromShares(p, f64([1]))).toThrow(/PSI/);
  });
});

describe("featureDrift", () => {
  test("per-feature results in order and the share rule (≥ 0.5 drifted is data set drift)", () => {
    const ref = [oneToTen, oneToTen, f64(A), f64([NaN])];
    const cur = [f64([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]), oneToTen, f64(A), oneToTen];
    const r = featureDrift(ref, cur, ["shifted", "same", "same2", "empty"]);
    expect(r.features.map((f) => f.name)).toEqual(["shifted", "same", "same2", "empty"]);
    expect(r.features.map((f) => f.drifted)).toEqual([true, false, false, false]);
    expect(r.evaluated).toBe(3);
    expect(r.drifted).toBe(1);
    expect(r.driftedShare).toBeCloseTo(1 / 3, 15);
    expect(r.datasetDrift).toBe(false);
    // one of two evaluated features drifted: share 0.5 → data set drift
    expect(featureDrift(ref.slice(0, 2), cur.slice(0, 2), ["a", "b"]).datasetDrift).toBe(true);
  });

  test("mismatched inputs name the side", () => {
    expect(() => featureDrift([oneToTen], [oneToTen], ["a", "b"])).toThrow(/reference: 1 columns for 2 names/);
    expect(() => featureDrift([oneToTen], [], ["a"])).toThrow(/current: 0 columns for 1 names/);
  });

  test("no evaluable feature: share NaN, no data set drift", () => {
    const r = featureDrift([f64([NaN])], [oneToTen], ["a"]);
    expect(r.driftedShare).toBeNaN();
    expect(r.datasetDrift).toBe(false);
  });
});
