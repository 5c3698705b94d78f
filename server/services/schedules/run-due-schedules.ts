import { and, asc, eq, lte } from "drizzle-orm";
import { ZodError } from "zod";
import type { Db } from "@/db";
import { retrainSchedules, teams } from "@/db/schema";
import { nextRun } from "@/server/quant/schedule/cron";
import { raiseAlert } from "../alerts/raise-alert";
import type { Actor } from "../context";
import { ServiceError } from "../errors";
import { deferredDispatch } from "../jobs/deferred-dispatch";
import type { JobDispatcher } from "../jobs/dispatch";
import { jobTeamCtx } from "../jobs/job-team-ctx";
import { activeRetrainJob, queueScheduledRetrain } from "./queue-retrain";

const SCHEDULER: Actor = { type: "system", label: "scheduler" };

export type TickOutcome =
  | { scheduleId: string; queued: string }
  | { scheduleId: string; skipped: string }
  | { scheduleId: string; failed: string };

/**
 * The scheduler's tick: queues one `retrain` job for every enabled schedule whose next run is
 * due at `now`, and moves its next run to the cron's next time after `now` (runs missed while no
 * scheduler ran are not caught up: one run, now).
 *
 * Exactly once, with any number of schedulers: a schedule is claimed by the UPDATE that moves
 * `next_run_at` on the condition that it still holds the value this tick read (and the same
 * cron and time zone); a concurrent tick's UPDATE of the same row waits for the first to commit,
 * then finds the condition false and claims nothing. The job is queued in the claim's
 * transaction, so a crash leaves neither a claim without its job nor a job without its claim,
 * and is handed to the runner after commit.
 *
 * A run is skipped (its next run still moves) while the schedule's previous retrain is queued or
 * running. A run that cannot be queued (its creator left the team or lost `job:run`, its model
 * is gone) is recorded on the schedule as failed with the reason and raises an ERROR alert.
 */
export async function runDueSchedules({ db, now = new Date(), dispatcher, limit = 100 }: { db: Db; now?: Date; dispatcher?: JobDispatcher; limit?: number }): Promise<TickOutcome[]> {
  const due = await db
    .select()
    .from(retrainSchedules)
    .where(and(eq(retrainSchedules.enabled, true), lte(retrainSchedules.nextRunAt, now)))
    .orderBy(asc(retrainSchedules.nextRunAt))
    .limit(limit);
  const outcomes: TickOutcome[] = [];
  for (const due1 of due) {
    const deferred = deferredDispatch(dispatcher);
    const outcome = await db.transaction(async (t): Promise<TickOutcome | null> => {
      const tx = t as unknown as Db;
      const [schedule] = await tx
        .update(retrainSchedules)
        .set({ nextRunAt: nextRun(due1.cron, due1.timeZone, now) })
        .where(
          and(
            eq(retrainSchedules.id, due1.id),
            eq(retrainSchedules.enabled, true),
            eq(retrainSchedules.nextRunAt, due1.nextRunAt!),
            eq(retrainSchedules.cron, due1.cron),
            eq(retrainSchedules.timeZone, due1.timeZone),
          ),
        )
        .returning();
      if (!schedule) return null; // claimed by another tick, or changed since it was read
      const active = await activeRetrainJob(tx, schedule);
      if (active) return { scheduleId: schedule.id, skipped: `its last retrain (job ${active.id}) is still ${active.status}` };
      try {
        const creator = await jobTeamCtx(tx, schedule);
        const job = await queueScheduledRetrain(creator, schedule, deferred.dispatcher, now);
        return { scheduleId: schedule.id, queued: job.id };
      } catch (err) {
        if (!(err instanceof ServiceError || err instanceof ZodError)) throw err;
        const reason = `the retrain due ${due1.nextRunAt!.toISOString()} was not queued: ${err.message}`;
        await tx.update(retrainSchedules).set({ lastRunAt: now, lastStatus: "failed", lastReason: reason, lastJobId: null }).where(eq(retrainSchedules.id, schedule.id));
        return { scheduleId: schedule.id, failed: reason };
      }
    });
    await deferred.flush(db);
    if (!outcome) continue;
    outcomes.push(outcome);
    if ("failed" in outcome) await alertNotQueued(db, due1, outcome.failed);
  }
  return outcomes;
}

async function alertNotQueued(db: Db, schedule: { id: string; teamId: string; modelId: string }, reason: string) {
  const [team] = await db.select({ id: teams.id, slug: teams.slug, name: teams.name }).from(teams).where(eq(teams.id, schedule.teamId));
  if (!team) return;
  await raiseAlert({
    ctx: { db, team, actor: SCHEDULER },
    input: { type: "ERROR", severity: "warning", title: "A scheduled retrain could not start", details: { reason }, modelId: schedule.modelId, scheduleId: schedule.id, key: "retrain:not-queued" },
  });
}
