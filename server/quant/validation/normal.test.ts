import { describe, expect, it } from "vitest";
import { erfc, normCdf, normInv } from "./normal";

// scipy.stats.norm.cdf / norm.ppf (scipy 1.10, Debian bookworm)
const CDF: [number, number][] = [
  [-8, 6.22096057427174e-16], [-5, 2.866515718791933e-7], [-3, 0.0013498980316300933],
  [-2.5, 0.006209665325776132], [-1, 0.15865525393145707], [-0.3, 0.3820885778110474], [0, 0.5],
  [0.5, 0.6914624612740131], [1.96, 0.9750021048517795], [2.9, 0.998134186699616],
  [3.1, 0.9990323967867817], [6, 0.9999999990134123],
];
const PPF: [number, number][] = [
  [1e-12, -7.034483825301131], [1e-5, -4.264890793922825], [0.001, -3.090232306167813],
  [0.02, -2.053748910631823], [0.3, -0.5244005127080409], [0.5, 0], [0.8, 0.8416212335729143],
  [0.975, 1.959963984540054], [0.99, 2.3263478740408408], [0.999999, 4.753424308817087],
];

describe("standard normal", () => {
  it("normCdf matches scipy to 1e-15 absolute (and 1e-12 relative in the tail)", () => {
    for (const [x, p] of CDF) {
      expect(Math.abs(normCdf(x) - p), `Φ(${x})`).toBeLessThanOrEqual(1e-15);
      expect(Math.abs(normCdf(x) - p) / p, `Φ(${x}) rel`).toBeLessThanOrEqual(1e-12);
    }
  });
  it("normInv matches scipy to 1e-13 relative and inverts normCdf", () => {
    for (const [p, x] of PPF) expect(Math.abs(normInv(p) - x), `Φ⁻¹(${p})`).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(x)));
    for (let p = 0.001; p < 1; p += 0.0123) expect(normCdf(normInv(p))).toBeCloseTo(p, 14);
  });
  it("edges", () => {
    expect(normInv(0)).toBe(-Infinity);
    expect(normInv(1)).toBe(Infinity);
    expect(normInv(1.5)).toBeNaN();
    expect(erfc(0)).toBe(1);
    expect(erfc(30)).toBe(0);
    expect(normCdf(NaN)).toBeNaN();
  });
});
