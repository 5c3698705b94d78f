import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { modelVersions, predictionLog, registeredModels } from "@/db/schema";
import { requirePermission, type TeamCtx } from "../context";
import { deploymentByName } from "./access";
import { DeploymentName } from "./schemas";

const TrafficInput = z.object({ name: DeploymentName, limit: z.number().int().min(1).max(500).default(50) });

/** How many of the latest logged requests the latency figures summarise. */
export const LATENCY_WINDOW = 1000;

/**
 * What the deployment page shows of the prediction log: the latest logged predictions, and
 * latency figures (requests, mean, p50, p95, p99 in ms) per arm and version over the latest
 * LATENCY_WINDOW logged rows. The log is sampled (the deployment's logSampleRate), so counts
 * are of logged requests.
 */
export async function getDeploymentTraffic({ ctx, input }: { ctx: TeamCtx; input: z.input<typeof TrafficInput> }) {
  requirePermission(ctx, "deployment:read");
  const { name, limit } = TrafficInput.parse(input);
  const d = await deploymentByName(ctx.db, ctx, name);
  const mine = and(eq(predictionLog.teamId, ctx.team.id), eq(predictionLog.deploymentId, d.id));
  const latest = ctx.db
    .select({ versionId: predictionLog.versionId, arm: predictionLog.arm, latencyMs: predictionLog.latencyMs })
    .from(predictionLog)
    .where(mine)
    .orderBy(desc(predictionLog.id))
    .limit(LATENCY_WINDOW)
    .as("latest");
  const [recent, latency] = await Promise.all([
    ctx.db
      .select({
        id: predictionLog.id,
        at: predictionLog.createdAt,
        arm: predictionLog.arm,
        model: registeredModels.name,
        version: modelVersions.version,
        requestId: predictionLog.requestId,
        requestKey: predictionLog.requestKey,
        rows: predictionLog.rows,
        latencyMs: predictionLog.latencyMs,
        output: predictionLog.output,
      })
      .from(predictionLog)
      .innerJoin(modelVersions, eq(modelVersions.id, predictionLog.versionId))
      .innerJoin(registeredModels, eq(registeredModels.id, modelVersions.modelId))
      .where(mine)
      .orderBy(desc(predictionLog.id))
      .limit(limit),
    ctx.db
      .select({
        arm: latest.arm,
        model: registeredModels.name,
        version: modelVersions.version,
        requests: sql<number>`count(*)::int`,
        meanMs: sql<number>`avg(${latest.latencyMs})`,
        p50Ms: sql<number>`percentile_cont(0.5) within group (order by ${latest.latencyMs})`,
        p95Ms: sql<number>`percentile_cont(0.95) within group (order by ${latest.latencyMs})`,
        p99Ms: sql<number>`percentile_cont(0.99) within group (order by ${latest.latencyMs})`,
      })
      .from(latest)
      .innerJoin(modelVersions, eq(modelVersions.id, latest.versionId))
      .innerJoin(registeredModels, eq(registeredModels.id, modelVersions.modelId))
      .groupBy(latest.arm, registeredModels.name, modelVersions.version)
      .orderBy(latest.arm, registeredModels.name, modelVersions.version),
  ]);
  return { recent, latency: latency.map((l) => ({ ...l, meanMs: Number(l.meanMs), p50Ms: Number(l.p50Ms), p95Ms: Number(l.p95Ms), p99Ms: Number(l.p99Ms) })) };
}
