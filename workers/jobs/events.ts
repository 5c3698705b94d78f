import { cancelJob } from "@/server/services/jobs/cancel-job";
import { enqueueJob } from "@/server/services/jobs/enqueue-job";
import type { JobEnv } from "./services";
import { type JobEvent, NonRetriableError } from "./step";

const REQUESTED = /^foldline\/([a-z_]+)\.requested$/;

/**
 * What `step.sendEvent` does, under either runner, for the events Foldline defines:
 * `foldline/<kind>.requested` queues a job of that kind in the same team (data is its input),
 * `foldline/job.cancelled` cancels `data.job_id`. Both act as the job's creator, through the
 * audited verbs, whose dispatcher then wakes the local runner or sends the Inngest event (so an
 * Inngest function's event always names a job row that exists).
 */
export async function sendJobEvent(env: JobEnv, event: JobEvent): Promise<void> {
  const requested = REQUESTED.exec(event.name);
  if (requested) {
    await enqueueJob({ ctx: env.ctx, input: { kind: requested[1], input: event.data } as never });
    return;
  }
  if (event.name === "foldline/job.cancelled") {
    await cancelJob({ ctx: env.ctx, input: { id: event.data.job_id } });
    return;
  }
  throw new NonRetriableError(`Foldline jobs know no event "${event.name}"`);
}
