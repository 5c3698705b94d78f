import { JOB_DEFINITIONS } from "@/workers/jobs/registry";
import { createJobFunction } from "./job-function";

/** One Inngest function per job kind (served by app/api/inngest and the GPU worker). */
export const jobFunctions = Object.entries(JOB_DEFINITIONS).map(([kind, definition]) => createJobFunction(kind, definition));
