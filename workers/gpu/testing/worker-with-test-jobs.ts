/**
 * The worker process of workers/gpu/server.ts with the runners' test job kinds
 * (workers/jobs/testing-jobs.ts) added, for tests that signal a real worker process.
 */
import { TESTING_JOBS_MODULE } from "@/workers/jobs/testing-jobs";
import { runWorkerProcess } from "../process";

await runWorkerProcess({ definitionsModule: TESTING_JOBS_MODULE });
