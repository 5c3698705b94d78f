import type { z } from "zod";
import { requirePermission, type TeamCtx, withTx } from "../context";
import { deferredDispatch } from "../jobs/deferred-dispatch";
import type { JobDispatcher } from "../jobs/dispatch";
import { scheduleInTeam } from "./access";
import { ScheduleRef } from "./delete-schedule";
import { queueScheduledRetrain } from "./queue-retrain";

/** "Retrain now": queues the schedule's retrain at once, as the caller (its next scheduled run
 * stays as it was). CONFLICT while its previous retrain is still queued or running. */
export async function retrainNow({ ctx, input, dispatcher }: { ctx: TeamCtx; input: z.input<typeof ScheduleRef>; dispatcher?: JobDispatcher }) {
  requirePermission(ctx, "schedule:run");
  const { id } = ScheduleRef.parse(input);
  const deferred = deferredDispatch(dispatcher);
  const job = await withTx(ctx, async (tx) => {
    const schedule = await scheduleInTeam(tx, ctx, id, true);
    return queueScheduledRetrain({ ...ctx, db: tx }, schedule, deferred.dispatcher, new Date());
  });
  await deferred.flush(ctx.db);
  return job;
}
