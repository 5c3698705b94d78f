/**
 * What a deployment's version was asked and answered, read back from the prediction log for
 * drift checks. The log is sampled (the deployment's logSampleRate) and keeps at most
 * LOGGED_FEATURE_ROWS feature vectors of a request, so these are samples of what was served.
 */
import { and, desc, eq, gte, isNotNull, isNull, sql } from "drizzle-orm";
import { predictionLog } from "@/db/schema";
import { requirePermission, type TeamCtx } from "../context";

/** Predictions logged by this version at this deployment in the last `hours`, answered (not errors). */
const recentAnswers = (ctx: TeamCtx, input: { deploymentId: string; versionId: string; hours: number }) =>
  and(
    eq(predictionLog.teamId, ctx.team.id),
    eq(predictionLog.deploymentId, input.deploymentId),
    eq(predictionLog.versionId, input.versionId),
    isNull(predictionLog.error),
    gte(predictionLog.createdAt, sql`now() - make_interval(secs => ${input.hours * 3600})`),
  );

/**
 * The feature vectors the version scored in the last `hours`, newest requests first until
 * `maxRows` rows, as columns in its signature's order; with when the first and last of those
 * requests were logged (null when none).
 */
export async function loadServedFeatures(ctx: TeamCtx, input: { deploymentId: string; versionId: string; hours: number; maxRows: number; features: number }) {
  requirePermission(ctx, "monitor:read");
  const logged = await ctx.db
    .select({ features: predictionLog.features, at: predictionLog.createdAt })
    .from(predictionLog)
    .where(and(recentAnswers(ctx, input), isNotNull(predictionLog.features)))
    .orderBy(desc(predictionLog.id))
    .limit(input.maxRows);
  const rows: number[][] = [];
  let from: Date | null = null, to: Date | null = null;
  for (const l of logged) {
    if (rows.length >= input.maxRows) break;
    for (const r of l.features!) if (rows.length < input.maxRows && r.length === input.features) rows.push(r);
    to ??= l.at;
    from = l.at;
  }
  const columns = Array.from({ length: input.features }, (_, j) => Float64Array.from(rows, (r) => r[j] ?? NaN));
  return { columns, rows: rows.length, from: from?.toISOString() ?? null, to: to?.toISOString() ?? null };
}

/** At most this many logged requests are read for realised outcomes. */
export const MAX_OUTCOME_REQUESTS = 20_000;

/**
 * The version's predictions of bars logged in the last `hours` (requests of rows carry no bar
 * time, so they cannot be matched to outcomes): each answer row's bar time and prediction, in
 * the order they were logged (oldest first; realisedPredictions keeps the latest per bar).
 */
export async function loadServedPredictions(ctx: TeamCtx, input: { deploymentId: string; versionId: string; hours: number }) {
  requirePermission(ctx, "monitor:read");
  const logged = await ctx.db
    .select({ barTimes: predictionLog.barTimes, predictions: sql<(number | null)[] | null>`${predictionLog.output} -> 'predictions'` })
    .from(predictionLog)
    .where(and(recentAnswers(ctx, input), isNotNull(predictionLog.barTimes)))
    .orderBy(desc(predictionLog.id))
    .limit(MAX_OUTCOME_REQUESTS);
  const time: number[] = [], prediction: number[] = [];
  for (const l of logged.reverse()) {
    const times = l.barTimes!, preds = l.predictions ?? [];
    for (let i = 0; i < times.length; i++) {
      const t = times[i], p = preds[i];
      if (typeof t === "number" && typeof p === "number") {
        time.push(t);
        prediction.push(p);
      }
    }
  }
  return { time: Float64Array.from(time), prediction: Float64Array.from(prediction) };
}
