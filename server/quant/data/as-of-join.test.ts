import { describe, expect, it } from "vitest";
import { asOfJoin, asOfJoinReference } from "./as-of-join";
import { importCsvFile } from "./csv-import";
import { SeededRandom } from "./random";
import { sampleDatasetPath } from "./sample-datasets";

const d = (s: string) => Date.parse(`${s}T00:00:00Z`);

describe("asOfJoin", () => {
  it("uses a value only from the bar after its timestamp; NaN before the first", () => {
    const bars = Float64Array.from(["2020-01-02", "2020-01-03", "2020-01-06", "2020-01-07", "2020-01-08"].map(d));
    const et = Float64Array.from([d("2019-12-31"), d("2020-01-03"), d("2020-01-04")]);
    const ev = Float64Array.from([1, 2, 3]);
    expect(Array.from(asOfJoin(bars, et, ev))).toEqual([1, 1, 3, 3, 3]);
    // Stamped the same day as the first bar: not visible at that bar.
    expect(Array.from(asOfJoin(bars, Float64Array.of(d("2020-01-02")), Float64Array.of(7)))).toEqual([NaN, 7, 7, 7, 7]);
    expect(Array.from(asOfJoin(bars, new Float64Array(0), new Float64Array(0)))).toEqual([NaN, NaN, NaN, NaN, NaN]);
  });

  it("refuses unsorted extra timestamps and mismatched lengths", () => {
    const bars = Float64Array.of(1, 2);
    expect(() => asOfJoin(bars, Float64Array.of(2, 1), Float64Array.of(0, 0))).toThrow(/not sorted/);
    expect(() => asOfJoin(bars, Float64Array.of(1), Float64Array.of(0, 0))).toThrow(/length/);
  });

  it("matches the reference on spx bars with a random quarterly series", async () => {
    const r = await importCsvFile(sampleDatasetPath("spx"));
    if (!r.ok) throw new Error("spx import failed");
    const bars = r.series.time;
    const rng = createRngLike();
    const et: number[] = [];
    for (let t = d("1999-11-15"); t < d("2020-06-01"); t += (80 + Math.floor(rng() * 20)) * 86_400_000) et.push(t);
    const ev = et.map(() => rng());
    const got = asOfJoin(bars, Float64Array.from(et), Float64Array.from(ev));
    expect(Array.from(got)).toEqual(asOfJoinReference(Array.from(bars), et, ev));
  });

  it("has no look-ahead: changing records stamped at or after bar t changes nothing at ≤ t", () => {
    const rng = createRngLike();
    const bars = Float64Array.from({ length: 300 }, (_, i) => i * 10);
    const et = Float64Array.from({ length: 200 }, (_, i) => i * 15 + (i % 3) * 5); // some equal to bar times
    const ev = Float64Array.from(et, () => rng());
    const base = asOfJoin(bars, et, ev);
    for (const t of [0, 1, 50, 123, 299]) {
      const perturbed = ev.slice();
      for (let j = 0; j < et.length; j++) if (et[j]! >= bars[t]!) perturbed[j] = 1e9 + rng();
      const got = asOfJoin(bars, et, perturbed);
      expect(Array.from(got.subarray(0, t + 1))).toEqual(Array.from(base.subarray(0, t + 1)));
    }
  });
});

function createRngLike(): () => number {
  const rng = new SeededRandom(42);
  return () => rng.uniform();
}
