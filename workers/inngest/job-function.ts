import { eq } from "drizzle-orm";
import { NonRetriableError } from "inngest";
import { type Db, getDatabase } from "@/db";
import { jobs } from "@/db/schema";
import { JOB_CANCELLED_EVENT, jobRequestedEvent } from "@/server/services/jobs/dispatch";
import { finishJob } from "@/server/services/jobs/finish-job";
import { jobTeamCtx } from "@/server/services/jobs/job-team-ctx";
import { markJobRunning } from "@/server/services/jobs/lease";
import { isRetriable } from "@/workers/jobs/errors";
import { bindJobServices } from "@/workers/jobs/services";
import { createStep, type JobDefinition } from "@/workers/jobs/step";
import { inngest } from "./client";
import { INNGEST_OWNER, inngestStepDriver } from "./step-driver";

/** Jobs of one team that Inngest runs at once, per kind. */
export const TEAM_CONCURRENCY = 2;

export interface JobRequestedData {
  job_id: string;
  team_id: string;
}

/**
 * The Inngest function of one job kind: triggered by `foldline/<kind>.requested` (sent by the
 * enqueue verb once the job row exists), cancelled by `foldline/job.cancelled` with the same
 * job id, at most TEAM_CONCURRENCY runs per team. It only wraps the job definition: the job
 * row's status, progress, logs and result are kept as under the local runner.
 */
export function createJobFunction(kind: string, definition: JobDefinition<any>, { database = getDatabase }: { database?: () => Promise<{ db: Db }> } = {}) {
  const fail = async (jobId: string, error: string) => {
    const { db } = await database();
    await finishJob(db, { jobId, owner: INNGEST_OWNER, outcome: { status: "failed", error } });
  };
  return inngest.createFunction(
    {
      id: `foldline-${kind.replaceAll("_", "-")}`,
      name: `Foldline ${kind} job`,
      triggers: [{ event: jobRequestedEvent(kind) }],
      cancelOn: [{ event: JOB_CANCELLED_EVENT, match: "data.job_id" }],
      concurrency: [{ key: "event.data.team_id", limit: TEAM_CONCURRENCY }],
      retries: 2,
      onFailure: async ({ event, error }) => fail((event.data.event.data as JobRequestedData).job_id, error.message),
    },
    async ({ event, step, attempt }) => {
      const { db } = await database();
      const { job_id: jobId } = event.data as JobRequestedData;
      // Code outside steps runs again on every replay: only what never changes is read here
      // (the job's kind, input, team, creator); its status is decided once, in the first step.
      const [job] = await db.select().from(jobs).where(eq(jobs.id, jobId));
      if (!job) return { skipped: "no such job" };
      const started = await step.run("foldline/start", () => markJobRunning(db, { id: jobId, owner: INNGEST_OWNER }));
      if (!started) return { skipped: "the job was cancelled or had finished before it started" };
      try {
        const env = { ctx: await jobTeamCtx(db, job), jobId };
        const input = definition.input.parse(job.input);
        const driven = createStep(inngestStepDriver(step, { db, env, job, attempt: attempt + 1 }));
        const result = (await definition.run(driven, input, bindJobServices(env))) ?? null;
        await driven.flush();
        await step.run("foldline/finish", () => finishJob(db, { jobId, owner: INNGEST_OWNER, outcome: { status: "succeeded", result } }));
        return result;
      } catch (err) {
        // Bad input, missing data and refused permissions cannot be fixed by retrying.
        if (!isRetriable(err)) throw new NonRetriableError((err as Error).message, { cause: err });
        throw err;
      }
    },
  );
}
