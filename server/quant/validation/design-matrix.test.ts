import { describe, expect, it } from "vitest";
import { designMatrix, standardizeFold, takeRows } from "./design-matrix";

const f64 = (...v: number[]) => Float64Array.from(v);

describe("designMatrix", () => {
  const x0 = f64(NaN, 1, 2, 3, 4, 5);
  const x1 = f64(NaN, NaN, 20, 30, 40, 50);
  const y = f64(0.1, 0.2, 0.3, NaN, 0.5, NaN);

  it("drops rows with a NaN feature or label and keeps each row's bar index", () => {
    const d = designMatrix([x0, x1], y);
    expect(Array.from(d.rows)).toEqual([2, 4]);
    expect(d.X.map((c) => Array.from(c))).toEqual([[2, 4], [20, 40]]);
    expect(Array.from(d.y)).toEqual([0.3, 0.5]);
  });

  it("restricted to a fold's rows", () => {
    const d = designMatrix([x0, x1], y, { rows: Int32Array.from([1, 2, 3]) });
    expect(Array.from(d.rows)).toEqual([2]);
    expect(Array.from(designMatrix([x0], y, { rows: Int32Array.from([4, 1]) }).rows)).toEqual([4, 1]);
  });

  it("±Infinity is an error naming the feature and bar; so are bad sizes and rows", () => {
    expect(() => designMatrix([x0, f64(0, 0, Infinity, 0, 0, 0)], y, { names: ["a", "atr"] })).toThrow(/atr is infinite at bar 2/);
    expect(() => designMatrix([x0], f64(0, 0, -Infinity, 0, 0, 0))).toThrow(/label is infinite at bar 2/);
    expect(() => designMatrix([x0], f64(1))).toThrow(/y has 1 rows, the feature columns have 6/);
    expect(() => designMatrix([x0], y, { rows: Int32Array.from([6]) })).toThrow(/rows\[0\] = 6 is outside 0..5/);
  });

  it("takeRows gathers by index", () => {
    expect(Array.from(takeRows(f64(5, 6, 7), Int32Array.from([2, 0, 2])))).toEqual([7, 5, 7]);
  });
});

describe("standardizeFold", () => {
  it("fits mean and population scale on the training rows; test rows use them", () => {
    const { scaler, train, test } = standardizeFold([f64(1, 2, 3)], [f64(5, -100)]);
    expect(scaler.mean[0]).toBe(2);
    expect(scaler.scale[0]).toBeCloseTo(Math.sqrt(2 / 3), 15);
    expect(Array.from(train[0]!)).toEqual([-1, 0, 1].map((v) => v / Math.sqrt(2 / 3)));
    expect(test[0]![0]).toBeCloseTo(3 / Math.sqrt(2 / 3), 14);
  });

  it("test rows do not influence the fitted statistics", () => {
    const train = [f64(0.5, -1, 3, 8), f64(10, 20, 30, 40)];
    const a = standardizeFold(train, [f64(0), f64(0)]);
    const b = standardizeFold(train, [f64(1e9, -1e9, 7), f64(1e6, 1e6, 1e6)]);
    expect(Array.from(b.scaler.mean)).toEqual(Array.from(a.scaler.mean));
    expect(Array.from(b.scaler.scale)).toEqual(Array.from(a.scaler.scale));
    expect(b.train.map((c) => Array.from(c))).toEqual(a.train.map((c) => Array.from(c)));
    expect(Array.from(a.scaler.mean)).toEqual([2.625, 25]);
  });
});
