import { type Db, getDatabase } from "@/db";
import { inngestDispatcher, type JobDispatcher } from "@/server/services/jobs/dispatch";
import { runDueSchedules } from "@/server/services/schedules/run-due-schedules";
import { inngest } from "./client";

/**
 * Under JOB_RUNNER=inngest: an Inngest cron function runs the scheduler's tick every minute,
 * queueing due retrains (each a `foldline/retrain.requested` event, sent after its job row is
 * committed). The tick claims each due run in the database, so an overlapping or repeated
 * invocation queues nothing twice.
 */
export function createRetrainSchedulerFunction({ database = getDatabase, dispatcher = inngestDispatcher }: { database?: () => Promise<{ db: Db }>; dispatcher?: JobDispatcher } = {}) {
  return inngest.createFunction(
    { id: "foldline-retrain-scheduler", name: "Foldline retrain scheduler", triggers: [{ cron: "* * * * *" }], concurrency: [{ limit: 1 }] },
    async ({ step }) =>
      step.run("queue-due-retrains", async () => {
        const { db } = await database();
        return runDueSchedules({ db, dispatcher });
      }),
  );
}
