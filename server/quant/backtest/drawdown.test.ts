import { describe, expect, it } from "vitest";
import { randomSignal } from "@/server/quant/backtest/random-signal";
import { spxSeries } from "@/server/quant/features/testing";
import { drawdownCurve, drawdownCurveReference } from "./drawdown";
import { allocateBacktestBuffers, backtestKernel } from "./engine";

describe("drawdownCurve", () => {
  it("is 0 at each new high and the fall from the running peak otherwise (worked by hand)", () => {
    // Peaks: max(100, 100) = 100, 110, 110, 121, 121.
    const dd = drawdownCurve(Float64Array.from([100, 110, 99, 121, 60.5]), 100);
    expect(Array.from(dd)).toEqual([0, 0, 99 / 110 - 1, 0, -0.5]);
  });

  it("counts the start cash as the first peak, so a curve that opens below it starts in drawdown", () => {
    expect(Array.from(drawdownCurve(Float64Array.from([90, 95, 100, 80]), 100))).toEqual([90 / 100 - 1, 95 / 100 - 1, 0, 80 / 100 - 1]);
  });

  it("matches the engine's own drawdown on an SPX backtest, and its reference, bit for bit", () => {
    const spx = spxSeries();
    const out = allocateBacktestBuffers(spx.close.length);
    backtestKernel(spx.open, spx.close, randomSignal(spx.close.length, 7, 0.05), 100_000, 0.5, 0.0005, 0.0005, 0.001, out);
    const dd = drawdownCurve(out.equity, 100_000);
    expect(Array.from(dd)).toEqual(Array.from(out.drawdown));
    expect(Math.min(...dd)).toBeLessThan(-0.05);
    expect(Array.from(dd.subarray(0, 2000))).toEqual(drawdownCurveReference(Array.from(out.equity.subarray(0, 2000)), 100_000));
  });
});
