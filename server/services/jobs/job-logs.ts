import { and, asc, eq, gt } from "drizzle-orm";
import { z } from "zod";
import { jobLogs } from "@/db/schema";
import { requirePermission, type TeamCtx } from "../context";
import { jobInTeam } from "./access";

export const JobLogsInput = z.object({
  id: z.unknown(),
  /** Only lines after this one (the last id the caller has), for live tails. */
  after: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(5000).default(1000),
});

/** A job's log lines in order. */
export async function listJobLogs({ ctx, input }: { ctx: TeamCtx; input: z.input<typeof JobLogsInput> }) {
  requirePermission(ctx, "job:read");
  const { id, after, limit } = JobLogsInput.parse(input);
  const job = await jobInTeam(ctx.db, ctx, id);
  return ctx.db
    .select({ id: jobLogs.id, attempt: jobLogs.attempt, line: jobLogs.line, ts: jobLogs.ts })
    .from(jobLogs)
    .where(and(eq(jobLogs.jobId, job.id), gt(jobLogs.id, after)))
    .orderBy(asc(jobLogs.id))
    .limit(limit);
}
