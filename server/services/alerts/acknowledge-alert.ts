import { sql, eq } from "drizzle-orm";
import { z } from "zod";
import { alerts } from "@/db/schema";
import { recordAudit } from "../audit/record-audit";
import { actorUserId, requirePermission, type TeamCtx, withTx } from "../context";
import { ServiceError } from "../errors";
import { alertInTeam } from "./access";

export const AlertRef = z.object({ id: z.uuid({ message: "id must be an alert id" }) });

/** Someone is looking at it: open → acknowledged, by whom and when (audited). */
export async function acknowledgeAlert({ ctx, input }: { ctx: TeamCtx; input: z.input<typeof AlertRef> }) {
  requirePermission(ctx, "alert:manage");
  const { id } = AlertRef.parse(input);
  return withTx(ctx, async (tx) => {
    const alert = await alertInTeam(tx, ctx, id, true);
    if (alert.status !== "open") throw new ServiceError("CONFLICT", `the alert is already ${alert.status}`, "status");
    const [row] = await tx
      .update(alerts)
      .set({ status: "acknowledged", acknowledgedBy: actorUserId(ctx.actor), acknowledgedAt: sql`now()` })
      .where(eq(alerts.id, alert.id))
      .returning();
    await recordAudit(tx, ctx, { action: "alert.acknowledge", targetType: "alert", targetId: alert.id, before: { status: alert.status }, after: { status: row!.status, title: row!.title } });
    return row!;
  });
}
