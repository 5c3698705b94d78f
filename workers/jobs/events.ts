import { cancelJob } from "@/server/services/jobs/cancel-job";
import { enqueueJob } from "@/server/services/jobs/enqueue-job";
import type { JobEnv } from "@/workers/jobs/services";
import { type JobEvent, NonRetriableError } from "@/workers/jobs/step";

const REQUESTED = /^foldline\/([a-z_]+)\.requested$/;

/**
 * What `step.sendEvent` does under the local runner, for the events Foldline defines (the
 * Inngest runner sends them to Inngest instead): `foldline/<kind>.requested` queues a job of
 * that kind in the same team (data is its input), `foldline/job.cancelled` cancels
 * `data.job_id`. Both act as the job's creator, through the audited verbs.
 */
export async function sendLocalJobEvent(env: JobEnv, event: JobEvent): Promise<void> {
  const requested = REQUESTED.exec(event.name);
  if (requested) {
    await enqueueJob({ ctx: env.ctx, input: { kind: requested[1], input: event.data } as never });
    return;
  }
  if (event.name === "foldline/job.cancelled") {
    await cancelJob({ ctx: env.ctx, input: { id: event.data.job_id } });
    return;
  }
  throw new NonRetriableError(`the local runner knows no event "${event.name}"`);
}
