/**
 * The local runner as its own process, with the retraining scheduler: `npx tsx workers/local/main.ts`. With PostgreSQL it runs
 * beside the web server (and beside other runners: claims skip each other's jobs); with PGlite,
 * which one process owns, it runs instead of the web server (the server starts its own runner).
 * SIGINT/SIGTERM stop it cleanly: each running job finishes and stores the step it is computing
 * (for up to WORKER_DRAIN_TIMEOUT_S), then goes back to the queue and resumes from its finished
 * steps wherever a runner picks it up next. A second signal stops at once. Job log lines go to
 * stdout as `job <id>: <line>`.
 */
import { getDatabase } from "@/db";
import { env } from "@/env";
import { startLocalRunner } from "./runner";
import { startRetrainScheduler } from "./scheduler";

const handle = await getDatabase();
const { db, kind } = handle;
const runner = startLocalRunner({ db, workers: env.JOB_WORKERS, exclusive: kind === "pglite" });
console.log(`Foldline job runner ${runner.owner} on ${kind === "pglite" ? `PGlite (${env.PGLITE_DIR})` : "PostgreSQL"}`);
const scheduler = startRetrainScheduler({ db, intervalMs: env.SCHEDULER_INTERVAL_S * 1000 });
runner.on("log", ({ jobId, line }: { jobId: string; line: string }) => console.log(`job ${jobId}: ${line}`));
runner.on("finished", ({ jobId, status }: { jobId: string; status: string }) => console.log(`job ${jobId}: ${status}`));

let signalled = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (signalled) {
      console.log(`${signal} again: stopping now; running jobs go back to the queue`);
      await runner.stop();
      process.exit(1);
    }
    signalled = true;
    console.log(`${signal}: draining; running steps finish and are stored, then their jobs go back to the queue`);
    scheduler.stop();
    await runner.drain(env.WORKER_DRAIN_TIMEOUT_S * 1000);
    await handle.close();
    process.exit(0);
  });
}
