import type { GetStepTools } from "inngest";
import type { Db } from "@/db";
import { appendJobLogs, setJobProgress } from "@/server/services/jobs/job-output";
import { sendJobEvent } from "@/workers/jobs/events";
import type { JobEnv } from "@/workers/jobs/services";
import type { StepDriver } from "@/workers/jobs/step";
import type { inngest } from "./client";

/** The lease owner written on jobs that Inngest runs (it keeps its own state; no lease). */
export const INNGEST_OWNER = "inngest";

type InngestStep = GetStepTools<typeof inngest>;

/**
 * Our Step rules over Inngest's step tools: Inngest memoises `step.run` results and replays the
 * function for each new step, and cancels a run between steps on `foldline/job.cancelled`, so
 * the signal never aborts. Logs and progress go to the job's rows directly (createStep keeps
 * replays from writing them twice); events go through the job verbs as under the local runner.
 */
export function inngestStepDriver(step: InngestStep, { db, env, job, attempt }: { db: Db; env: JobEnv; job: { id: string; teamId: string }; attempt: number }): StepDriver {
  return {
    signal: new AbortController().signal,
    attempt,
    memo: <T>(id: string, fn: () => Promise<T>) => step.run(id, fn) as Promise<T>,
    sleep: (id, ms) => step.sleep(id, ms),
    sendEvent: async (id, event) => {
      await step.run(id, () => sendJobEvent(env, event));
    },
    writeLogs: (lines) => appendJobLogs(db, { job, attempt, lines }),
    writeProgress: async (p) => {
      await setJobProgress(db, { jobId: job.id, owner: INNGEST_OWNER, ...p });
    },
  };
}
