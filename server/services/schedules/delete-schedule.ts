import { eq } from "drizzle-orm";
import { z } from "zod";
import { retrainSchedules } from "@/db/schema";
import { recordAudit } from "../audit/record-audit";
import { requirePermission, type TeamCtx, withTx } from "../context";
import { scheduleInTeam } from "./access";

export const ScheduleRef = z.object({ id: z.uuid({ message: "id must be a schedule id" }) });

/** Deletes a schedule (admins); a retrain it already queued runs to its end. */
export async function deleteSchedule({ ctx, input }: { ctx: TeamCtx; input: z.input<typeof ScheduleRef> }) {
  requirePermission(ctx, "schedule:write");
  const { id } = ScheduleRef.parse(input);
  return withTx(ctx, async (tx) => {
    const before = await scheduleInTeam(tx, ctx, id, true);
    await tx.delete(retrainSchedules).where(eq(retrainSchedules.id, before.id));
    await recordAudit(tx, ctx, { action: "schedule.delete", targetType: "retrain_schedule", targetId: before.id, before: { modelId: before.modelId, cron: before.cron, timeZone: before.timeZone } });
    return { id: before.id, deleted: true };
  });
}
