/** Hand-computed small cases (worked out on paper in the comments). */
import { describe, expect, it } from "vitest";
import { dayOfMonth, dayOfWeek, month } from "./calendar";
import { bollinger } from "./channels";
import { cci, rsi, stochastic, williamsR } from "./momentum";
import { psar } from "./trend";
import { atr } from "./volatility";
import { obv } from "./volume";

const f = (xs: number[]) => Float64Array.from(xs);
const arr = (x: Float64Array) => Array.from(x);

describe("hand-computed cases", () => {
  it("RSI(2) of 1,2,3,2,4: diffs +1,+1,−1,+2; seed G=1,L=0 → 100; then G=.5,L=.5 → 50; G=1.25,L=.25 → 83.33", () => {
    const r = arr(rsi(f([1, 2, 3, 2, 4]), 2));
    expect(r.slice(0, 2)).toEqual([NaN, NaN]);
    expect(r[2]).toBe(100);
    expect(r[3]).toBeCloseTo(50, 12);
    expect(r[4]).toBeCloseTo(100 - 100 / 6, 12);
  });
  it("ATR(2): TR from bar 1 = 2, 2, 4 → NaN, NaN, 2, 3", () => {
    const r = arr(atr(f([10, 11, 12, 11]), f([8, 9, 10.5, 7]), f([9, 10, 11, 8]), 2));
    expect(r).toEqual([NaN, NaN, 2, 3]);
  });
  it("OBV: closes 1,2,2,1,3 volumes 10..50 → 0, 20, 20, −20, 30", () => {
    expect(arr(obv(f([1, 2, 2, 1, 3]), f([10, 20, 30, 40, 50])))).toEqual([0, 20, 20, -20, 30]);
  });
  it("Stochastic(3,2) and %R(3): HH 5, LL 1 at bar 2 → %K 75, %R −25; bar 3 HH 5 LL 2 → %K 33.3, %D 54.17", () => {
    const h = f([3, 4, 5, 4]);
    const l = f([1, 2, 3, 2]);
    const c = f([2, 3, 4, 3]);
    const { k, d } = stochastic(h, l, c, 3, 2);
    expect(arr(k).slice(0, 2)).toEqual([NaN, NaN]);
    expect(k[2]).toBe(75);
    expect(k[3]).toBeCloseTo(100 / 3, 12);
    expect(d[2]).toBeNaN();
    expect(d[3]).toBeCloseTo((75 + 100 / 3) / 2, 12);
    const w = williamsR(h, l, c, 3);
    expect(w[2]).toBe(-25);
    expect(w[3]).toBeCloseTo(-200 / 3, 12);
  });
  it("CCI(3) with h = l = c = 1,2,3,6 → 100 at both full windows", () => {
    const x = f([1, 2, 3, 6]);
    const r = arr(cci(x, x, x, 3));
    expect(r.slice(0, 2)).toEqual([NaN, NaN]);
    expect(r[2]).toBeCloseTo(100, 9);
    expect(r[3]).toBeCloseTo(100, 9);
  });
  it("Bollinger(3, 2) of 1,2,3: mean 2, population std √(2/3)", () => {
    const b = bollinger(f([1, 2, 3]), 3, 2);
    expect(b.middle[2]).toBeCloseTo(2, 14);
    expect(b.upper[2]).toBeCloseTo(2 + 2 * Math.sqrt(2 / 3), 14);
    expect(b.lower[2]).toBeCloseTo(2 - 2 * Math.sqrt(2 / 3), 14);
    expect(b.upper[1]).toBeNaN();
  });
  it("Parabolic SAR: long from bar 1 at l0 = 9, clamped at 9, 9.12, then reverses to the EP 13 on bar 4", () => {
    const h = f([10, 11, 12, 13, 9]);
    const l = f([9, 10, 11, 12, 8]);
    const c = f([9.5, 10.5, 11.5, 12.5, 8.5]);
    const r = arr(psar(h, l, c));
    expect(r[0]).toBeNaN();
    expect(r[1]).toBe(9);
    expect(r[2]).toBe(9); // 9 + .02·(11 − 9) = 9.04, clamped to min(l1, l0) = 9
    expect(r[3]).toBeCloseTo(9.12, 12); // 9 + .04·(12 − 9)
    expect(r[4]).toBe(13); // 9.12 + .06·(13 − 9.12) = 9.3528 > low 8: reverse to the EP
  });
  it("calendar: 2020-04-17 Fri, 2000-02-29 Tue, 1969-12-31 Wed (negative epoch)", () => {
    const t = f([Date.UTC(2020, 3, 17), Date.UTC(2000, 1, 29, 23, 59), Date.UTC(1969, 11, 31, 12)]);
    expect(arr(dayOfWeek(t))).toEqual([4, 1, 2]);
    expect(arr(month(t))).toEqual([4, 2, 12]);
    expect(arr(dayOfMonth(t))).toEqual([17, 29, 31]);
  });
});
