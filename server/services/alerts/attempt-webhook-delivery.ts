import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { teamWebhooks, webhookDeliveries } from "@/db/schema";
import type { TeamCtx } from "../context";
import { notFound } from "../errors";
import { SIGNATURE_HEADER, signatureHeader } from "./webhook-signature";

export const AttemptWebhookDeliveryInput = z.object({
  deliveryId: z.uuid(),
  /** The last attempt: a failure marks the delivery failed. */
  final: z.boolean(),
  timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
});

export interface DeliveryAttempt {
  delivered: boolean;
  /** The receiver's HTTP status; null when it did not answer. */
  statusCode: number | null;
  error: string | null;
  /** Delivered, or failed for good: no further attempt will be made. */
  settled: boolean;
}

/**
 * POSTs a pending delivery's payload to the team's webhook once: JSON, signed
 * (`foldline-signature: t=<unix>,v1=<HMAC-SHA256 hex of "<t>.<body>">`), with the event and the
 * delivery id in headers (a receiver may dedupe on it), redirects not followed. Any 2xx answer
 * delivers it; anything else (another status, no answer in `timeoutMs`) is recorded on the row
 * and, on the `final` attempt, fails it. A delivery that is no longer pending is not sent again.
 * Internal: the `webhook_delivery` job calls it (as the admin who saved the webhook).
 */
export async function attemptWebhookDelivery(ctx: Pick<TeamCtx, "db" | "team">, input: z.input<typeof AttemptWebhookDeliveryInput>): Promise<DeliveryAttempt> {
  const { deliveryId, final, timeoutMs } = AttemptWebhookDeliveryInput.parse(input);
  const [row] = await ctx.db
    .select({ delivery: webhookDeliveries, hook: teamWebhooks })
    .from(webhookDeliveries)
    .innerJoin(teamWebhooks, eq(teamWebhooks.id, webhookDeliveries.webhookId))
    .where(and(eq(webhookDeliveries.teamId, ctx.team.id), eq(webhookDeliveries.id, deliveryId)));
  if (!row) throw notFound("webhook delivery");
  const { delivery, hook } = row;
  if (delivery.status !== "pending") return { delivered: delivery.status === "delivered", statusCode: delivery.lastStatusCode, error: delivery.lastError, settled: true };

  let outcome: Omit<DeliveryAttempt, "settled">;
  if (!hook.enabled) outcome = { delivered: false, statusCode: null, error: "the webhook is disabled" };
  else {
    const body = JSON.stringify(delivery.payload);
    try {
      const res = await fetch(hook.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "Foldline-Webhook/1",
          "foldline-event": delivery.event,
          "foldline-delivery": delivery.id,
          [SIGNATURE_HEADER]: signatureHeader(hook.secret, Math.floor(Date.now() / 1000), body),
        },
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.body?.cancel();
      outcome = { delivered: res.ok, statusCode: res.status, error: res.ok ? null : `HTTP ${res.status}` };
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      outcome = { delivered: false, statusCode: null, error: e.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : (e.cause?.code ?? e.message) };
    }
  }
  const giveUp = !outcome.delivered && (final || !hook.enabled);
  await ctx.db
    .update(webhookDeliveries)
    .set({
      attempts: sql`${webhookDeliveries.attempts} + 1`,
      lastStatusCode: outcome.statusCode,
      lastError: outcome.error,
      lastAttemptAt: sql`now()`,
      status: outcome.delivered ? "delivered" : giveUp ? "failed" : "pending",
      deliveredAt: outcome.delivered ? sql`now()` : null,
    })
    .where(eq(webhookDeliveries.id, delivery.id));
  return { ...outcome, settled: outcome.delivered || giveUp };
}
