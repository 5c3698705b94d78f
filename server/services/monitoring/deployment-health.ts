import { and, eq, gte, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { predictionLog } from "@/db/schema";
import { requirePermission, type TeamCtx } from "../context";
import { deploymentByName } from "../serving/access";
import { DeploymentName } from "../serving/schemas";

export const DeploymentHealthInput = z.object({
  deployment: DeploymentName,
  /** The period shown, ending now. */
  hours: z.coerce.number().int().min(1, { message: "hours must be 1–2160" }).max(2160, { message: "hours must be 1–2160" }).default(24),
});
export type DeploymentHealthInput = z.input<typeof DeploymentHealthInput>;

/** Bucket widths (s), the first that leaves at most MAX_BUCKETS buckets is used. */
const WIDTHS = [60, 300, 900, 3600, 3 * 3600, 6 * 3600, 86_400];
const MAX_BUCKETS = 60;

export const bucketSeconds = (hours: number) => WIDTHS.find((w) => (hours * 3600) / w <= MAX_BUCKETS) ?? WIDTHS[WIDTHS.length - 1]!;

/**
 * A deployment's latency and error rate over the last `hours`, in time buckets, from the
 * prediction log: per bucket the logged requests that were answered to the caller (shadow scoring
 * is background work, left out), how many failed once routed (signature mismatches, models that
 * failed to load or score), and the p50/p99 latency of the answered ones (ms; null without
 * any). The log is sampled (the deployment's logSampleRate), so counts are of logged requests
 * and the error rate is a sample's.
 */
export async function getDeploymentHealth({ ctx, input }: { ctx: TeamCtx; input: DeploymentHealthInput }) {
  requirePermission(ctx, "monitor:read");
  const { deployment: name, hours } = DeploymentHealthInput.parse(input);
  const d = await deploymentByName(ctx.db, ctx, name);
  const width = bucketSeconds(hours);
  // The width inline (one of WIDTHS): a bound parameter would make the GROUP BY expression differ from the selected one.
  const w = sql.raw(String(width));
  const bucket = sql<Date>`to_timestamp(floor(extract(epoch from ${predictionLog.createdAt}) / ${w}) * ${w})`;
  const answered = sql`${predictionLog.error} is null`;
  const rows = await ctx.db
    .select({
      at: bucket,
      requests: sql<number>`count(*)::int`,
      errors: sql<number>`(count(*) filter (where ${predictionLog.error} is not null))::int`,
      p50Ms: sql<number | null>`percentile_cont(0.5) within group (order by ${predictionLog.latencyMs}) filter (where ${answered})`,
      p99Ms: sql<number | null>`percentile_cont(0.99) within group (order by ${predictionLog.latencyMs}) filter (where ${answered})`,
    })
    .from(predictionLog)
    .where(
      and(
        eq(predictionLog.teamId, ctx.team.id),
        eq(predictionLog.deploymentId, d.id),
        ne(predictionLog.arm, "shadow"),
        gte(predictionLog.createdAt, sql`now() - make_interval(hours => ${hours})`),
      ),
    )
    .groupBy(bucket)
    .orderBy(bucket);
  const buckets = rows.map((r) => ({
    at: new Date(r.at),
    requests: r.requests,
    errors: r.errors,
    errorRate: r.requests ? r.errors / r.requests : 0,
    p50Ms: r.p50Ms === null ? null : Number(r.p50Ms),
    p99Ms: r.p99Ms === null ? null : Number(r.p99Ms),
  }));
  const requests = buckets.reduce((s, b) => s + b.requests, 0), errors = buckets.reduce((s, b) => s + b.errors, 0);
  return { deployment: d.name, hours, bucketSeconds: width, buckets, requests, errors, errorRate: requests ? errors / requests : null };
}
