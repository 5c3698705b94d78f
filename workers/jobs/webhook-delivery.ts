/**
 * The `webhook_delivery` job: POSTs one alert delivery to the team's webhook, retrying with
 * exponential backoff (`backoffMs`·2^(k−1) after the k-th failed attempt, at most
 * MAX_BACKOFF_MS) until an attempt gets a 2xx answer or `maxAttempts` have failed. Each attempt
 * is a step and each wait a durable sleep, so a job resumed after a crash neither re-sends a
 * delivered payload nor waits again what it already waited.
 */
import { retryDelayMs } from "@/server/services/jobs/finish-job";
import { JOB_INPUT_SCHEMAS, type JobInput } from "./schemas";
import { type JobDefinition, NonRetriableError } from "./step";

export const MAX_BACKOFF_MS = 10 * 60_000;

export interface WebhookDeliveryJobResult {
  delivered: true;
  attempts: number;
  statusCode: number | null;
}

export const webhookDeliveryJob: JobDefinition<JobInput<"webhook_delivery">, WebhookDeliveryJobResult> = {
  input: JOB_INPUT_SCHEMAS.webhook_delivery,
  async run(step, input, services) {
    for (let attempt = 1; attempt <= input.maxAttempts; attempt++) {
      await step.progress(attempt - 1, input.maxAttempts, `attempt ${attempt}`);
      const r = await step.run(`post-${attempt}`, () => services.attemptWebhookDelivery({ deliveryId: input.deliveryId, final: attempt === input.maxAttempts }));
      if (r.delivered) {
        await step.progress(input.maxAttempts, input.maxAttempts, "delivered");
        return { delivered: true, attempts: attempt, statusCode: r.statusCode };
      }
      if (r.settled) throw new NonRetriableError(`not delivered after ${attempt} attempt${attempt === 1 ? "" : "s"}: ${r.error}`);
      const wait = retryDelayMs(attempt, input.backoffMs, MAX_BACKOFF_MS);
      await step.log(`attempt ${attempt} failed (${r.error}); next in ${wait} ms`);
      await step.sleep(`backoff-${attempt}`, wait);
    }
    throw new NonRetriableError("unreachable: the last attempt settles the delivery");
  },
};
