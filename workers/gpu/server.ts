/**
 * The GPU worker's entry: `npx tsx workers/gpu/server.ts` (the worker image's CMD). What it
 * serves and how it stops: worker.ts and process.ts; deploying it: docs/deploy.md.
 */
import { runWorkerProcess } from "./process";

await runWorkerProcess();
