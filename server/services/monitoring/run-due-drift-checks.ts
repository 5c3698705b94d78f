import { and, asc, eq, lte } from "drizzle-orm";
import { ZodError } from "zod";
import type { Db } from "@/db";
import { deployments, driftMonitors, teams } from "@/db/schema";
import { nextRun } from "@/server/quant/schedule/cron";
import { raiseAlert } from "../alerts/raise-alert";
import type { Actor } from "../context";
import { ServiceError } from "../errors";
import { deferredDispatch } from "../jobs/deferred-dispatch";
import type { JobDispatcher } from "../jobs/dispatch";
import { jobTeamCtx } from "../jobs/job-team-ctx";
import { activeDriftCheckJob, queueDriftCheck } from "./queue-drift-check";

const SCHEDULER: Actor = { type: "system", label: "scheduler" };

export type DriftTickOutcome = { monitorId: string; queued: string } | { monitorId: string; skipped: string } | { monitorId: string; failed: string };

/**
 * The scheduler tick's drift part (beside runDueSchedules, with the same rules): queues one
 * `drift_check` job for every enabled monitor whose next check is due at `now` and moves its next
 * check to the cron's next time after `now` (missed checks are not caught up). A monitor is
 * claimed by the UPDATE that moves `next_run_at` on the condition that it still holds the value
 * this tick read, so any number of schedulers queue each due check once; the job is queued in the
 * claim's transaction and handed to the runner after commit. A check is skipped while the
 * previous one is queued or running; one that cannot be queued (its saver left the team or lost
 * `job:run`) is recorded as failed and raises an ERROR alert.
 */
export async function runDueDriftChecks({ db, now = new Date(), dispatcher, limit = 100 }: { db: Db; now?: Date; dispatcher?: JobDispatcher; limit?: number }): Promise<DriftTickOutcome[]> {
  const due = await db
    .select({ monitor: driftMonitors, deployment: deployments.name })
    .from(driftMonitors)
    .innerJoin(deployments, eq(deployments.id, driftMonitors.deploymentId))
    .where(and(eq(driftMonitors.enabled, true), lte(driftMonitors.nextRunAt, now)))
    .orderBy(asc(driftMonitors.nextRunAt))
    .limit(limit);
  const outcomes: DriftTickOutcome[] = [];
  for (const { monitor: read, deployment } of due) {
    const deferred = deferredDispatch(dispatcher);
    const outcome = await db.transaction(async (t): Promise<DriftTickOutcome | null> => {
      const tx = t as unknown as Db;
      const [monitor] = await tx
        .update(driftMonitors)
        .set({ nextRunAt: nextRun(read.cron, read.timeZone, now) })
        .where(
          and(
            eq(driftMonitors.id, read.id),
            eq(driftMonitors.enabled, true),
            eq(driftMonitors.nextRunAt, read.nextRunAt!),
            eq(driftMonitors.cron, read.cron),
            eq(driftMonitors.timeZone, read.timeZone),
          ),
        )
        .returning();
      if (!monitor) return null; // claimed by another tick, or changed since it was read
      const active = await activeDriftCheckJob(tx, monitor);
      if (active) return { monitorId: monitor.id, skipped: `its last check (job ${active.id}) is still ${active.status}` };
      try {
        const creator = await jobTeamCtx(tx, monitor);
        const job = await queueDriftCheck(creator, { name: deployment }, monitor, deferred.dispatcher, now);
        return { monitorId: monitor.id, queued: job.id };
      } catch (err) {
        if (!(err instanceof ServiceError || err instanceof ZodError)) throw err;
        const reason = `the drift check due ${read.nextRunAt!.toISOString()} was not queued: ${err.message}`;
        await tx.update(driftMonitors).set({ lastRunAt: now, lastStatus: "failed", lastReason: reason, lastJobId: null }).where(eq(driftMonitors.id, monitor.id));
        return { monitorId: monitor.id, failed: reason };
      }
    });
    await deferred.flush(db);
    if (!outcome) continue;
    outcomes.push(outcome);
    if ("failed" in outcome) await alertNotQueued(db, read, outcome.failed);
  }
  return outcomes;
}

async function alertNotQueued(db: Db, monitor: { id: string; teamId: string; deploymentId: string }, reason: string) {
  const [team] = await db.select({ id: teams.id, slug: teams.slug, name: teams.name }).from(teams).where(eq(teams.id, monitor.teamId));
  if (!team) return;
  await raiseAlert({
    ctx: { db, team, actor: SCHEDULER },
    input: { type: "ERROR", severity: "warning", title: "A scheduled drift check could not start", details: { reason, monitorId: monitor.id }, deploymentId: monitor.deploymentId, key: "drift-check:not-queued" },
  });
}
