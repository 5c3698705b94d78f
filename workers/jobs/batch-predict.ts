/**
 * The `batch_predict` job: a deployment's primary version scores every bar of a dataset window
 * (server/services/serving/batch-predict.ts) and the answers are written to the job's run as
 * `predictions.csv`.
 */
import { JOB_INPUT_SCHEMAS, type JobInput } from "./schemas";
import type { JobDefinition } from "./step";

export interface BatchPredictJobResult {
  runId: string;
  path: string;
  rows: number;
  scored: number;
  version: { model: string; version: number };
}

export const batchPredictJob: JobDefinition<JobInput<"batch_predict">, BatchPredictJobResult> = {
  input: JOB_INPUT_SCHEMAS.batch_predict,
  async run(step, input, services) {
    await step.progress(0, 2, "starting");
    const run = await step.run("start-run", () =>
      services.startRun({
        experiment: input.experiment,
        runName: `Batch prediction by ${input.deployment}`,
        params: { deployment: input.deployment, dataset: input.target.datasetId, symbol: input.target.symbol ?? "", start: input.target.start ?? "", end: input.target.end ?? "" },
        tags: { "foldline.kind": "batch_predict" },
      }),
    );
    await step.progress(1, 2, "scoring the window");
    const scored = await step.run("score", () => services.batchPredict({ deployment: input.deployment, target: input.target, runId: run.runId, path: input.path }));
    await step.run("log", () => services.logRun({ runId: run.runId, metrics: { rows: scored.rows, scored: scored.scored }, tags: { "foldline.model": scored.version.model, "foldline.model_version": String(scored.version.version) } }));
    await step.progress(2, 2, `${scored.scored} of ${scored.rows} bars scored`);
    return { runId: run.runId, path: scored.path, rows: scored.rows, scored: scored.scored, version: scored.version };
  },
};
