import { describe, expect, it } from "vitest";
import { ema, emaReference, sma, smaReference } from "./moving-averages";
import { expectClose, spxSeries } from "./testing";

const spx = spxSeries();
const last = spx.close.length - 1;

describe("sma", () => {
  it("hand-computed small case, warm-up NaN", () => {
    const r = sma(Float64Array.from([1, 2, 3, 4, 5]), 3);
    expect(Array.from(r)).toEqual([NaN, NaN, 2, 3, 4]);
  });
  it("NaN inside the window gives NaN until it leaves", () => {
    const r = sma(Float64Array.from([1, NaN, 3, 4, 5, 6]), 2);
    expect(Array.from(r)).toEqual([NaN, NaN, NaN, 3.5, 4.5, 5.5]);
  });
  it("matches the reference on spx (rel 1e-12) and BENCHMARKS SMA20", () => {
    const r = sma(spx.close, 20);
    expectClose(r, smaReference(spx.close, 20), 1e-12);
    expect(r[last]).toBeCloseTo(2613.104492, 6);
  });
});

describe("ema", () => {
  it("hand-computed small case, seeded with the first value", () => {
    const r = ema(Float64Array.from([2, 4, 6]), 3); // alpha 0.5
    expect(Array.from(r)).toEqual([2, 3, 4.5]);
  });
  it("matches the reference on spx (rel 1e-12) and BENCHMARKS EMA12/EMA26", () => {
    const e12 = ema(spx.close, 12);
    expectClose(e12, emaReference(spx.close, 12), 1e-12);
    expect(e12[last]).toBeCloseTo(2735.843219, 6);
    expect(ema(spx.close, 26)[last]).toBeCloseTo(2719.447204, 6);
  });
});
