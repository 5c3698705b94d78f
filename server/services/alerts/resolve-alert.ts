import { eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { alerts } from "@/db/schema";
import { recordAudit } from "../audit/record-audit";
import { actorUserId, requirePermission, type TeamCtx, withTx } from "../context";
import { ServiceError } from "../errors";
import { AlertRef } from "./acknowledge-alert";
import { alertInTeam } from "./access";

/**
 * Closes an open or acknowledged alert, by whom and when (audited). Resolved is final: the same
 * problem raised again opens a new alert.
 */
export async function resolveAlert({ ctx, input }: { ctx: TeamCtx; input: z.input<typeof AlertRef> }) {
  requirePermission(ctx, "alert:manage");
  const { id } = AlertRef.parse(input);
  return withTx(ctx, async (tx) => {
    const alert = await alertInTeam(tx, ctx, id, true);
    if (alert.status === "resolved") throw new ServiceError("CONFLICT", "the alert is already resolved", "status");
    const [row] = await tx
      .update(alerts)
      .set({ status: "resolved", resolvedBy: actorUserId(ctx.actor), resolvedAt: sql`now()` })
      .where(eq(alerts.id, alert.id))
      .returning();
    await recordAudit(tx, ctx, { action: "alert.resolve", targetType: "alert", targetId: alert.id, before: { status: alert.status }, after: { status: row!.status, title: row!.title } });
    return row!;
  });
}
