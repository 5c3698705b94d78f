/**
 * The local runner as its own process, with the retraining scheduler: `npx tsx workers/local/main.ts`. With PostgreSQL it runs
 * beside the web server (and beside other runners: claims skip each other's jobs); with PGlite,
 * which one process owns, it runs instead of the web server (the server starts its own runner).
 * SIGINT/SIGTERM stop it cleanly: running jobs go back to the queue and resume from their
 * finished steps wherever a runner picks them up next.
 */
import { getDatabase } from "@/db";
import { env } from "@/env";
import { startLocalRunner } from "./runner";
import { startRetrainScheduler } from "./scheduler";

const { db, kind } = await getDatabase();
const runner = startLocalRunner({ db, workers: env.JOB_WORKERS, exclusive: kind === "pglite" });
console.log(`Foldline job runner ${runner.owner} on ${kind === "pglite" ? `PGlite (${env.PGLITE_DIR})` : "PostgreSQL"}`);
const scheduler = startRetrainScheduler({ db, intervalMs: env.SCHEDULER_INTERVAL_S * 1000 });
runner.on("finished", ({ jobId, status }: { jobId: string; status: string }) => console.log(`job ${jobId}: ${status}`));

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, async () => {
    console.log(`${signal}: stopping; running jobs go back to the queue`);
    scheduler.stop();
    await runner.stop();
    process.exit(0);
  });
}
