/**
 * The database-side operations jobs may call, by name. They run where the database is: in the
 * local runner's main thread (a worker thread asks for them by message) or in the Inngest
 * function's process. Each takes the job's environment (its team context, acting as its
 * creator) and one structured-clonable argument. A new job kind that needs another operation
 * adds it here. Job modules import only the type of this file (step.ts), never the file.
 */
import { z } from "zod";
import type { TeamCtx } from "@/server/services/context";
import type { ComputedBacktest } from "@/server/services/backtests/compute";
import { recordBacktest } from "@/server/services/backtests/record";
import { BacktestTarget } from "@/server/services/backtests/schemas";
import { type BacktestTargetData, loadBacktestTarget } from "@/server/services/backtests/target";
import { cancelJob } from "@/server/services/jobs/cancel-job";
import { enqueueJob } from "@/server/services/jobs/enqueue-job";
import { jobStatuses } from "@/server/services/jobs/job-statuses";
import { startJobRun, type StartJobRunInput } from "@/server/services/jobs/start-job-run";
import { ServiceError } from "@/server/services/errors";
import type { JobRequest } from "./schemas";
import { recordVersionEvaluation } from "@/server/services/registry/record-evaluation";
import { registerRunModel } from "@/server/services/registry/register-run-model";
import { resolveVersion, VersionSelector } from "@/server/services/registry/resolve-version";
import { readVersionBundle } from "@/server/services/registry/version-bundle";
import { batchPredict, type BatchPredictInput } from "@/server/services/serving/batch-predict";
import { putRunArtifact } from "@/server/services/tracking/artifacts";
import { attemptWebhookDelivery, type AttemptWebhookDeliveryInput } from "@/server/services/alerts/attempt-webhook-delivery";
import { raiseAlert, type RaiseAlertInput } from "@/server/services/alerts/raise-alert";
import { requestProduction, transitionStage } from "@/server/services/registry/stages";
import { evaluateRetrainGates } from "@/server/services/schedules/evaluate-retrain-gates";
import { recordRetrainRun } from "@/server/services/schedules/record-retrain-run";
import { loadRetrainRecipe } from "@/server/services/schedules/retrain-recipe";
import { logBatch } from "@/server/services/tracking/log-batch";
import { updateRun } from "@/server/services/tracking/runs";
import { loadDriftCheckPlan } from "@/server/services/monitoring/drift-check-plan";
import { driftCheckFailed, recordDriftCheckRun, recordDriftReport, type DriftReportInput } from "@/server/services/monitoring/record-drift-report";
import { readRunFileIfAny } from "@/server/services/monitoring/run-file";
import { loadServedFeatures, loadServedPredictions } from "@/server/services/monitoring/served-samples";
import { type JobServices, serviceProxy } from "./step";

export interface JobEnv {
  ctx: TeamCtx;
  jobId: string;
  /** Jobs the local runner computes at once (its pool); absent under Inngest, which has no fixed pool. */
  workers?: number;
}

export interface LogRunInput {
  runId: string;
  /** Non-finite values (stored as null by the backtest records) are left out. */
  metrics?: Record<string, number | null>;
  params?: Record<string, string | number | boolean>;
  tags?: Record<string, string>;
  step?: number;
}

