/**
 * The GPU worker as a process (workers/gpu/server.ts): settings from env.ts, the database
 * migrated, the accelerators probed and logged, the server started, and signals handled.
 * SIGTERM or SIGINT drains (the running steps finish and are stored, jobs go back to the
 * queue or Inngest retries them), then exits 0; a second signal exits at once (1), losing only
 * the running steps.
 */
import { getDatabase } from "@/db";
import { env } from "@/env";
import { describeAccelerators, probeAccelerators } from "./accelerators";
import { startWorker, type WorkerOptions } from "./worker";

export async function runWorkerProcess(overrides: Pick<Partial<WorkerOptions>, "definitionsModule"> = {}) {
  const handle = await getDatabase();
  const accelerators = await probeAccelerators();
  const worker = await startWorker({
    runner: env.JOB_RUNNER,
    port: env.WORKER_PORT,
    db: handle.db,
    dbKind: handle.kind,
    accelerators,
    drainTimeoutMs: env.WORKER_DRAIN_TIMEOUT_S * 1000,
    jobWorkers: env.JOB_WORKERS,
    ...overrides,
  });
  const where = handle.kind === "pglite" ? `PGlite (${env.PGLITE_DIR})` : "PostgreSQL";
  console.log(`Foldline worker on port ${worker.port}: ${env.JOB_RUNNER === "local" ? `local job runner on ${where}` : `Inngest functions at /api/inngest, ${where}`}`);
  console.log(`Foldline worker: ${describeAccelerators(accelerators)}`);

  let signalled = false;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      if (signalled) {
        console.log(`${signal} again: exiting now; the running steps are lost, finished steps are kept`);
        process.exit(1);
      }
      signalled = true;
      console.log(`${signal}: draining; running steps finish and are stored (up to ${env.WORKER_DRAIN_TIMEOUT_S} s)`);
      void worker
        .shutdown()
        .then(async ({ drained, cutOff }) => {
          console.log(`stopped: ${drained} job${drained === 1 ? "" : "s"} drained${cutOff ? `, ${cutOff} cut off at the timeout (their running steps run again)` : ""}`);
          await handle.close();
          process.exit(0);
        })
        .catch((err: unknown) => {
          console.error("shutdown failed", err);
          process.exit(1);
        });
    });
  }
  return worker;
}
