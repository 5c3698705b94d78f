import { JOB_DEFINITIONS } from "@/workers/jobs/registry";
import { createJobFunction } from "./job-function";
import { createRetrainSchedulerFunction } from "./scheduler";

/** One Inngest function per job kind (served by app/api/inngest and the GPU worker). */
export const jobFunctions = Object.entries(JOB_DEFINITIONS).map(([kind, definition]) => createJobFunction(kind, definition));

/** Everything Foldline serves to Inngest: the job functions and the retraining scheduler's cron. */
export const inngestFunctions = [...jobFunctions, createRetrainSchedulerFunction()];
