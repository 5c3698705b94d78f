import { describe, expect, it } from "vitest";
import { SeededRandom } from "./random";

describe("SeededRandom.shuffle", () => {
  it("is a seeded Fisher–Yates permutation: same seed same order, every index once", () => {
    const order = (seed: number) => {
      const a = Uint32Array.from({ length: 50 }, (_, i) => i);
      new SeededRandom(seed).shuffle(a);
      return Array.from(a);
    };
    expect(order(7)).toEqual(order(7));
    expect(order(7)).not.toEqual(order(8));
    expect([...order(7)].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it("draws j = int(i + 1) from the end: on two items it swaps exactly when the first draw is < 1/2", () => {
    const a = Uint32Array.of(0, 1);
    const u = new SeededRandom(3).uniform();
    new SeededRandom(3).shuffle(a);
    expect(Array.from(a)).toEqual(u < 0.5 ? [1, 0] : [0, 1]);
  });
});
