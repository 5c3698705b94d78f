import { EventEmitter } from "node:events";
import { env } from "@/env";

export interface DispatchedJob {
  id: string;
  teamId: string;
  kind: string;
}

/**
 * How a job reaches its runner once its row is committed. The local runner polls the table, so
 * locally this only wakes it early (same process); under Inngest the events start and cancel
 * the functions (workers/inngest).
 */
export interface JobDispatcher {
  requested(job: DispatchedJob): Promise<void>;
  cancelled(job: DispatchedJob): Promise<void>;
}

const globalForJobs = globalThis as unknown as { foldlineJobSignals?: EventEmitter };
/** Process-wide signals for the local runner: `requested` (job) and `cancelled` (job). */
export const localJobSignals: EventEmitter = (globalForJobs.foldlineJobSignals ??= new EventEmitter().setMaxListeners(50));

export const localDispatcher: JobDispatcher = {
  async requested(job) {
    localJobSignals.emit("requested", job);
  },
  async cancelled(job) {
    localJobSignals.emit("cancelled", job);
  },
};

export const jobRequestedEvent = (kind: string) => `foldline/${kind}.requested` as const;
export const JOB_CANCELLED_EVENT = "foldline/job.cancelled";

/** Inngest events: `foldline/<kind>.requested` and `foldline/job.cancelled`, data { job_id, team_id }. */
export const inngestDispatcher: JobDispatcher = {
  async requested(job) {
    const { inngest } = await import("@/workers/inngest/client");
    await inngest.send({ name: jobRequestedEvent(job.kind), data: { job_id: job.id, team_id: job.teamId } });
  },
  async cancelled(job) {
    const { inngest } = await import("@/workers/inngest/client");
    await inngest.send({ name: JOB_CANCELLED_EVENT, data: { job_id: job.id, team_id: job.teamId } });
  },
};

export const getJobDispatcher = (): JobDispatcher => (env.JOB_RUNNER === "inngest" ? inngestDispatcher : localDispatcher);
