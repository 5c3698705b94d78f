import { eq, inArray, and } from "drizzle-orm";
import type { Db } from "@/db";
import { jobs, registeredModels, retrainSchedules } from "@/db/schema";
import type { TeamCtx } from "../context";
import { ServiceError } from "../errors";
import type { JobDispatcher } from "../jobs/dispatch";
import { enqueueJob } from "../jobs/enqueue-job";
import type { ScheduleRow } from "./access";

/** The schedule's last retrain job while it is still queued or running, else null. */
export async function activeRetrainJob(tx: Db, schedule: ScheduleRow) {
  if (!schedule.lastJobId) return null;
  const [job] = await tx
    .select({ id: jobs.id, status: jobs.status })
    .from(jobs)
    .where(and(eq(jobs.id, schedule.lastJobId), inArray(jobs.status, ["queued", "running"])));
  return job ?? null;
}

/**
 * Inside the caller's transaction (`ctx.db`): queues a `retrain` job of the schedule's model
 * with the schedule's gates and on-pass action, as `ctx` (enqueueJob checks `job:run` and
 * audits), and records it as the schedule's last run. The caller hands the job to the runner
 * after commit (deferredDispatch). CONFLICT while the schedule's previous retrain is still
 * queued or running.
 */
export async function queueScheduledRetrain(ctx: TeamCtx, schedule: ScheduleRow, dispatcher: JobDispatcher, at: Date) {
  const active = await activeRetrainJob(ctx.db, schedule);
  if (active) throw new ServiceError("CONFLICT", `the schedule's last retrain (job ${active.id}) is still ${active.status}`);
  const [model] = await ctx.db.select({ name: registeredModels.name }).from(registeredModels).where(eq(registeredModels.id, schedule.modelId));
  const job = await enqueueJob({
    ctx,
    input: { kind: "retrain", input: { model: model!.name, scheduleId: schedule.id, gates: schedule.gates, onPass: schedule.onPass } },
    dispatcher,
  });
  await ctx.db.update(retrainSchedules).set({ lastRunAt: at, lastStatus: "queued", lastReason: null, lastJobId: job.id }).where(eq(retrainSchedules.id, schedule.id));
  return job;
}
