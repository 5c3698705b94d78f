/**
 * W4 (BENCHMARKS.md): walk-forward on spx, end to end — CSV read, W3 features, 69 folds (train
 * 36 months, test 3, step 3 from 2000-01-01; the 5-bar label purged), a 100-tree GBDT per fold
 * (depth 6, learning rate 0.05, 255 bins, L2 1), each fold backtested alone on sign(prediction)
 * with W2's rules, then permutation importance (5 repeats, R²) on the last fold's test rows.
 * The same functions the `walk_forward` job runs (server/quant/training/walk-forward.ts).
 * n = folds; extra fields: oos_sharpe, oos_rmse, oos_hit_rate, importance_top5.
 */
import { loadSampleDataset } from "@/server/quant/data/sample-datasets";
import { W3_SPEC } from "@/server/quant/features/spec";
import { fitFold, foldImportance, prepareWalkForward, summarizeWalkForward } from "@/server/quant/training/walk-forward";
import { benchRuns } from "../args";
import { round, timeWorkload } from "../harness";

const MODEL = { algorithm: "gbdt" as const, params: { nEstimators: 100, maxDepth: 6, learningRate: 0.05, maxBins: 255, lambda: 1, minChildSamples: 1 } };

async function runW4() {
  const bars = loadSampleDataset("spx");
  const p = prepareWalkForward(bars, {
    spec: W3_SPEC,
    label: { kind: "regression", horizon: 5 },
    splits: { trainMonths: 36, testMonths: 3, stepMonths: 3, start: "2000-01-01" },
  });
  const results = [];
  for (const [i, f] of p.folds.entries()) results.push(await fitFold(p, f, { model: MODEL as never, keepModel: i === p.folds.length - 1 }));
  const summary = summarizeWalkForward(p, results);
  const last = results[results.length - 1]!;
  const importance = foldImportance(p, p.folds[p.folds.length - 1]!, last.model!, { nRepeats: 5, seed: 0 });
  return { p, summary, importance };
}

const res = await timeWorkload("W4", 69, { runs: benchRuns() }, runW4, ({ p, summary, importance }) => ({
  data: "spx",
  unit: "folds/s",
  folds: p.folds.length,
  oos_bars: summary.bars.time.length,
  oos_sharpe: round(summary.oosSharpe, 6),
  oos_rmse: round(summary.metrics.rmse!, 6),
  oos_hit_rate: round(summary.metrics.directional_accuracy!, 4),
  importance_top5: Object.fromEntries(
    [...importance.features].sort((a, b) => b.importance - a.importance).slice(0, 5).map((f) => [f.name, round(f.importance, 6)]),
  ),
}));
console.log(JSON.stringify({ ...res, end_to_end_s: round(res.ms / 1000, 3) }));
