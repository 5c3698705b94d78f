import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { RETRAIN_ON_PASS, retrainSchedules } from "@/db/schema";
import { nextRun } from "@/server/quant/schedule/cron";
import { recordAudit } from "../audit/record-audit";
import { actorUserId, requirePermission, type TeamCtx, withTx } from "../context";
import { scheduleInTeam } from "./access";
import { ScheduleGatesInput } from "./gates";
import { ScheduleSettings, ValidSchedule } from "./schemas";
import { scheduleViews } from "./schedule-view";

/** The fields to change (absent ones keep their value). */
export const UpdateScheduleInput = z.object({
  id: z.uuid({ message: "id must be a schedule id" }),
  cron: ScheduleSettings.shape.cron.optional(),
  timeZone: z.string().trim().min(1, { message: "timeZone must not be empty" }).max(100).optional(),
  enabled: z.boolean().optional(),
  gates: ScheduleGatesInput.optional(),
  onPass: z.enum(RETRAIN_ON_PASS, { message: `onPass must be one of ${RETRAIN_ON_PASS.join(", ")}` }).optional(),
});
export type UpdateScheduleInput = z.input<typeof UpdateScheduleInput>;

/**
 * Changes a schedule (admins); the result is checked as a whole (a new time zone with the old
 * cron, too). A change of cron, time zone or enabled recomputes the next run from now (a
 * re-enabled schedule does not catch up on the runs it missed). The saver becomes the user its
 * scheduled runs act as.
 */
export async function updateSchedule({ ctx, input }: { ctx: TeamCtx; input: UpdateScheduleInput }) {
  requirePermission(ctx, "schedule:write");
  const patch = UpdateScheduleInput.parse(input);
  await withTx(ctx, async (tx) => {
    const before = await scheduleInTeam(tx, ctx, patch.id, true);
    const v = ValidSchedule.parse({
      cron: patch.cron ?? before.cron,
      timeZone: patch.timeZone ?? before.timeZone,
      enabled: patch.enabled ?? before.enabled,
      gates: patch.gates ?? before.gates,
      onPass: patch.onPass ?? before.onPass,
    });
    const timing = v.cron !== before.cron || v.timeZone !== before.timeZone || v.enabled !== before.enabled;
    const [row] = await tx
      .update(retrainSchedules)
      .set({
        ...v,
        createdBy: actorUserId(ctx.actor),
        updatedAt: sql`now()`,
        ...(timing ? { nextRunAt: v.enabled ? nextRun(v.cron, v.timeZone, new Date()) : null } : {}),
      })
      .where(eq(retrainSchedules.id, before.id))
      .returning();
    const fields = (s: typeof before) => ({ cron: s.cron, timeZone: s.timeZone, enabled: s.enabled, gates: s.gates, onPass: s.onPass, nextRunAt: s.nextRunAt });
    await recordAudit(tx, ctx, { action: "schedule.update", targetType: "retrain_schedule", targetId: before.id, before: fields(before), after: fields(row!) });
  });
  return (await scheduleViews(ctx.db, ctx.team.id, { id: patch.id }))[0]!;
}
