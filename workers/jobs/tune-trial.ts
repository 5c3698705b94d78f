/**
 * One trial of a tuning study, the body that both the `tune` job (trials one after another) and
 * the `tune_trial` job (one trial of a parallel wave, queued by the tune job) run: the trial's
 * model scored by walk-forward on the last folds, its running mean reported after each fold and
 * pruned by the study's pruner, which compares it with the trials finished when it was asked
 * (as Optuna does with concurrent trials); a child run of the tune job's run holds it.
 */
import { ModelChoice } from "@/server/quant/models/catalog";
import { fitFold, type PreparedWalkForward, prepareWalkForward } from "@/server/quant/training/walk-forward";
import type { WalkForwardFold } from "@/server/quant/validation/splits";
import { STUDY_JSON_VERSION, Study } from "@/server/quant/tuning/study";
import type { TrialRecord } from "@/server/quant/tuning/trial";
import type { BacktestTargetData } from "@/server/services/backtests/target";
import { flattenParams } from "./params";
import { JOB_INPUT_SCHEMAS, type JobInput } from "./schemas";
import type { JobDefinition, JobServices } from "./step";

/** The fields of a trial's scoring, as the tune job's and the trial job's inputs both hold them. */
export type TrialScoringInput = Omit<JobInput<"tune_trial">, "parentRunId" | "number" | "trials">;

export interface TuningData {
  target: BacktestTargetData;
  p: PreparedWalkForward;
  /** The folds a trial is scored on (the last `lastFolds`). */
  folds: WalkForwardFold[];
}

/** Loads the bars and lays out the folds every trial is scored on. */
export async function prepareTuning(services: JobServices, input: TrialScoringInput): Promise<TuningData> {
  const target = await services.loadBacktestTarget(input.target);
  const p = prepareWalkForward(target.history, {
    spec: input.features,
    label: input.label,
    splits: { ...input.splits, start: input.target.start ?? target.window.time[0]! },
  });
  return { target, p, folds: input.lastFolds === null ? p.folds : p.folds.slice(-input.lastFolds) };
}

export interface TrialTask {
  parentRunId: string;
  /** The study's trials when this one was asked: the finished ones and its wave's (running). */
  trials: TrialRecord[];
  number: number;
}

/** Computes trial `number` of `trials` (running) fold by fold and records it as a child run;
 * returns the finished trial. */
export async function runTrial(services: JobServices, input: TrialScoringInput, data: TuningData, task: TrialTask): Promise<TrialRecord> {
  const { p, folds } = data;
  const study = Study.fromJSON({ version: STUDY_JSON_VERSION, direction: input.direction, space: input.space, pruner: input.pruner, trials: task.trials });
  const trial = study.trial(task.number);
  const child = await services.startRun({ experiment: input.experiment, runName: `trial ${trial.number}`, parentRunId: task.parentRunId, params: flattenParams(trial.params) });
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
}

/** The `tune_trial` job: one trial of a tune job's parallel wave; its result is the finished trial. */
export const tuneTrialJob: JobDefinition<JobInput<"tune_trial">, TrialRecord> = {
  input: JOB_INPUT_SCHEMAS.tune_trial,
  async run(step, input, services) {
    const data = await prepareTuning(services, input);
    return step.run("trial", () => runTrial(services, input, data, input));
  },
};
