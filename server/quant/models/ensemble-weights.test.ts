import { describe, expect, it } from "vitest";
import { SeededRandom } from "../data/random";
import { rmse } from "../validation/metrics";
import {
  blendColumns,
  geneticWeights,
  logLossObjective,
  macroF1LossObjective,
  normaliseWeights,
  optimiseRegressorWeights,
  rmseObjective,
  simplexLeastSquares,
} from "./ensemble-weights";

function normals(n: number, seed: number): Float64Array {
  const r = new SeededRandom(seed);
  return Float64Array.from({ length: n }, () => r.normal());
}

/** y = 0.7·p1 + 0.3·p2 exactly; p3 is an unrelated (worse) member. */
function knownBlend() {
  const p1 = normals(500, 1), p2 = normals(500, 2), p3 = normals(500, 3);
  const y = Float64Array.from(p1, (v, i) => 0.7 * v + 0.3 * p2[i]!);
  return { P: [p1, p2, p3], y };
}

/** Brute force over the simplex grid w = (i, j, G − i − j)/G: the reference minimum for 3 members. */
function gridMinimum(P: Float64Array[], y: Float64Array, G: number): number {
  let best = Infinity;
  for (let i = 0; i <= G; i++) for (let j = 0; i + j <= G; j++) best = Math.min(best, rmse(y, blendColumns(P, [i / G, j / G, (G - i - j) / G])));
  return best;
}

const expectOnSimplex = (w: Float64Array) => {
  for (const v of w) expect(v).toBeGreaterThanOrEqual(0);
  expect(Math.abs(w.reduce((a, b) => a + b, 0) - 1)).toBeLessThanOrEqual(1e-12);
};

describe("blendColumns / normaliseWeights", () => {
  it("weighted sum by hand and weight validation naming the field", () => {
    expect(Array.from(blendColumns([Float64Array.of(1, 2), Float64Array.of(10, 20)], [0.25, 0.75]))).toEqual([7.75, 15.5]);
    expect(Array.from(normaliseWeights([1, 3], 2))).toEqual([0.25, 0.75]);
    expect(() => normaliseWeights([1, -1], 2)).toThrow(/weights\[1\] must be finite and ≥ 0/);
    expect(() => normaliseWeights([0, 0], 2)).toThrow(/sum to 0/);
    expect(() => normaliseWeights([1], 2, "memberWeights")).toThrow(/memberWeights has 1 entries for 2 members/);
  });
});

describe("simplexLeastSquares", () => {
  it("known answer: y = 0.7·p1 + 0.3·p2 gives [0.7, 0.3, 0] to 1e-9", () => {
    const { P, y } = knownBlend();
    const r = simplexLeastSquares(P, y);
    expect(Math.abs(r.weights[0]! - 0.7)).toBeLessThanOrEqual(1e-9);
    expect(Math.abs(r.weights[1]! - 0.3)).toBeLessThanOrEqual(1e-9);
    expect(r.weights[2]!).toBeLessThanOrEqual(1e-9);
    expect(r.rmse).toBeLessThanOrEqual(1e-9);
    expectOnSimplex(r.weights);
  });

  it("an interior optimum off the unconstrained one: KKT holds and no grid point is better", () => {
    // y is best fit by 1.4·p1 − 0.2·p2 (outside the simplex), plus noise.
    const P = [normals(400, 4), normals(400, 5), normals(400, 6)];
    const noise = normals(400, 7);
    const y = Float64Array.from(P[0]!, (v, i) => 1.4 * v - 0.2 * P[1]![i]! + 0.3 * P[2]![i]! + 0.5 * noise[i]!);
    const r = simplexLeastSquares(P, y);
    expectOnSimplex(r.weights);
    expect(r.rmse).toBeLessThanOrEqual(gridMinimum(P, y, 200) + 1e-12);
    // KKT: the gradient of ½‖y − Pw‖²/n is the same (−ν) on every positive weight and ≥ it on the zero ones.
    const resid = Float64Array.from(y, (v, i) => blendColumns(P, r.weights)[i]! - v);
    const grad = P.map((p) => p.reduce((s, v, i) => s + v * resid[i]!, 0) / y.length);
    const onFree = grad.filter((_, m) => r.weights[m]! > 0);
    for (const gm of onFree) expect(gm).toBeCloseTo(onFree[0]!, 10);
    grad.forEach((gm, m) => {
      if (r.weights[m] === 0) expect(gm).toBeGreaterThanOrEqual(onFree[0]! - 1e-10);
    });
  });

  it("identical members (singular PᵀP) still give a simplex point with the optimal RMSE", () => {
    const { P, y } = knownBlend();
    const dup = [P[0]!, P[0]!, P[1]!];
    const r = simplexLeastSquares(dup, y);
    expectOnSimplex(r.weights);
    expect(r.weights[0]! + r.weights[1]!).toBeCloseTo(0.7, 9);
    expect(r.rmse).toBeLessThanOrEqual(1e-9);
  });

  it("rejects mismatched rows and no members", () => {
    expect(() => simplexLeastSquares([new Float64Array(3)], new Float64Array(4))).toThrow(/predictions\[0\] has 3 rows, y has 4/);
    expect(() => simplexLeastSquares([], new Float64Array(4))).toThrow(/no ensemble members/);
  });
});

