import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import { z } from "zod";
import { JOB_STATUSES, jobs } from "@/db/schema";
import { requirePermission, type TeamCtx } from "../context";

export const ListJobsInput = z.object({
  status: z.enum(JOB_STATUSES, { message: `status must be one of ${JOB_STATUSES.join(", ")}` }).optional(),
  kind: z.string().max(100).optional(),
  /** Created before this job (the last of the previous page). */
  before: z.iso.datetime({ offset: true, message: "before must be an ISO date-time" }).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type ListJobsInput = z.input<typeof ListJobsInput>;

/** The team's jobs, newest first, a page at a time. */
export async function listJobs({ ctx, input = {} }: { ctx: TeamCtx; input?: ListJobsInput }) {
  requirePermission(ctx, "job:read");
  const { status, kind, before, limit } = ListJobsInput.parse(input);
  const where: (SQL | undefined)[] = [
    eq(jobs.teamId, ctx.team.id),
    status ? eq(jobs.status, status) : undefined,
    kind ? eq(jobs.kind, kind) : undefined,
    before ? lt(jobs.createdAt, new Date(before)) : undefined,
  ];
  const rows = await ctx.db
    .select()
    .from(jobs)
    .where(and(...where))
    .orderBy(desc(jobs.createdAt))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return { items: page, nextBefore: rows.length > limit ? page[page.length - 1]!.createdAt.toISOString() : null };
}
