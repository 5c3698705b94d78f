import { describe, expect, it } from "vitest";
import { correlationFilter, pearson, selectTopK } from "./feature-selection";

const f64 = (...v: number[]) => Float64Array.from(v);

describe("selectTopK", () => {
  it("most important first; ties in column order; NaN last; k beyond p takes all", () => {
    const imp = f64(0.1, NaN, 0.5, 0.1, -0.2, 0.5);
    const names = ["a", "b", "c", "d", "e", "f"];
    expect(selectTopK(imp, names, 3)).toEqual({ indices: Int32Array.from([2, 5, 0]), names: ["c", "f", "a"] });
    expect(selectTopK(imp, names, 10).names).toEqual(["c", "f", "a", "d", "e", "b"]);
    expect(selectTopK([Infinity, -Infinity, NaN], ["x", "y", "z"], 3).names).toEqual(["x", "y", "z"]);
  });

  it("refuses bad k and mismatched names", () => {
    expect(() => selectTopK(f64(1, 2), ["a", "b"], 0)).toThrow(/k must be an integer ≥ 1/);
    expect(() => selectTopK(f64(1, 2), ["a"], 1)).toThrow(/names has 1 entries, importances has 2/);
  });
});

describe("pearson", () => {
  it("exact hand cases", () => {
    expect(pearson(f64(1, 2, 3, 4), f64(2, 4, 6, 8))).toBe(1);
    expect(pearson(f64(1, 2, 3, 4), f64(4, 3, 2, 1))).toBe(-1);
    // deviations (−1, 0, 1) and (−1, 1, 0): Σdxdy = 1, Σdx² = Σdy² = 2 → ½
    expect(pearson(f64(1, 2, 3), f64(1, 3, 2))).toBe(0.5);
    expect(pearson(f64(1, 2, 3), f64(7, 7, 7))).toBeNaN();
    expect(pearson(f64(1), f64(2))).toBeNaN();
  });
});

describe("correlationFilter", () => {
  const a = f64(1, 2, 3, 4, 5);
  const b = f64(2, 1, 4, 3, 5);
  it("a duplicate and a negated copy go; the first-seen column stays", () => {
    const r = correlationFilter([a, b, a.slice(), a.map((v) => -3 * v + 1)], ["a", "b", "a2", "neg"], 0.95);
    expect(Array.from(r.indices)).toEqual([0, 1]);
    expect(r.names).toEqual(["a", "b"]);
    expect(r.dropped).toEqual([
      { index: 2, name: "a2", keptIndex: 0, keptName: "a", rho: 1 },
      { index: 3, name: "neg", keptIndex: 0, keptName: "a", rho: -1 },
    ]);
    // ρ(a, b): deviations (−2,−1,0,1,2) and (−1,−2,1,0,2): Σ = 2 + 2 + 0 + 0 + 4 = 8, Σd² = 10 → 0.8
    expect(pearson(a, b)).toBeCloseTo(0.8, 15);
  });

  it("the threshold is strict: |ρ| = 0.5 at threshold 0.5 is kept, at 0.49 dropped", () => {
    const x = f64(1, 2, 3), y = f64(1, 3, 2);
    expect(Array.from(correlationFilter([x, y], ["x", "y"], 0.5).indices)).toEqual([0, 1]);
    expect(correlationFilter([x, y], ["x", "y"], 0.49).dropped).toEqual([{ index: 1, name: "y", keptIndex: 0, keptName: "x", rho: 0.5 }]);
  });

  it("greedy: a ~ b and b ~ c with a ⟂ c keeps a and c; constant columns are kept", () => {
    const e1 = f64(1, -1, 0, 0), e2 = f64(0, 0, 1, -1);
    const sum = e1.map((v, i) => v + e2[i]!); // ρ(e1, sum) = ρ(sum, e2) = 1/√2, ρ(e1, e2) = 0
    const r = correlationFilter([e1, sum, e2, f64(3, 3, 3, 3), f64(3, 3, 3, 3)], ["a", "b", "c", "k1", "k2"], 0.7);
    expect(r.names).toEqual(["a", "c", "k1", "k2"]);
    expect(r.dropped).toHaveLength(1);
    expect(r.dropped[0]!.rho).toBeCloseTo(Math.SQRT1_2, 15);
  });

  it("refuses a bad threshold, non-finite values and mismatched names", () => {
    expect(() => correlationFilter([a], ["a"], 1.5)).toThrow(/threshold must be in \[0, 1\]/);
    expect(() => correlationFilter([a, f64(1, NaN, 3, 4, 5)], ["a", "rsi14"], 0.9)).toThrow(/rsi14 is not finite at row 1/);
    expect(() => correlationFilter([a], [], 0.9)).toThrow(/names has 0 entries, X has 1 features/);
  });
});
