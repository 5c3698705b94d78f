import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db";
import { driftMonitors, jobs } from "@/db/schema";
import type { TeamCtx } from "../context";
import { ServiceError } from "../errors";
import type { JobDispatcher } from "../jobs/dispatch";
import { enqueueJob } from "../jobs/enqueue-job";
import type { DeploymentRow } from "../serving/access";
import type { DriftMonitorRow } from "./access";

/** The monitor's last check job while it is still queued or running, else null. */
export async function activeDriftCheckJob(tx: Db, monitor: Pick<DriftMonitorRow, "lastJobId">) {
  if (!monitor.lastJobId) return null;
  const [job] = await tx
    .select({ id: jobs.id, status: jobs.status })
    .from(jobs)
    .where(and(eq(jobs.id, monitor.lastJobId), inArray(jobs.status, ["queued", "running"])));
  return job ?? null;
}

/**
 * Inside the caller's transaction (`ctx.db`): queues a `drift_check` job of the deployment as
 * `ctx` (enqueueJob checks `job:run` and audits), with the monitor's settings (defaults without
 * one), and records it as the monitor's last run. CONFLICT while the monitor's previous check is
 * still queued or running. The caller hands the job to the runner after commit.
 */
export async function queueDriftCheck(ctx: TeamCtx, deployment: Pick<DeploymentRow, "name">, monitor: DriftMonitorRow | null, dispatcher: JobDispatcher, at: Date) {
  if (monitor) {
    const active = await activeDriftCheckJob(ctx.db, monitor);
    if (active) throw new ServiceError("CONFLICT", `the last drift check of "${deployment.name}" (job ${active.id}) is still ${active.status}`);
  }
  const job = await enqueueJob({
    ctx,
    input: { kind: "drift_check", input: { deployment: deployment.name, ...(monitor ? { monitorId: monitor.id, settings: monitor.settings } : {}) } },
    dispatcher,
  });
  if (monitor) await ctx.db.update(driftMonitors).set({ lastRunAt: at, lastStatus: "queued", lastReason: null, lastJobId: job.id }).where(eq(driftMonitors.id, monitor.id));
  return job;
}
