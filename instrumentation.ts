/** Runs once when the server starts: migrations (inside getDatabase), the local job runner and
 * the retraining scheduler (JOB_RUNNER=local) and the demo seed. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getDatabase } = await import("./db");
  const { env } = await import("./env");
  const { db, kind } = await getDatabase();
  console.log(`Foldline: database ${kind === "pglite" ? `PGlite (${env.PGLITE_DIR})` : "PostgreSQL"} migrated; job runner ${env.JOB_RUNNER}`);
  if (env.JOB_RUNNER === "local") {
    if (env.JOB_WORKERS === 0) {
      console.log(
        kind === "pglite"
          ? "Foldline: warning: JOB_WORKERS=0 on PGlite: jobs are queued, but no other process can open this database to compute them"
          : "Foldline: JOB_WORKERS=0: jobs are queued here and computed by a worker process on the same database",
      );
    } else {
      // Once per process (startLocalRunner keeps it on globalThis); jobs compute on worker threads.
      const { startLocalRunner } = await import("./workers/local/runner");
      startLocalRunner({ db, workers: env.JOB_WORKERS, exclusive: kind === "pglite" });
    }
    // Retraining schedules: due runs are queued exactly once, however many processes tick.
    const { startRetrainScheduler } = await import("./workers/local/scheduler");
    startRetrainScheduler({ db, intervalMs: env.SCHEDULER_INTERVAL_S * 1000 });
  }
  if (env.FOLDLINE_SEED_DEMO === "true") {
    const { seedDemo, DEMO_ADMIN, DEMO_TEAM } = await import("./db/seed");
    const { created, datasets } = await seedDemo(db);
    console.log(
      `Foldline: demo team "${DEMO_TEAM.slug}" ${created ? "created" : "present"}${datasets.length ? ` (seeded ${datasets.join(", ")})` : ""}; sign in as ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}`,
    );
  }
}
