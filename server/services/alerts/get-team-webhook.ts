import { desc, eq } from "drizzle-orm";
import { teamWebhooks, webhookDeliveries } from "@/db/schema";
import { requirePermission, type TeamCtx } from "../context";

/** The team's webhook (without its secret; its last 4 characters as a hint) and its last
 * deliveries, newest first; null when none is set. */
export async function getTeamWebhook({ ctx }: { ctx: TeamCtx }) {
  requirePermission(ctx, "webhook:manage");
  const [row] = await ctx.db.select().from(teamWebhooks).where(eq(teamWebhooks.teamId, ctx.team.id));
  if (!row) return null;
  const { secret, ...webhook } = row;
  const deliveries = await ctx.db
    .select({
      id: webhookDeliveries.id,
      alertId: webhookDeliveries.alertId,
      event: webhookDeliveries.event,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      lastStatusCode: webhookDeliveries.lastStatusCode,
      lastError: webhookDeliveries.lastError,
      createdAt: webhookDeliveries.createdAt,
      deliveredAt: webhookDeliveries.deliveredAt,
    })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.webhookId, row.id))
    .orderBy(desc(webhookDeliveries.createdAt))
    .limit(10);
  return { webhook: { ...webhook, secretHint: `…${secret.slice(-4)}` }, deliveries };
}
