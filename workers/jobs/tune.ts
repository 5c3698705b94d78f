/**
 * The `tune` job: a TPE study (server/quant/tuning, Optuna's defaults) over one algorithm's
 * parameters, each trial scored by walk-forward on the last folds (server/quant/training) and
 * pruned by the median rule on its running mean after each fold (tune-trial.ts). Each trial is a
 * child run; the parent run gets the best trial and the study's views (optimisation history,
 * parameter importances, parallel coordinates) as `study.json`.
 *
 * Trials go in waves of `parallelism`: the study, rebuilt from the finished trials' records,
 * asks the wave's trials at once (as Optuna's n_jobs samples concurrent trials from the same
 * finished set), so a resumed job asks exactly what it would have asked. With parallelism 1 each
 * trial is one durable step of this job. Otherwise each trial is a `tune_trial` job on the
 * runner's pool (queued in a memoised step, so a resumed job does not queue it twice) and this
 * job waits for the wave with durable sleeps and polls; a failed or cancelled trial job is a
 * failed trial, and cancelling this job cancels the trial jobs still going. This job holds one
 * of the pool's threads meanwhile, so on a pool of one thread (JOB_WORKERS=1), where the trial
 * jobs could never start, it computes the wave's trials itself, one after another, with the same
 * results.
 */
import { studyViews } from "@/server/quant/tuning/analytics";
import { STUDY_JSON_VERSION, Study } from "@/server/quant/tuning/study";
import type { TrialRecord } from "@/server/quant/tuning/trial";
import { targetTitle } from "@/server/services/backtests/target";
import { flattenParams } from "./params";
import { JOB_INPUT_SCHEMAS, type JobInput } from "./schemas";
import { JobCancelledError, type JobDefinition, type JobServices, type Step } from "./step";
import { prepareTuning, runTrial, type TrialScoringInput, type TuningData } from "./tune-trial";

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
    const { trials: total, parallelism, sampler, seed, ...scoring } = input;
    const data = await prepareTuning(services, scoring);
    const { target, p, folds } = data;
    const config = { direction: input.direction, space: input.space, sampler: { kind: "tpe" as const, ...sampler }, pruner: input.pruner, seed };
    const run = await step.run("start-run", () =>
      services.startRun({
        experiment: input.experiment,
        runName: `Tuning ${input.model.algorithm} on ${targetTitle(target)}`.slice(0, 250),
        params: flattenParams({ algorithm: input.model.algorithm, fixed: input.model.params, objective: input.objective, direction: input.direction, trials: total, folds: folds.length, seed }),
        tags: { features: p.names.join(","), "foldline.kind": "tune" },
        datasetVersionId: target.loaded.version.id,
        featureSpecHash: p.specHash,
      }),
    );
    const trials: TrialRecord[] = [];
    for (let w = 0; trials.length < total; w++) {
      const study = Study.fromJSON({ ...config, version: STUDY_JSON_VERSION, trials });
      const numbers = Array.from({ length: Math.min(parallelism, total - trials.length) }, () => study.ask().number);
      const wave: Wave = { w, parentRunId: run.runId, trials: study.trials, numbers };
      const onPool = numbers.length > 1 && (await step.run(`wave-${w}-pool`, () => services.runnerPool({}))).workers !== 1;
      const records = onPool ? await trialsOnPool(step, services, scoring, wave) : await trialsInline(step, services, scoring, data, wave);
      for (const record of records) {
        trials.push(record);
        const outcome = `trial ${record.number}: ${record.state}${record.value === null ? "" : ` ${input.objective} ${record.value.toPrecision(5)}`}`;
        await step.progress(trials.length, total, outcome);
        await step.log(`${outcome} (${Object.entries(record.params).map(([k, v]) => `${k}=${typeof v === "number" ? Number(v.toPrecision(4)) : v}`).join(", ")})`);
      }
    }
    const summary = await step.run("summary", async () => {
      const study = Study.fromJSON({ ...config, version: STUDY_JSON_VERSION, trials });
      const best = study.bestTrial;
      const views = { study: study.toJSON(), ...studyViews(input.space, trials, input.direction, seed) };
      await services.putRunFiles({ runId: run.runId, files: { "study.json": new TextEncoder().encode(JSON.stringify(views)) } });
      if (best) await services.logRun({ runId: run.runId, metrics: { [`best_${input.objective}`]: best.value!, best_trial: best.number }, params: flattenParams({ best: best.params }) });
      return { best: best ? { number: best.number, value: best.value!, params: best.params } : null };
    });
    return { runId: run.runId, trials: trials.length, pruned: trials.filter((t) => t.state === "pruned").length, best: summary.best };
  },
};

/** A wave of trials: the study's trials once they were asked (finished ones, then the wave's,
 * running) and the numbers of the wave's. */
interface Wave {
  w: number;
  parentRunId: string;
  trials: TrialRecord[];
  numbers: number[];
}

/** The wave's trials computed by this job, one durable step each. */
async function trialsInline(step: Step, services: JobServices, scoring: TrialScoringInput, data: TuningData, wave: Wave): Promise<TrialRecord[]> {
  const records: TrialRecord[] = [];
  for (const number of wave.numbers) {
    records.push(await step.run(`trial-${number}`, () => runTrial(services, scoring, data, { parentRunId: wave.parentRunId, trials: wave.trials, number })));
  }
  return records;
}

/** Polls a wave's trial jobs every half second at first, then less often (every poll and every
 * sleep is a stored step), at most every 5 s. */
const wavePollMs = (i: number) => Math.min(5000, 500 * 1.25 ** Math.floor(i / 10));

/** The wave's trials as `tune_trial` jobs on the runner's pool; waits for them all. */
async function trialsOnPool(step: Step, services: JobServices, scoring: TrialScoringInput, wave: Wave): Promise<TrialRecord[]> {
  const { w, parentRunId, trials, numbers } = wave;
  const ids: string[] = [];
  for (const number of numbers) {
    const request = { kind: "tune_trial" as const, input: { ...scoring, parentRunId, number, trials } };
    ids.push((await step.run(`wave-${w}-trial-${number}`, () => services.enqueueChildJob(request))).id);
  }
  try {
    for (let i = 0; ; i++) {
      await step.sleep(`wave-${w}-wait-${i}`, wavePollMs(i));
      const records = await step.run(`wave-${w}-poll-${i}`, async () => {
        const jobs = await services.jobStatuses({ ids });
        if (jobs.length < ids.length || jobs.some((j) => j.status === "queued" || j.status === "running")) return null;
        // A trial job that failed or was cancelled is a failed trial (the sampler and pruner ignore it).
        return jobs.map((j, k): TrialRecord =>
          j.status === "succeeded" ? (j.result as TrialRecord) : { number: numbers[k]!, state: "failed", params: trials[numbers[k]!]!.params, value: null, intermediate: [] },
        );
      });
      if (records) return records;
    }
  } catch (err) {
    if (err instanceof JobCancelledError) await services.cancelJobs({ ids });
    throw err;
  }
}
