/**
 * The scheduler of the local runner (JOB_RUNNER=local): every `intervalMs` it runs the tick —
 * due retrains (runDueSchedules) and due drift checks (runDueDriftChecks) — which queues each due
 * job exactly once however many schedulers (processes, or the Inngest cron) run it. Under
 * Inngest the cron function (workers/inngest/scheduler.ts) runs the same tick instead.
 */
import type { Db } from "@/db";
import type { JobDispatcher } from "@/server/services/jobs/dispatch";
import { type DriftTickOutcome, runDueDriftChecks } from "@/server/services/monitoring/run-due-drift-checks";
import { runDueSchedules, type TickOutcome } from "@/server/services/schedules/run-due-schedules";

export type SchedulerOutcome = TickOutcome | DriftTickOutcome;

/** One tick of both schedules: retrains, then drift checks. */
export async function runSchedulerTick(opts: { db: Db; now?: Date; dispatcher?: JobDispatcher }): Promise<SchedulerOutcome[]> {
  return [...(await runDueSchedules(opts)), ...(await runDueDriftChecks(opts))];
}

export interface RetrainSchedulerOptions {
  db: Db;
  /** How often to look for due schedules (SCHEDULER_INTERVAL_S; a schedule runs at most this late). */
  intervalMs: number;
  dispatcher?: JobDispatcher;
  /** Called with what each tick did (logs, tests). */
  onTick?: (outcomes: SchedulerOutcome[]) => void;
}

export class RetrainScheduler {
  private timer?: NodeJS.Timeout;
  private ticking = false;

  constructor(private readonly opts: RetrainSchedulerOptions) {}

  /** Ticks now, then every `intervalMs`. */
  start(): this {
    if (this.timer) return this;
    this.timer = setInterval(() => void this.tick(), this.opts.intervalMs);
    void this.tick();
    return this;
  }

  stop() {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One tick; a tick still running when the next is due is not doubled. Errors are logged (the
   * next tick tries again). */
  async tick(now = new Date()) {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const outcomes = await runSchedulerTick({ db: this.opts.db, now, dispatcher: this.opts.dispatcher });
      for (const o of outcomes) {
        if ("queued" in o) continue;
        const what = "scheduleId" in o ? `retrain schedule ${o.scheduleId}` : `drift monitor ${o.monitorId}`;
        console.warn(`${what}: ${"skipped" in o ? `skipped, ${o.skipped}` : o.failed}`);
      }
      this.opts.onTick?.(outcomes);
    } catch (err) {
      console.error("retrain scheduler: the tick failed", err);
    } finally {
      this.ticking = false;
    }
  }
}

const globalForScheduler = globalThis as unknown as { foldlineRetrainScheduler?: RetrainScheduler };

/** The process's scheduler, started once (beside startLocalRunner). */
export function startRetrainScheduler(opts: RetrainSchedulerOptions): RetrainScheduler {
  globalForScheduler.foldlineRetrainScheduler ??= new RetrainScheduler(opts).start();
  return globalForScheduler.foldlineRetrainScheduler;
}
