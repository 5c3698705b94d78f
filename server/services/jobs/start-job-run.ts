import { ServiceError } from "../errors";
import type { TeamCtx } from "../context";
import { createExperiment, getExperimentByName } from "../tracking/experiments";
import { logBatch } from "../tracking/log-batch";
import { createRun } from "../tracking/runs";
import { linkJobRun } from "./finish-job";

export interface StartJobRunInput {
  /** Experiment name; created when missing. */
  experiment: string;
  runName: string;
  params?: Record<string, string | number | boolean>;
  tags?: Record<string, string>;
  datasetVersionId?: string;
  featureSpecHash?: string;
  /** A child run (a fold, a trial) of this run; without it, the run is the job's own run. */
  parentRunId?: string;
}

/** The experiment with this name, created when missing (a concurrent creator wins the race). */
async function experimentNamed(ctx: TeamCtx, name: string) {
  try {
    return await getExperimentByName({ ctx, input: { name } });
  } catch (err) {
    if (!(err instanceof ServiceError) || err.code !== "NOT_FOUND") throw err;
  }
  try {
    return await createExperiment({ ctx, input: { name } });
  } catch (err) {
    if (err instanceof ServiceError && err.code === "CONFLICT") return getExperimentByName({ ctx, input: { name } });
    throw err;
  }
}

/**
 * Opens a tracking run for a job with its params, tagged with the job id. The job's own run
 * (no parent) is linked to the job, so its page shows the run and the run ends with the job;
 * child runs (folds, trials) are the job's to end.
 */
export async function startJobRun({ ctx, jobId, input }: { ctx: TeamCtx; jobId: string; input: StartJobRunInput }) {
  const exp = await experimentNamed(ctx, input.experiment);
  const tags = Object.entries({ ...input.tags, "foldline.job_id": jobId }).map(([key, value]) => ({ key, value }));
  const run = await createRun({
    ctx,
    input: {
      experimentId: exp.id,
      runName: input.runName,
      tags,
      parentRunId: input.parentRunId,
      datasetVersionId: input.datasetVersionId,
      featureSpecHash: input.featureSpecHash,
    },
  });
  const params = Object.entries(input.params ?? {}).map(([key, value]) => ({ key, value: String(value) }));
  if (params.length) await logBatch({ ctx, input: { runId: run.id, params } });
  if (!input.parentRunId) await linkJobRun(ctx.db, { jobId, runId: run.id });
  return { runId: run.id, experimentId: exp.id };
}