export const JOB_SERVICE_FNS = {
  /** The bars a backtest runs on (dataset version, symbol, window, warm-up history). */
  loadBacktestTarget: (env: JobEnv, target: z.input<typeof BacktestTarget>): Promise<BacktestTargetData> =>
    loadBacktestTarget(env.ctx, BacktestTarget.parse(target)),
  recordBacktest: async (env: JobEnv, r: ComputedBacktest & { target: BacktestTargetData }) => {
    const row = await recordBacktest(env.ctx, r);
    return { id: row.id, title: row.title };
  },
  /** A tracking run tagged with the job (the job's own run, or a child with `parentRunId`). */
  startRun: (env: JobEnv, input: StartJobRunInput) => startJobRun({ ctx: env.ctx, jobId: env.jobId, input }),
  logRun: async (env: JobEnv, { runId, metrics = {}, params = {}, tags = {}, step = 0 }: LogRunInput) => {
    const timestamp = Date.now();
    await logBatch({
      ctx: env.ctx,
      input: {
        runId,
        metrics: Object.entries(metrics).flatMap(([key, value]) => (value === null ? [] : [{ key, value, timestamp, step }])),
        params: Object.entries(params).map(([key, value]) => ({ key, value: String(value) })),
        tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
      },
    });
  },
  /** Ends a child run (the job's own run ends with the job). */
  endRun: async (env: JobEnv, { runId, status }: { runId: string; status: "FINISHED" | "FAILED" | "KILLED" }) => {
    await updateRun({ ctx: env.ctx, input: { runId, status, endTime: Date.now() } });
  },
  /** Queues a job of the team as the job's creator (a tune job's trials); its id. */
  enqueueChildJob: async (env: JobEnv, request: JobRequest) => ({ id: (await enqueueJob({ ctx: env.ctx, input: request })).id }),
  /** The status, result and error of the team's jobs with these ids. */
  jobStatuses: (env: JobEnv, input: { ids: string[] }) => jobStatuses(env.ctx, input),
  /** Cancels those of these jobs still queued or running (the others are left as they are). */
  cancelJobs: async (env: JobEnv, { ids }: { ids: string[] }) => {
    for (const id of ids) {
      await cancelJob({ ctx: env.ctx, input: { id } }).catch((err: unknown) => {
        if (!(err instanceof ServiceError && err.code === "CONFLICT")) throw err;
      });
    }
  },
  /** How many jobs the runner computes at once: null where that is not a fixed pool (Inngest). */
  runnerPool: async (env: JobEnv, _: Record<string, never>) => ({ workers: env.workers ?? null }),
  /** A run's artifact, or null when it has none at that path. */
  readRunFile: (env: JobEnv, input: { runId: string; path: string }) => readRunFileIfAny(env.ctx, input),
  /** Stores files as artifacts of a run (path → bytes). */
  putRunFiles: async (env: JobEnv, { runId, files }: { runId: string; files: Record<string, Uint8Array> }) => {
    for (const [path, bytes] of Object.entries(files)) await putRunArtifact({ ctx: env.ctx, input: { runId, path, bytes } });
  },
  /** Registers the model a run stored under model/ as a new version (the model is created when missing). */
  registerRunModel: (env: JobEnv, input: { model: string; runId: string; description?: string }) => registerRunModel(env.ctx, input),
  /** POSTs a pending alert delivery to the team's webhook once (the webhook_delivery job's attempts). */
  attemptWebhookDelivery: (env: JobEnv, input: z.input<typeof AttemptWebhookDeliveryInput>) => attemptWebhookDelivery(env.ctx, input),
  /** A registered model's Production training recipe, window moved to the latest data (retrain). */
  loadRetrainRecipe: (env: JobEnv, input: { model: string }) => loadRetrainRecipe(env.ctx, input),
  evaluateRetrainGates: (env: JobEnv, input: Parameters<typeof evaluateRetrainGates>[1]) => evaluateRetrainGates(env.ctx, input),
  /** The status of this job's schedule run (written only while the schedule's last job is this one). */
  recordRetrainRun: (env: JobEnv, input: Omit<Parameters<typeof recordRetrainRun>[1], "jobId">) => recordRetrainRun(env.ctx, { ...input, jobId: env.jobId }),
  requestProduction: async (env: JobEnv, input: { name: string; version: number; comment?: string }) => {
    const request = await requestProduction({ ctx: env.ctx, input });
    return { id: request.id };
  },
  transitionStage: async (env: JobEnv, input: { name: string; version: number; stage: "None" | "Staging" | "Archived" }) => {
    await transitionStage({ ctx: env.ctx, input });
  },
  /** Raises (or, while unresolved, repeats) an alert as the job's creator. */
  raiseAlert: async (env: JobEnv, input: RaiseAlertInput) => {
    const { alert, created } = await raiseAlert({ ctx: env.ctx, input });
    return { id: alert.id, created };
  },
  /** A version's name, number, ONNX graph and signature (by number, alias, or Production). */
  loadVersionBundle: async (env: JobEnv, selector: z.input<typeof VersionSelector>) => {
    const { model, version } = await resolveVersion(env.ctx, selector);
    const bundle = await readVersionBundle(env.ctx, { model: model.name, version: version.version, runId: version.runId, source: version.source });
    return { name: model.name, version: version.version, ...bundle };
  },
  /** Records on a version how it did on a dataset (cross-ticker evaluation). */
  recordVersionEvaluation: (env: JobEnv, input: Parameters<typeof recordVersionEvaluation>[1]) => recordVersionEvaluation(env.ctx, input),
  /** A deployment's primary version scoring a dataset window into a CSV on the run. */
  batchPredict: (env: JobEnv, input: z.input<typeof BatchPredictInput>) => batchPredict({ ctx: env.ctx, input }),
  /** A deployment's primary version now, its signature, validation figures and training window (drift_check). */
  loadDriftCheckPlan: (env: JobEnv, input: { deployment: string }) => loadDriftCheckPlan(env.ctx, input),
  /** The feature vectors a version scored at a deployment recently (the prediction log). */
  loadServedFeatures: (env: JobEnv, input: Parameters<typeof loadServedFeatures>[1]) => loadServedFeatures(env.ctx, input),
  /** A version's logged predictions of bars (bar time, prediction), for realised outcomes. */
  loadServedPredictions: (env: JobEnv, input: Parameters<typeof loadServedPredictions>[1]) => loadServedPredictions(env.ctx, input),
  /** Stores a drift report and raises its alerts; the monitor's run (if any) succeeded. */
  recordDriftReport: (env: JobEnv, input: Omit<DriftReportInput, "jobId">) => recordDriftReport(env.ctx, { ...input, jobId: env.jobId }),
  /** The status of this job's monitor run (written only while the monitor's last job is this one). */
  recordDriftCheckRun: (env: JobEnv, input: Omit<Parameters<typeof recordDriftCheckRun>[1], "jobId">) => recordDriftCheckRun(env.ctx, { ...input, jobId: env.jobId }),
  /** Records a failed monitor check and raises an ERROR alert on its deployment. */
  driftCheckFailed: (env: JobEnv, input: { monitorId: string; reason: string }) => driftCheckFailed(env.ctx, { ...input, jobId: env.jobId }),
} satisfies Record<string, (env: JobEnv, args: never) => Promise<unknown>>;

export type JobServiceFns = typeof JOB_SERVICE_FNS;
export type JobServiceName = keyof JobServiceFns;

/** Runs one service for a job; an unknown name is an error naming it. */
export function callJobService(env: JobEnv, name: string, args: unknown): Promise<unknown> {
  if (!Object.hasOwn(JOB_SERVICE_FNS, name)) throw new Error(`no job service "${name}"; add it to workers/jobs/services.ts`);
  return (JOB_SERVICE_FNS[name as JobServiceName] as (env: JobEnv, args: unknown) => Promise<unknown>)(env, args);
}

/** The services bound to one job's environment, called in-process. */
export const bindJobServices = (env: JobEnv): JobServices => serviceProxy((name, args) => callJobService(env, name, args));