describe("geneticWeights", () => {
  it("known answer within 0.02 with a fixed seed; history never increases", () => {
    const { P, y } = knownBlend();
    const r = geneticWeights(rmseObjective(P, y), 3, { seed: 7 });
    expect(Math.abs(r.weights[0]! - 0.7)).toBeLessThanOrEqual(0.02);
    expect(Math.abs(r.weights[1]! - 0.3)).toBeLessThanOrEqual(0.02);
    expect(r.weights[2]!).toBeLessThanOrEqual(0.02);
    expectOnSimplex(r.weights);
    expect(r.history.length).toBe(121);
    for (let g = 1; g < r.history.length; g++) expect(r.history[g]!).toBeLessThanOrEqual(r.history[g - 1]!);
    expect(r.history[120]).toBe(r.score);
    expect(r.score).toBe(rmse(y, blendColumns(P, r.weights)));
  });

  it("same seed, same weights and history; another seed differs", () => {
    const { P, y } = knownBlend();
    const obj = rmseObjective(P, y);
    const a = geneticWeights(obj, 3, { seed: 3, generations: 15 });
    const b = geneticWeights(obj, 3, { seed: 3, generations: 15 });
    const c = geneticWeights(obj, 3, { seed: 4, generations: 15 });
    expect(Array.from(b.weights)).toEqual(Array.from(a.weights));
    expect(Array.from(b.history)).toEqual(Array.from(a.history));
    expect(Array.from(c.history)).not.toEqual(Array.from(a.history));
  });

  it("classifier objectives: log loss and 1 − macro F1 of the blend; the GA prefers the informative member", () => {
    // 2 classes −1/1; member 0 knows the label (p = 0.8 on the truth), member 1 says 0.5 everywhere.
    const classes = Float64Array.of(-1, 1);
    const y = Float64Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 1 : -1));
    const good = [Float64Array.from(y, (v) => (v === 1 ? 0.2 : 0.8)), Float64Array.from(y, (v) => (v === 1 ? 0.8 : 0.2))];
    const flat = [new Float64Array(200).fill(0.5), new Float64Array(200).fill(0.5)];
    const ll = logLossObjective([good, flat], y, classes);
    expect(ll(Float64Array.of(1, 0))).toBeCloseTo(-Math.log(0.8), 12);
    expect(ll(Float64Array.of(0.5, 0.5))).toBeCloseTo(-Math.log(0.65), 12); // ½·0.8 + ½·0.5 on every true class
    const f1 = macroF1LossObjective([good, flat], y, classes);
    expect(f1(Float64Array.of(1, 0))).toBe(0);
    const r = geneticWeights(ll, 2, { generations: 30 });
    expect(r.weights[0]!).toBeGreaterThan(0.98);
    expect(() => logLossObjective([[good[0]!]], y, classes)).toThrow(/member 0 has 1 probability columns for 2 classes/);
  });

  it("rejects bad parameters by name", () => {
    const obj = () => 0;
    expect(() => geneticWeights(obj, 2, { populationSize: 1 })).toThrow(/populationSize/);
    expect(() => geneticWeights(obj, 2, { mutationRate: 2 })).toThrow(/mutationRate/);
    expect(() => geneticWeights(obj, 2, { elite: 60 })).toThrow(/elite/);
    expect(() => geneticWeights(obj, 0)).toThrow(/nMembers/);
  });
});

describe("optimiseRegressorWeights", () => {
  it("reports both: least squares is never worse than the GA's RMSE", () => {
    const P = [normals(300, 11), normals(300, 12), normals(300, 13), normals(300, 14)];
    const noise = normals(300, 15);
    const y = Float64Array.from(P[0]!, (v, i) => 0.5 * v + 0.2 * P[1]![i]! + 0.3 * P[3]![i]! + noise[i]!);
    const r = optimiseRegressorWeights(P, y, { generations: 40 });
    expectOnSimplex(r.leastSquares.weights);
    expectOnSimplex(r.genetic.weights);
    expect(r.leastSquares.rmse).toBeLessThanOrEqual(r.genetic.score + 1e-12);
    expect(r.genetic.score - r.leastSquares.rmse).toBeLessThan(0.01);
  });
});
