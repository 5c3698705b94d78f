/**
 * The `tune` job: a TPE study (server/quant/tuning, Optuna's defaults) over one algorithm's
 * parameters, each trial scored by walk-forward on the last folds (server/quant/training) and
 * pruned by the median rule on its running mean after each fold. One durable step per trial; the
 * study is rebuilt from the finished trials' records, so a resumed job asks exactly what it would
 * have asked. Each trial is a child run; the parent run gets the best trial and the study's views
 * (optimisation history, parameter importances, parallel coordinates) as `study.json`.
 */
import { ModelChoice } from "@/server/quant/models/catalog";
import { fitFold, prepareWalkForward } from "@/server/quant/training/walk-forward";
import { studyViews } from "@/server/quant/tuning/analytics";
import { STUDY_JSON_VERSION, Study } from "@/server/quant/tuning/study";
import type { TrialRecord } from "@/server/quant/tuning/trial";
import { targetTitle } from "@/server/services/backtests/target";
import { flattenParams } from "./params";
import { JOB_INPUT_SCHEMAS, type JobInput } from "./schemas";
import type { JobDefinition } from "./step";

export interface TuneJobResult {
  runId: string;
  trials: number;
  pruned: number;
  best: { number: number; value: number; params: Record<string, unknown> } | null;
}

export const tuneJob: JobDefinition<JobInput<"tune">, TuneJobResult> = {
  input: JOB_INPUT_SCHEMAS.tune,
  async run(step, input, services) {
    await step.progress(0, input.trials, "loading the dataset");
    const target = await services.loadBacktestTarget(input.target);
    const p = prepareWalkForward(target.history, {
      spec: input.features,
      label: input.label,
      splits: { ...input.splits, start: input.target.start ?? target.window.time[0]! },
    });
    const folds = input.lastFolds === null ? p.folds : p.folds.slice(-input.lastFolds);
    const config = { direction: input.direction, space: input.space, sampler: { kind: "tpe" as const, ...input.sampler }, pruner: input.pruner, seed: input.seed };
    const run = await step.run("start-run", () =>
      services.startRun({
        experiment: input.experiment,
        runName: `Tuning ${input.model.algorithm} on ${targetTitle(target)}`.slice(0, 250),
        params: flattenParams({ algorithm: input.model.algorithm, fixed: input.model.params, objective: input.objective, direction: input.direction, trials: input.trials, folds: folds.length, seed: input.seed }),
        tags: { features: p.names.join(","), "foldline.kind": "tune" },
        datasetVersionId: target.loaded.version.id,
        featureSpecHash: p.specHash,
      }),
    );
    const trials: TrialRecord[] = [];
    for (let n = 0; n < input.trials; n++) {
      const record = await step.run(`trial-${n}`, async () => {
        const study = Study.fromJSON({ ...config, version: STUDY_JSON_VERSION, trials });
        const trial = study.ask();
        const child = await services.startRun({ experiment: input.experiment, runName: `trial ${trial.number}`, parentRunId: run.runId, params: flattenParams(trial.params) });
        const model = ModelChoice.parse({ algorithm: input.model.algorithm, params: { ...input.model.params, ...trial.params } });
        let sum = 0;
        let pruned = false;
        for (const [k, fold] of folds.entries()) {
          const r = await fitFold(p, fold, { model, backtest: input.settings });
          sum += r.metrics[input.objective]!;
          study.report(trial.number, k, sum / (k + 1));
          await services.logRun({ runId: child.runId, step: k, metrics: { [`${input.objective}_running_mean`]: sum / (k + 1) } });
          if (k < folds.length - 1 && study.shouldPrune(trial.number)) {
            pruned = true;
            break;
          }
        }
        const done = study.tell(trial.number, pruned ? "pruned" : sum / folds.length);
        await services.logRun({ runId: child.runId, metrics: done.value === null ? {} : { [input.objective]: done.value }, tags: { "foldline.trial_state": done.state } });
        await services.endRun({ runId: child.runId, status: "FINISHED" });
        return done;
      });
      trials.push(record);
      const outcome = `trial ${n}: ${record.state}${record.value === null ? "" : ` ${input.objective} ${record.value.toPrecision(5)}`}`;
      await step.progress(n + 1, input.trials, outcome);
      await step.log(`${outcome} (${Object.entries(record.params).map(([k, v]) => `${k}=${typeof v === "number" ? Number(v.toPrecision(4)) : v}`).join(", ")})`);
    }
    const summary = await step.run("summary", async () => {
      const study = Study.fromJSON({ ...config, version: STUDY_JSON_VERSION, trials });
      const best = study.bestTrial;
      const views = { study: study.toJSON(), ...studyViews(input.space, trials, input.direction, input.seed) };
      await services.putRunFiles({ runId: run.runId, files: { "study.json": new TextEncoder().encode(JSON.stringify(views)) } });
      if (best) await services.logRun({ runId: run.runId, metrics: { [`best_${input.objective}`]: best.value!, best_trial: best.number }, params: flattenParams({ best: best.params }) });
      return { best: best ? { number: best.number, value: best.value!, params: best.params } : null };
    });
    return { runId: run.runId, trials: trials.length, pruned: trials.filter((t) => t.state === "pruned").length, best: summary.best };
  },
};
