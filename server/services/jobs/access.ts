import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { jobs } from "@/db/schema";
import type { TeamCtx } from "../context";
import { notFound } from "../errors";

export const JobId = z.uuid({ message: "job id must be a job id (uuid)" });

export type JobRow = typeof jobs.$inferSelect;

/** The team's job with this id, or NOT_FOUND (other teams' jobs are not found either). */
export async function jobInTeam(db: Db, ctx: TeamCtx, id: unknown, opts: { forUpdate?: boolean } = {}): Promise<JobRow> {
  const parsed = JobId.safeParse(id);
  if (!parsed.success) throw notFound("job");
  const q = db.select().from(jobs).where(and(eq(jobs.teamId, ctx.team.id), eq(jobs.id, parsed.data)));
  const [row] = await (opts.forUpdate ? q.for("update") : q);
  if (!row) throw notFound("job");
  return row;
}
