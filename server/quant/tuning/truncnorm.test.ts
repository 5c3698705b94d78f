import { describe, expect, it } from "vitest";
import { normCdf } from "../validation/normal";
import { logGaussMass, logNdtr, ndtriExp, truncnormLogPdf, truncnormPpf } from "./truncnorm";

// Reference values: optuna 3.1.0 `samplers/_tpe/_truncnorm.py` (numpy), printed with repr.
describe("truncated normal (Optuna 3.1 _truncnorm)", () => {
  it("log Φ in the far left tail (asymptotic series), the body and the right tail", () => {
    const cases: [number, number][] = [
      [-40, -804.6084420137538],
      [-25, -316.6394080080202],
      [-20.5, -214.0667289632638],
      [-5, -15.064998393988724],
      [0, -0.6931471805599453],
      [3, -0.0013508099647482027],
      [7, -1.279812543885835e-12],
    ];
    for (const [a, want] of cases) expect(logNdtr(a)).toBeCloseTo(want, 12);
  });

  it("log mass of [a, b]: left, right (by symmetry) and central cases", () => {
    const cases: [number, number, number][] = [
      [-3, -1, -1.8495664205476083],
      [0.5, 2, -1.2525070775159308],
      [-1, 2, -0.20016629432446262],
      [-30, -25, -316.6394080080202],
      [25, 30, -316.6394080080202],
      [-100, 100, 0],
      [-0.1, 0.1, -2.5300420015472382],
    ];
    for (const [a, b, want] of cases) expect(logGaussMass(a, b)).toBeCloseTo(want, 11);
  });

  it("quantiles match Optuna's bisection to 1e-9, tails included", () => {
    const cases: [number, number, number, number][] = [
      [0.3, -1, 2, -0.24240381788922666],
      [0.9, 0.5, 3, 1.8512240709778358],
      [0.01, -30, -25, -25.183244039412372],
      [0.5, 25, 30, 25.027666476956796],
      [0.999, -100, 100, 3.090232306167797],
    ];
    for (const [q, a, b, want] of cases) expect(truncnormPpf(q, a, b)).toBeCloseTo(want, 9);
    expect(truncnormPpf(0, -1, 2)).toBe(-1);
    expect(truncnormPpf(1, -1, 2)).toBe(2);
  });

  it("the quantile inverts the truncated CDF", () => {
    const [a, b] = [-0.7, 1.9];
    const z = normCdf(b) - normCdf(a);
    for (const q of [0.001, 0.2, 0.5, 0.77, 0.999]) expect((normCdf(truncnormPpf(q, a, b)) - normCdf(a)) / z).toBeCloseTo(q, 12);
  });

  it("Φ⁻¹(e^y) in the lower tail, near 1, and beyond exp's range (bisection)", () => {
    expect(ndtriExp(Math.log(0.025))).toBeCloseTo(-1.9599639845400545, 12); // scipy norm.ppf(0.025)
    expect(ndtriExp(Math.log1p(-1e-12))).toBeCloseTo(7.034483825301131, 8); // scipy norm.isf(1e-12)
    expect(ndtriExp(logNdtr(-45))).toBeCloseTo(-45, 9);
  });

  it("the density integrates to 1 over [a, b] and is −∞ outside", () => {
    const [a, b] = [-2.5, 0.4];
    const n = 20_000;
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.exp(truncnormLogPdf(a + ((i + 0.5) * (b - a)) / n, a, b)) * ((b - a) / n);
    expect(s).toBeCloseTo(1, 8);
    expect(truncnormLogPdf(0.41, a, b)).toBe(-Infinity);
    expect(truncnormLogPdf(-2.51, a, b)).toBe(-Infinity);
  });
});
