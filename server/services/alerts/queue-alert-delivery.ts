import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { teamWebhooks, webhookDeliveries } from "@/db/schema";
import type { TeamCtx } from "../context";
import { ServiceError } from "../errors";
import type { JobDispatcher } from "../jobs/dispatch";
import { enqueueJob } from "../jobs/enqueue-job";
import { jobTeamCtx } from "../jobs/job-team-ctx";
import type { AlertRow } from "./access";
import { ALERT_RAISED_EVENT, alertWebhookPayload } from "./webhook-payload";

/**
 * Inside the alert's transaction: when the team has an enabled webhook, records a delivery and
 * queues the `webhook_delivery` job that POSTs it (with retries). The job acts as the admin who
 * last saved the webhook; when they are no longer an admin-capable member the delivery is
 * recorded as failed with the reason, and the alert itself still stands.
 */
export async function queueAlertDelivery(tx: Db, ctx: Pick<TeamCtx, "team" | "actor">, alert: AlertRow, dispatcher: JobDispatcher) {
  const [hook] = await tx.select().from(teamWebhooks).where(and(eq(teamWebhooks.teamId, ctx.team.id), eq(teamWebhooks.enabled, true)));
  if (!hook) return null;
  const [delivery] = await tx
    .insert(webhookDeliveries)
    .values({ teamId: ctx.team.id, webhookId: hook.id, alertId: alert.id, event: ALERT_RAISED_EVENT, payload: alertWebhookPayload(ctx.team, alert) })
    .returning();
  try {
    const sender = await jobTeamCtx(tx, { teamId: ctx.team.id, createdBy: hook.createdBy });
    await enqueueJob({ ctx: sender, input: { kind: "webhook_delivery", input: { deliveryId: delivery!.id } }, dispatcher });
  } catch (err) {
    if (!(err instanceof ServiceError)) throw err;
    await tx
      .update(webhookDeliveries)
      .set({ status: "failed", lastError: `not sent: ${err.message}; an admin must save the webhook again` })
      .where(eq(webhookDeliveries.id, delivery!.id));
  }
  return delivery!;
}
