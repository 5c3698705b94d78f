import { z } from "zod";
import { retrainSchedules } from "@/db/schema";
import { nextRun } from "@/server/quant/schedule/cron";
import { recordAudit } from "../audit/record-audit";
import { actorUserId, requirePermission, type TeamCtx, withTx } from "../context";
import { modelByName } from "../registry/access";
import { ModelName } from "../registry/models";
import { checkCronAndZone, ScheduleSettings } from "./schemas";
import { scheduleViews } from "./schedule-view";

export const CreateScheduleInput = ScheduleSettings.extend({ model: ModelName }).superRefine(checkCronAndZone);
export type CreateScheduleInput = z.input<typeof CreateScheduleInput>;

/**
 * A retraining schedule for one of the team's models (admins). Its first run is the cron's
 * next time after now; scheduled runs act as the admin who saved it last.
 */
export async function createSchedule({ ctx, input }: { ctx: TeamCtx; input: CreateScheduleInput }) {
  requirePermission(ctx, "schedule:write");
  const v = CreateScheduleInput.parse(input);
  const id = await withTx(ctx, async (tx) => {
    const model = await modelByName(tx, ctx, v.model);
    const [row] = await tx
      .insert(retrainSchedules)
      .values({
        teamId: ctx.team.id,
        modelId: model.id,
        cron: v.cron,
        timeZone: v.timeZone,
        enabled: v.enabled,
        gates: v.gates,
        onPass: v.onPass,
        createdBy: actorUserId(ctx.actor),
        nextRunAt: v.enabled ? nextRun(v.cron, v.timeZone, new Date()) : null,
      })
      .returning();
    await recordAudit(tx, ctx, { action: "schedule.create", targetType: "retrain_schedule", targetId: row!.id, after: { ...v, model: model.name } });
    return row!.id;
  });
  return (await scheduleViews(ctx.db, ctx.team.id, { id }))[0]!;
}
