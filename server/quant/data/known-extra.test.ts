import { expect, it } from "vitest";
import { SeededRandom } from "./random";
import { knownExtraColumn, knownExtraColumnReference } from "./known-extra";

const D = 86_400_000;

it("uses a value from the bar after it is recorded, carrying sparse values forward", () => {
  const time = Float64Array.from([0, 1, 2, 3, 4, 5].map((d) => d * D));
  const eps = Float64Array.from([NaN, 1.5, NaN, NaN, 1.7, NaN]);
  expect(Array.from(knownExtraColumn(time, eps))).toEqual([NaN, NaN, 1.5, 1.5, 1.5, 1.7]);
});

it("does not see rows sharing the current bar's timestamp (multi-symbol long format)", () => {
  const time = Float64Array.from([0, 0, D, D, 2 * D]);
  const v = Float64Array.from([1, 2, 3, 4, 5]);
  expect(Array.from(knownExtraColumn(time, v))).toEqual([NaN, NaN, 2, 2, 4]);
});

it("equals its reference on random sparse data", () => {
  const rng = new SeededRandom(7);
  const n = 400;
  const time = new Float64Array(n);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    time[i] = (i > 0 ? time[i - 1]! : 0) + (rng.uniform() < 0.2 ? 0 : D);
    values[i] = rng.uniform() < 0.7 ? NaN : rng.normal();
  }
  expect(Array.from(knownExtraColumn(time, values))).toEqual(knownExtraColumnReference(Array.from(time), Array.from(values)));
});

it("never looks ahead: changing rows from t on leaves every value at ≤ t unchanged", () => {
  const rng = new SeededRandom(3);
  const n = 200;
  const time = Float64Array.from({ length: n }, (_, i) => i * D);
  const values = Float64Array.from({ length: n }, () => rng.normal());
  const base = knownExtraColumn(time, values);
  for (const t of [0, 1, 50, 199]) {
    const changed = values.slice();
    for (let i = t; i < n; i++) changed[i] = 1000 + i;
    const after = knownExtraColumn(time, changed);
    expect(Array.from(after.subarray(0, t + 1))).toEqual(Array.from(base.subarray(0, t + 1)));
  }
});
