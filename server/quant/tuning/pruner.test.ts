import { describe, expect, it } from "vitest";
import { MedianPrunerSchema, medianPrunes, nanPercentile, PrunerSchema, shouldPrune } from "./pruner";
import type { TrialRecord } from "./trial";

const done = (number: number, steps: (number | null)[]): TrialRecord => ({
  number, state: "complete", params: {}, value: 0, intermediate: steps.map((v, s) => [s, v]),
});
const running = (number: number, intermediate: [number, number | null][]): TrialRecord => ({ number, state: "running", params: {}, value: null, intermediate });
const median = MedianPrunerSchema.parse({ kind: "median" });

// five complete trials; at step 1 their values are 1, 2, 3, 4, 10 → median 3
const five = [done(0, [9, 1]), done(1, [9, 2]), done(2, [9, 3]), done(3, [9, 4]), done(4, [9, 10])];

describe("nanPercentile (numpy nanpercentile, linear)", () => {
  it("hand values", () => {
    expect(nanPercentile([4, 1, 3, 2], 50)).toBe(2.5);
    expect(nanPercentile([4, 1, 3, 2], 25)).toBe(1.75);
    expect(nanPercentile([NaN, 5, 1], 50)).toBe(3);
    expect(nanPercentile([NaN], 50)).toBeNaN();
  });
});

describe("median pruner (Optuna 3.1 MedianPruner: n_startup_trials 5, n_warmup_steps 0, interval 1)", () => {
  it("prunes when the best value so far is worse than the complete trials' median at the last step", () => {
    expect(medianPrunes(median, running(5, [[0, 9], [1, 3.5]]), five, "minimize")).toBe(true);
    expect(medianPrunes(median, running(5, [[0, 9], [1, 3]]), five, "minimize")).toBe(false); // equal is not worse
    expect(medianPrunes(median, running(5, [[0, 9], [1, 2.9]]), five, "minimize")).toBe(false);
  });

  it("compares the best value over all the trial's steps, not the value at the last step", () => {
    expect(medianPrunes(median, running(5, [[0, 1], [1, 50]]), five, "minimize")).toBe(false);
  });

  it("maximize: prunes when the best so far is below the median", () => {
    expect(medianPrunes(median, running(5, [[1, 2.5]]), five, "maximize")).toBe(true);
    expect(medianPrunes(median, running(5, [[1, 3.5]]), five, "maximize")).toBe(false);
  });

  it("an even count of values: the median interpolates", () => {
    const four = five.slice(0, 4); // 1, 2, 3, 4 → 2.5
    const p = MedianPrunerSchema.parse({ kind: "median", nStartupTrials: 4 });
    expect(medianPrunes(p, running(5, [[1, 2.6]]), four, "minimize")).toBe(true);
    expect(medianPrunes(p, running(5, [[1, 2.4]]), four, "minimize")).toBe(false);
  });

  it("never before nStartupTrials complete trials, nor without a report, nor where no complete trial reported the step", () => {
    expect(medianPrunes(median, running(4, [[1, 100]]), five.slice(0, 4), "minimize")).toBe(false);
    expect(medianPrunes(median, running(5, []), five, "minimize")).toBe(false);
    expect(medianPrunes(median, running(5, [[7, 100]]), five, "minimize")).toBe(false);
  });

  it("NaN: a trial whose values are all NaN is pruned; NaN among the complete trials is ignored", () => {
    expect(medianPrunes(median, running(5, [[0, null], [1, null]]), five, "minimize")).toBe(true);
    const withNaN = [...five.slice(0, 4), done(4, [9, null])]; // 1, 2, 3, 4 → 2.5
    expect(medianPrunes(median, running(5, [[1, 2.7]]), withNaN, "minimize")).toBe(true);
  });

  it("warm-up and interval: checks only at steps warmup + k·interval, at the first report in each interval", () => {
    const p = MedianPrunerSchema.parse({ kind: "median", nWarmupSteps: 1, intervalSteps: 2 });
    const long = five.map((t) => ({ ...t, intermediate: [0, 1, 2, 3].map((s): [number, number] => [s, t.intermediate[1]![1]! + s]) }));
    // medians at steps 0..3: 3, 4, 5, 6
    expect(medianPrunes(p, running(5, [[0, 100]]), long, "minimize")).toBe(false); // warm-up
    expect(medianPrunes(p, running(5, [[0, 100], [1, 100]]), long, "minimize")).toBe(true); // step 1 opens [1, 3)
    expect(medianPrunes(p, running(5, [[0, 100], [1, 100], [2, 100]]), long, "minimize")).toBe(false); // same interval
    expect(medianPrunes(p, running(5, [[0, 100], [1, 100], [2, 100], [3, 100]]), long, "minimize")).toBe(true);
  });

  it("the 'none' pruner never prunes", () => {
    expect(shouldPrune(PrunerSchema.parse({ kind: "none" }), running(5, [[1, 1e9]]), five, "minimize")).toBe(false);
    expect(shouldPrune(PrunerSchema.parse({ kind: "median" }), running(5, [[1, 1e9]]), five, "minimize")).toBe(true);
  });
});
