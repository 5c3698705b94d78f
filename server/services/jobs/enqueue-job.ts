import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { jobs } from "@/db/schema";
import { JobRequest } from "@/workers/jobs/schemas";
import { recordAudit } from "../audit/record-audit";
import { actorUserId, requirePermission, type TeamCtx, withTx } from "../context";
import { checkJobReferences } from "./check-references";
import { type DispatchedJob, getJobDispatcher, type JobDispatcher } from "./dispatch";

/**
 * Queues a job of a kind with its input, validated by the kind's schema (workers/jobs/schemas.ts;
 * defaults are filled in now, so the job runs with what was asked today), and hands it to the
 * runner. Answers at once; the job runs in the background.
 */
export async function enqueueJob({ ctx, input, dispatcher = getJobDispatcher() }: { ctx: TeamCtx; input: JobRequest; dispatcher?: JobDispatcher }) {
  requirePermission(ctx, "job:run");
  const request = JobRequest.parse(input);
  await checkJobReferences(ctx, request.input);
  const job = await withTx(ctx, async (tx) => {
    const [row] = await tx
      .insert(jobs)
      .values({ teamId: ctx.team.id, kind: request.kind, input: request.input, createdBy: actorUserId(ctx.actor) })
      .returning();
    await recordAudit(tx, ctx, { action: "job.enqueue", targetType: "job", targetId: row!.id, after: { kind: row!.kind, input: row!.input } });
    return row!;
  });
  await dispatchQueuedJob(ctx.db, job, dispatcher);
  return job;
}

/** Hands a committed job to its runner; a job the runner cannot take is marked failed (a job
 * nobody will run must not look queued) and the error is thrown. */
export async function dispatchQueuedJob(db: Db, job: DispatchedJob, dispatcher: JobDispatcher) {
  try {
    await dispatcher.requested(job);
  } catch (err) {
    await db
      .update(jobs)
      .set({ status: "failed", error: `could not hand the job to the runner: ${(err as Error).message}`, finishedAt: new Date(), updatedAt: new Date() })
      .where(eq(jobs.id, job.id));
    throw err;
  }
}
