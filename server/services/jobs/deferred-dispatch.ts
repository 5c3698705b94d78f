import type { Db } from "@/db";
import { type DispatchedJob, getJobDispatcher, type JobDispatcher } from "./dispatch";
import { dispatchQueuedJob } from "./enqueue-job";

/**
 * For jobs queued inside a larger transaction (by the scheduler, by an alert's webhook): the
 * runner must not hear of a job before its row is committed (an Inngest function would look for
 * a row that is not there yet). Pass `dispatcher` to enqueueJob inside the transaction, and call
 * `flush` once it has committed.
 */
export function deferredDispatch(target: JobDispatcher = getJobDispatcher()) {
  const held: DispatchedJob[] = [];
  const dispatcher: JobDispatcher = {
    async requested(job) {
      held.push(job);
    },
    cancelled: (job) => target.cancelled(job),
  };
  return {
    dispatcher,
    /** Hands the held jobs to the runner (each failure is logged and marks its job failed). */
    async flush(db: Db) {
      for (const job of held.splice(0)) {
        await dispatchQueuedJob(db, job, target).catch((err: unknown) => console.error(`job ${job.id}: ${(err as Error).message}`));
      }
    },
  };
}
