import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { runLatestMetrics, runParams, runs, runTags } from "@/db/schema";
import { actorUserId, requirePermission, type TeamCtx, withTx } from "../context";
import { ServiceError } from "../errors";
import { experimentInTeam, requireActiveRun, runInTeam } from "./access";
import { listRunInputs } from "./log-inputs";
import { ExperimentId, RunId, RunStatus, Tag } from "./schemas";

export const CreateRunInput = z.object({
  experimentId: ExperimentId,
  runName: z.string().trim().max(250).optional(),
  startTime: z.coerce.number().int().optional(),
  tags: z.array(Tag).max(100).default([]),
  parentRunId: RunId.optional(),
  datasetVersionId: z.uuid().optional(),
  featureSpecHash: z.string().regex(/^[0-9a-f]{64}$/, { message: "featureSpecHash must be a sha256 hex" }).optional(),
});

const ADJECTIVES = ["calm", "brisk", "steady", "bold", "quiet", "keen", "lucid", "nimble"];
const NOUNS = ["fold", "drift", "signal", "trend", "ridge", "tide", "walk", "edge"];
/** MLflow-style readable run names (`keen-ridge-412`) when none is given. */
const randomRunName = () =>
  `${ADJECTIVES[Math.floor(Math.random() * ADJECTIVES.length)]}-${NOUNS[Math.floor(Math.random() * NOUNS.length)]}-${Math.floor(Math.random() * 1000)}`;

export async function createRun({ ctx, input }: { ctx: TeamCtx; input: z.input<typeof CreateRunInput> }) {
  requirePermission(ctx, "run:log");
  const v = CreateRunInput.parse(input);
  const exp = await experimentInTeam(ctx.db, ctx, v.experimentId);
  if (exp.lifecycleStage !== "active") throw new ServiceError("BAD_REQUEST", `experiment ${exp.id} is deleted`, "experiment_id");
  if (v.parentRunId) await runInTeam(ctx.db, ctx, v.parentRunId);
  const nameTag = v.tags.find((t) => t.key === "mlflow.runName")?.value;
  const name = v.runName || nameTag || randomRunName();
  return withTx(ctx, async (tx) => {
    const [run] = await tx
      .insert(runs)
      .values({
        teamId: ctx.team.id,
        experimentId: exp.id,
        name,
        startTime: v.startTime ?? Date.now(),
        userId: actorUserId(ctx.actor),
        parentRunId: v.parentRunId,
        datasetVersionId: v.datasetVersionId,
        featureSpecHash: v.featureSpecHash,
      })
      .returning();
    const tags = [...v.tags.filter((t) => t.key !== "mlflow.runName"), { key: "mlflow.runName", value: name }];
    if (v.parentRunId && !tags.some((t) => t.key === "mlflow.parentRunId")) tags.push({ key: "mlflow.parentRunId", value: v.parentRunId });
    await tx.insert(runTags).values(tags.map((t) => ({ ...t, runId: run!.id, teamId: ctx.team.id })));
    return run!;
  });
}

/** A run with its params, tags and latest metrics (MLflow's Run = info + data). */
export async function getRun({ ctx, input }: { ctx: TeamCtx; input: { runId: unknown } }) {
  requirePermission(ctx, "run:read");
  const run = await runInTeam(ctx.db, ctx, RunId.parse(input.runId));
  const [params, tags, metrics, inputs] = await Promise.all([
    ctx.db.select({ key: runParams.key, value: runParams.value }).from(runParams).where(eq(runParams.runId, run.id)).orderBy(asc(runParams.key)),
    ctx.db.select({ key: runTags.key, value: runTags.value }).from(runTags).where(eq(runTags.runId, run.id)).orderBy(asc(runTags.key)),
    ctx.db.select().from(runLatestMetrics).where(eq(runLatestMetrics.runId, run.id)).orderBy(asc(runLatestMetrics.key)),
    listRunInputs(ctx, run.id),
  ]);
  return { run, params, tags, metrics, inputs };
}

export const UpdateRunInput = z.object({
  runId: RunId,
  status: RunStatus.optional(),
  endTime: z.coerce.number().int().optional(),
  runName: z.string().trim().min(1).max(250).optional(),
});

export async function updateRun({ ctx, input }: { ctx: TeamCtx; input: z.input<typeof UpdateRunInput> }) {
  requirePermission(ctx, "run:log");
  const v = UpdateRunInput.parse(input);
  const run = await runInTeam(ctx.db, ctx, v.runId);
  requireActiveRun(run);
  return withTx(ctx, async (tx) => {
    const [row] = await tx
      .update(runs)
      .set({ status: v.status ?? run.status, endTime: v.endTime ?? run.endTime, name: v.runName ?? run.name })
      .where(and(eq(runs.teamId, ctx.team.id), eq(runs.id, run.id)))
      .returning();
    if (v.runName) {
      await tx
        .insert(runTags)
        .values({ runId: run.id, teamId: ctx.team.id, key: "mlflow.runName", value: v.runName })
        .onConflictDoUpdate({ target: [runTags.runId, runTags.key], set: { value: v.runName } });
    }
    return row!;
  });
}

/** Soft delete and restore (MLflow's lifecycle stages). */
export async function setRunLifecycle({ ctx, input }: { ctx: TeamCtx; input: { runId: unknown; stage: "active" | "deleted" } }) {
  requirePermission(ctx, "run:delete");
  const run = await runInTeam(ctx.db, ctx, RunId.parse(input.runId));
  await ctx.db.update(runs).set({ lifecycleStage: input.stage }).where(and(eq(runs.teamId, ctx.team.id), eq(runs.id, run.id)));
}
