import { type Db, getDatabase } from "@/db";
import { inngestDispatcher, type JobDispatcher } from "@/server/services/jobs/dispatch";
import { runDueDriftChecks } from "@/server/services/monitoring/run-due-drift-checks";
import { runDueSchedules } from "@/server/services/schedules/run-due-schedules";
import { inngest } from "./client";

/**
 * Under JOB_RUNNER=inngest: an Inngest cron function runs the scheduler's tick every minute,
 * queueing due retrains and due drift checks (each a `foldline/<kind>.requested` event, sent
 * after its job row is committed), one step each. The tick claims each due run in the database,
 * so an overlapping or repeated invocation queues nothing twice. Answers what both steps did.
 */
export function createRetrainSchedulerFunction({ database = getDatabase, dispatcher = inngestDispatcher }: { database?: () => Promise<{ db: Db }>; dispatcher?: JobDispatcher } = {}) {
  return inngest.createFunction(
    { id: "foldline-retrain-scheduler", name: "Foldline retrain scheduler", triggers: [{ cron: "* * * * *" }], concurrency: [{ limit: 1 }] },
    async ({ step }) => {
      const retrains = await step.run("queue-due-retrains", async () => runDueSchedules({ db: (await database()).db, dispatcher }));
      const driftChecks = await step.run("queue-due-drift-checks", async () => runDueDriftChecks({ db: (await database()).db, dispatcher }));
      return [...retrains, ...driftChecks];
    },
  );
}
