/**
 * The W4 pipeline's pieces on the real S&P 500 series, with a Ridge model in place of the GBDT:
 * W3 features, the 5-bar forward log return, the last W4 walk-forward fold (test 2020Q1),
 * permutation importance (R², 5 repeats) on its test rows, then feature selection. Daily
 * returns are close to unpredictable, so only structure and definitional facts are asserted.
 */
import { describe, expect, it } from "vitest";
import { loadSampleDataset } from "../data/sample-datasets";
import { isoOf } from "../data/series-builder";
import { computeFeatures, W3_SPEC } from "../features/spec";
import { correlationFilter, selectTopK } from "../models/feature-selection";
import { Ridge } from "../models/linear";
import { designMatrix } from "../validation/design-matrix";
import { forwardLogReturn } from "../validation/labels";
import { r2 } from "../validation/metrics";
import { walkForwardSplits } from "../validation/splits";
import { importanceBand, permutationImportance } from "./permutation-importance";

const H = 5;

describe("spx: W3 features → last W4 fold → Ridge → permutation importance", () => {
  const s = loadSampleDataset("spx");
  const { columns, names } = computeFeatures(W3_SPEC, s);
  const y = forwardLogReturn(s.close, H);
  const folds = walkForwardSplits(s.time, { trainMonths: 36, testMonths: 3, stepMonths: 3, start: "2000-01-01", labelHorizon: H });
  const fold = folds[folds.length - 1]!;
  const train = designMatrix(columns, y, { rows: fold.train, names });
  const test = designMatrix(columns, y, { rows: fold.test, names });
  const model = new Ridge({ alpha: 10, standardize: true }).fit(train.X, train.y);

  it("the fold: 2017–2019 training, 2020Q1 test; no training label reaches the test window", () => {
    expect(folds).toHaveLength(69);
    expect([fold.trainStart, fold.testStart, fold.testEnd].map(isoOf)).toEqual(["2017-01-01", "2020-01-01", "2020-04-01"]);
    // 754 window bars less 5 purged; no warm-up NaN this late, every label exists
    expect(train.rows.length).toBe(749);
    expect(test.rows.length).toBe(62);
    expect(train.rows[train.rows.length - 1]! + H).toBeLessThan(test.rows[0]!);
    expect(Array.from(test.rows)).toEqual(Array.from(fold.test));
  });

  it("importance of every W3 feature, deterministic, banded by its value", () => {
    const opts = { metric: "r2", nRepeats: 5, seed: 0, names } as const;
    const res = permutationImportance(model, test.X, test.y, opts);
    expect(res.baseline).toBe(r2(test.y, model.predict(test.X)));
    expect(res.baseline).toBeLessThan(0.1); // no real skill on 5-day returns
    expect(res.features.map((f) => f.name)).toEqual(names);
    expect(names).toHaveLength(20);
    for (const f of res.features) {
      expect(Number.isFinite(f.importance)).toBe(true);
      expect(f.drops).toHaveLength(5);
      expect(f.std).toBeGreaterThanOrEqual(0);
      expect(f.band).toBe(importanceBand(f.importance));
    }
    expect(permutationImportance(model, test.X, test.y, opts)).toEqual(res);

    const top = selectTopK(res.features.map((f) => f.importance), names, 3);
    const best = Math.max(...res.features.map((f) => f.importance));
    expect(res.features[top.indices[0]!]!.importance).toBe(best);
    expect(new Set(top.names).size).toBe(3);
  });

  it("correlation filter at 0.99 drops exactly the definitional copies: bb_middle = sma20, willr14 = stoch_k − 100", () => {
    const r = correlationFilter(train.X, names, 0.99);
    expect(r.dropped.map((d) => [d.name, d.keptName])).toEqual([["bb_middle", "sma20"], ["willr14", "stoch_k"]]);
    for (const d of r.dropped) expect(d.rho).toBeCloseTo(1, 12);
    expect(r.names).toHaveLength(18);
  });
});
