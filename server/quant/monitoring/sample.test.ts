import { describe, expect, test } from "vitest";
import { evenlySpaced } from "./sample";

describe("evenlySpaced", () => {
  test("keeps every row when there are at most max", () => {
    expect(Array.from(evenlySpaced(4, 4))).toEqual([0, 1, 2, 3]);
    expect(Array.from(evenlySpaced(3, 10))).toEqual([0, 1, 2]);
    expect(Array.from(evenlySpaced(0, 10))).toEqual([]);
  });

  test("spreads max rows over a longer sample: ⌊i·n/max⌋", () => {
    expect(Array.from(evenlySpaced(10, 4))).toEqual([0, 2, 5, 7]);
    expect(Array.from(evenlySpaced(1000, 3))).toEqual([0, 333, 666]);
    const idx = evenlySpaced(1259, 256);
    expect(idx.length).toBe(256);
    expect(idx.every((v, i) => i === 0 || v > idx[i - 1]!)).toBe(true);
    expect(idx[255]).toBe(Math.floor((255 * 1259) / 256));
  });

  test("refuses sizes that are not counts", () => {
    expect(() => evenlySpaced(-1, 3)).toThrow("n must be an integer ≥ 0, got -1");
    expect(() => evenlySpaced(5, 0)).toThrow("max must be an integer ≥ 1, got 0");
  });
});
