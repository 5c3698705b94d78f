/**
 * W5 (BENCHMARKS.md): 50 TPE trials (seed 0, Optuna's defaults: tuning/tpe.ts) over the W4 model
 * on spx. Space W5_SPACE: learning rate 0.01..0.3 (log), max depth 3..8, min child samples
 * 5..100, feature fraction 0.5..1; fixed: 100 trees, 255 bins, L2 1 (as the peer:
 * ../shared/peers/w5_tuning.py). Objective: the mean test RMSE of the 5-bar forward log return
 * over the last 5 W4 folds (train 36 months, test 3, step 3 from 2000-01-01, label purged:
 * tests 2019Q1..2020Q1); training rows need every feature and the label, test rows too. No
 * pruner (the peer prunes nothing). Timed per run: features, labels, folds and the whole study.
 * n = trials; extra fields: best_rmse, best_trial, best_params, folds, tests.
 */
import { loadSampleDataset } from "@/server/quant/data/sample-datasets";
import { W3_SPEC } from "@/server/quant/features/spec";
import { GbdtRegressor } from "@/server/quant/models/gbdt";
import { prepareWalkForward } from "@/server/quant/training/walk-forward";
import { W5_SPACE } from "@/server/quant/tuning/space";
import { Study } from "@/server/quant/tuning/study";
import { designMatrix } from "@/server/quant/validation/design-matrix";
import { rmse } from "@/server/quant/validation/metrics";
import { benchRuns } from "../args";
import { round, timeWorkload } from "../harness";

const TRIALS = 50;
const FIXED = { nEstimators: 100, maxBins: 255, lambda: 1 };
const bars = loadSampleDataset("spx");

function runW5() {
  const prep = prepareWalkForward(bars, {
    spec: W3_SPEC,
    label: { kind: "regression", horizon: 5 },
    splits: { trainMonths: 36, testMonths: 3, stepMonths: 3, start: "2000-01-01" },
  });
  const folds = prep.folds.slice(-5);
  const data = folds.map((f) => ({
    train: designMatrix(prep.features, prep.label, { rows: f.train, names: prep.names }),
    test: designMatrix(prep.features, prep.label, { rows: f.test, names: prep.names }),
  }));
  const study = Study.create({ space: W5_SPACE, seed: 0, pruner: { kind: "none" } });
  for (let i = 0; i < TRIALS; i++) {
    const trial = study.ask();
    let sum = 0;
    for (const { train, test } of data) {
      const model = new GbdtRegressor({ ...FIXED, ...(trial.params as Record<string, number>) }).fit(train.X, train.y);
      sum += rmse(test.y, model.predict(test.X));
    }
    study.tell(trial.number, sum / data.length);
  }
  return { study, folds };
}

const res = await timeWorkload("W5", TRIALS, { runs: benchRuns() }, runW5, ({ study, folds }) => {
  const best = study.bestTrial!;
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return {
    data: "spx",
    unit: "trials/s",
    trials: TRIALS,
    best_rmse: round(best.value!, 7),
    best_trial: best.number,
    best_params: Object.fromEntries(Object.entries(best.params).map(([k, v]) => [k, typeof v === "number" ? round(v, 6) : v])),
    folds: folds.length,
    tests: `${day(folds[0]!.testStart)}..${day(folds[folds.length - 1]!.testEnd)} (end exclusive)`,
  };
});
console.log(JSON.stringify({ ...res, seconds: round(res.ms / 1000, 3) }));
