import { z } from "zod";
import { cancelJob } from "@/server/services/jobs/cancel-job";
import { enqueueJob } from "@/server/services/jobs/enqueue-job";
import { getJob } from "@/server/services/jobs/get-job";
import { listJobFolds } from "@/server/services/jobs/job-folds";
import { listJobLogs } from "@/server/services/jobs/job-logs";
import { ListJobsInput, listJobs } from "@/server/services/jobs/list-jobs";
import { getTrainingReport } from "@/server/services/jobs/training-report";
import { getTuningStudy } from "@/server/services/jobs/tuning-study";
import { JobRequest } from "@/workers/jobs/schemas";
import { trainingSchemas } from "../training-schemas";
import { createTRPCRouter, teamProcedure } from "../trpc";

const ById = z.object({ id: z.uuid() });

export const jobsRouter = createTRPCRouter({
  list: teamProcedure("job:read").input(ListJobsInput).query(({ ctx, input }) => listJobs({ ctx: ctx.svc, input })),
  get: teamProcedure("job:read").input(ById).query(({ ctx, input }) => getJob({ ctx: ctx.svc, input })),
  /** Log lines after `after` (the last id the page has), for live tails. */
  logs: teamProcedure("job:read")
    .input(ById.extend({ after: z.number().int().min(0).default(0) }))
    .query(({ ctx, input }) => listJobLogs({ ctx: ctx.svc, input })),
  enqueue: teamProcedure("job:run").input(JobRequest).mutation(({ ctx, input }) => enqueueJob({ ctx: ctx.svc, input })),
  cancel: teamProcedure("job:cancel").input(ById).mutation(({ ctx, input }) => cancelJob({ ctx: ctx.svc, input })),
  /** The child runs (folds, trials) of the job's run with their latest metrics, for live tables. */
  folds: teamProcedure("job:read").input(ById).query(({ ctx, input }) => listJobFolds({ ctx: ctx.svc, input })),
  /** A walk-forward job's out-of-sample equity curve and trades, once it has stored them. */
  trainingReport: teamProcedure("job:read").input(ById).query(({ ctx, input }) => getTrainingReport({ ctx: ctx.svc, input })),
  /** A tune job's trials (live, from its child runs) and its study views (history, importances, parallel coordinates). */
  study: teamProcedure("job:read").input(ById).query(({ ctx, input }) => getTuningStudy({ ctx: ctx.svc, input })),
  /** The JSON Schemas of the training, tuning and model-backtest forms (job inputs, metrics, each algorithm's parameters and default search space). */
  trainingSchemas: teamProcedure("job:read").query(() => trainingSchemas()),
});
