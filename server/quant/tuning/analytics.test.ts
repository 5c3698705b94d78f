import { describe, expect, it } from "vitest";
import type { ForestTree } from "../models/random-forest";
import { optimizationHistory, parallelCoordinates, paramImportances, studyViews, treeMainEffects } from "./analytics";
import { SearchSpaceSchema } from "./space";
import { Study } from "./study";
import type { TrialRecord } from "./trial";

const trial = (number: number, state: TrialRecord["state"], value: number | null, params: TrialRecord["params"] = {}): TrialRecord => ({
  number, state, params, value, intermediate: [],
});

describe("optimizationHistory", () => {
  const trials = [trial(0, "complete", 3), trial(1, "pruned", null), trial(2, "complete", 4), trial(3, "complete", 1), trial(4, "failed", null), trial(5, "complete", 2)];
  it("complete trials with the best value so far (minimize and maximize)", () => {
    expect(optimizationHistory(trials, "minimize")).toEqual({ numbers: [0, 2, 3, 5], values: [3, 4, 1, 2], best: [3, 3, 1, 1] });
    expect(optimizationHistory(trials, "maximize").best).toEqual([3, 4, 4, 4]);
  });
});

describe("parallelCoordinates", () => {
  it("complete trials only, one column per parameter in space order", () => {
    const space = SearchSpaceSchema.parse([{ type: "float", name: "x", low: 0, high: 1 }, { type: "categorical", name: "c", choices: ["a", "b"] }]);
    const pc = parallelCoordinates(space, [trial(0, "complete", 5, { x: 0.5, c: "a" }), trial(1, "running", null, { x: 0.1, c: "b" }), trial(2, "complete", 7, { x: 0.9, c: "b" })]);
    expect(pc).toEqual({ params: space, numbers: [0, 2], values: [5, 7], columns: { x: [0.5, 0.9], c: ["a", "b"] } });
  });
});

describe("fANOVA main effects of one tree", () => {
  // [0,1]²: x0 ≤ 0.5 → 0; else x1 ≤ 0.5 → 2, else 4. Volumes ½, ¼, ¼; mean 1.5; variance 2.75.
  // Marginal in x0: 0 | 3 → variance 2.25. Marginal in x1: 1 | 2 → variance 0.25.
  const tree: ForestTree = {
    feature: Int32Array.from([0, -1, 1, -1, -1]),
    threshold: Float64Array.from([0.5, 0, 0.5, 0, 0]),
    nanLeft: new Uint8Array(5),
    left: Int32Array.from([1, -1, 3, -1, -1]),
    right: Int32Array.from([2, -1, 4, -1, -1]),
    value: Float64Array.from([1.5, 0, 3, 2, 4]),
    cover: new Float64Array(5),
  };
  it("variance of each marginal over the tree's variance (hand values)", () => {
    const e = treeMainEffects(tree, [[0, 1], [0, 1]])!;
    expect(e[0]).toBeCloseTo(2.25 / 2.75, 14);
    expect(e[1]).toBeCloseTo(0.25 / 2.75, 14);
  });
  it("a constant tree has none", () => {
    const leaf: ForestTree = { ...tree, feature: Int32Array.from([-1]), value: Float64Array.from([7]) };
    expect(treeMainEffects(leaf, [[0, 1], [0, 1]])).toBeNull();
  });
});

describe("paramImportances", () => {
  const space = SearchSpaceSchema.parse([
    { type: "float", name: "a", low: -1, high: 1 },
    { type: "float", name: "b", low: 0.01, high: 1, log: true },
    { type: "int", name: "noise", low: 0, high: 10 },
    { type: "categorical", name: "c", choices: ["x", "y"] },
  ]);
  it("ranks a strong effect over weak ones and an unused parameter last; sums to 1", () => {
    // Var(4a²) = 16·(1/5 − 1/9) = 1.42; Var(0.3·ln b) over ln b uniform on [ln .01, 0] = 0.16; Var(0.2·[c = x]) = 0.01
    const s = Study.create({ space, sampler: { kind: "random" }, seed: 3 });
    for (let i = 0; i < 150; i++) {
      const t = s.ask();
      const p = t.params as Record<string, number | string>;
      s.tell(t.number, 4 * Number(p.a) ** 2 + 0.3 * Math.log(Number(p.b)) + (p.c === "x" ? 0.2 : 0));
    }
    const imp = paramImportances(space, s.trials);
    expect(imp.map((i) => i.name)).toEqual(["a", "b", "c", "noise"]);
    expect(imp[0]!.importance).toBeGreaterThan(0.8);
    expect(imp[3]!.importance).toBeLessThan(0.01);
    expect(imp.reduce((t, i) => t + i.importance, 0)).toBeCloseTo(1, 12);
  });
  it("empty below 2 complete trials", () => {
    expect(paramImportances(space, [trial(0, "complete", 1, { a: 0, b: 0.1, noise: 1, c: "x" })])).toEqual([]);
  });
});

describe("studyViews", () => {
  it("history, importances and parallel coordinates of one trial list, as each function gives them", () => {
    const space = SearchSpaceSchema.parse([{ type: "float", name: "x", low: 0, high: 1 }, { type: "int", name: "n", low: 1, high: 5 }]);
    const trials = [trial(0, "complete", 0.4, { x: 0.2, n: 1 }), trial(1, "pruned", null, { x: 0.9, n: 5 }), trial(2, "complete", 0.1, { x: 0.7, n: 3 }), trial(3, "complete", 0.3, { x: 0.5, n: 2 })];
    const views = studyViews(space, trials, "minimize", 7);
    expect(views.history).toEqual({ numbers: [0, 2, 3], values: [0.4, 0.1, 0.3], best: [0.4, 0.1, 0.1] });
    expect(views.parallel.columns).toEqual({ x: [0.2, 0.7, 0.5], n: [1, 3, 2] });
    expect(views.importances).toEqual(paramImportances(space, trials, 7));
    expect(views.importances.map((i) => i.name).sort()).toEqual(["n", "x"]);
  });
});
