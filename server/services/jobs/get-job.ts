import { count, eq } from "drizzle-orm";
import { jobSteps } from "@/db/schema";
import { requirePermission, type TeamCtx } from "../context";
import { jobInTeam } from "./access";

/** One job of the team with how many of its steps have finished. */
export async function getJob({ ctx, input }: { ctx: TeamCtx; input: { id: unknown } }) {
  requirePermission(ctx, "job:read");
  const job = await jobInTeam(ctx.db, ctx, input.id);
  const [steps] = await ctx.db.select({ n: count() }).from(jobSteps).where(eq(jobSteps.jobId, job.id));
  return { ...job, finishedSteps: steps?.n ?? 0 };
}
