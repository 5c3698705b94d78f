/**
 * The local runner as its own process: `npx tsx workers/local/main.ts`. With PostgreSQL it runs
 * beside the web server (and beside other runners: claims skip each other's jobs); with PGlite,
 * which one process owns, it runs instead of the web server (the server starts its own runner).
 * SIGINT/SIGTERM stop it cleanly: running jobs go back to the queue and resume from their
 * finished steps wherever a runner picks them up next.
 */
import { getDatabase } from "@/db";
import { env } from "@/env";
import { startLocalRunner } from "./runner";

const { db, kind } = await getDatabase();
const runner = startLocalRunner({ db, workers: env.JOB_WORKERS, exclusive: kind === "pglite" });
console.log(`Foldline job runner ${runner.owner} on ${kind === "pglite" ? `PGlite (${env.PGLITE_DIR})` : "PostgreSQL"}`);
runner.on("finished", ({ jobId, status }: { jobId: string; status: string }) => console.log(`job ${jobId}: ${status}`));

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, async () => {
    console.log(`${signal}: stopping; running jobs go back to the queue`);
    await runner.stop();
    process.exit(0);
  });
}
