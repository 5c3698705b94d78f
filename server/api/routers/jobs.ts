import { z } from "zod";
import { cancelJob } from "@/server/services/jobs/cancel-job";
import { enqueueJob } from "@/server/services/jobs/enqueue-job";
import { getJob } from "@/server/services/jobs/get-job";
import { listJobLogs } from "@/server/services/jobs/job-logs";
import { ListJobsInput, listJobs } from "@/server/services/jobs/list-jobs";
import { JobRequest } from "@/workers/jobs/schemas";
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
});
