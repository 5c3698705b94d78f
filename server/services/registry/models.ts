import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { modelAliases, modelEvents, modelVersions, registeredModels, runLatestMetrics, runTags } from "@/db/schema";
import { actorUserId, requirePermission, type TeamCtx, withTx } from "../context";
import { ServiceError } from "../errors";
import { runInTeam } from "../tracking/access";
import { latestVersions, modelByName } from "./access";
import { modelSummaries } from "./list-models";

export const ModelName = z.string().trim().min(1, { message: "name must not be empty" }).max(250);
export const GatesInput = z.object({
  metrics: z.record(z.string(), z.object({ min: z.number().optional(), max: z.number().optional() })).optional(),
  maxDegradation: z.object({ metric: z.string().min(1), higherIsBetter: z.boolean(), fraction: z.number().min(0).max(1) }).optional(),
  requireOnnxParity: z.boolean().optional(),
});

export async function createRegisteredModel({ ctx, input }: { ctx: TeamCtx; input: { name: string; description?: string; gates?: z.input<typeof GatesInput> } }) {
  requirePermission(ctx, "model:write");
  const name = ModelName.parse(input.name);
  const gates = GatesInput.parse(input.gates ?? {});
  const [row] = await ctx.db
    .insert(registeredModels)
    .values({ teamId: ctx.team.id, name, description: input.description ?? "", gates })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new ServiceError("CONFLICT", `registered model "${name}" already exists`, "name");
  return row;
}

/** A model with its versions (newest first), aliases and timeline. */
export async function getRegisteredModel({ ctx, input }: { ctx: TeamCtx; input: { name: string } }) {
  requirePermission(ctx, "model:read");
  const model = await modelByName(ctx.db, ctx, ModelName.parse(input.name));
  const [versions, aliases, events] = await Promise.all([
    latestVersions(ctx.db, model.id),
    ctx.db.select().from(modelAliases).where(eq(modelAliases.modelId, model.id)).orderBy(asc(modelAliases.alias)),
    ctx.db.select().from(modelEvents).where(eq(modelEvents.modelId, model.id)).orderBy(asc(modelEvents.id)),
  ]);
  return { model, versions, aliases: aliases.map((a) => ({ alias: a.alias, version: versions.find((v) => v.id === a.versionId)!.version })), events };
}

/** The team's models matching a LIKE pattern on the name (MLflow's search), with version summaries. */
export async function searchRegisteredModels({ ctx, input }: { ctx: TeamCtx; input: { nameLike?: string } }) {
  requirePermission(ctx, "model:read");
  return (await modelSummaries(ctx.db, ctx.team.id, { namePattern: input.nameLike || undefined })).items;
}

export async function updateRegisteredModel({ ctx, input }: { ctx: TeamCtx; input: { name: string; newName?: string; description?: string; gates?: z.input<typeof GatesInput> } }) {
  requirePermission(ctx, "model:write");
  if (input.gates !== undefined) requirePermission(ctx, "transition:approve"); // gates guard Production
  const model = await modelByName(ctx.db, ctx, ModelName.parse(input.name));
  const newName = input.newName === undefined ? undefined : ModelName.parse(input.newName);
  if (newName && newName !== model.name) {
    const [taken] = await ctx.db.select({ id: registeredModels.id }).from(registeredModels).where(and(eq(registeredModels.teamId, ctx.team.id), eq(registeredModels.name, newName)));
    if (taken) throw new ServiceError("CONFLICT", `registered model "${newName}" already exists`, "new_name");
  }
  const [row] = await ctx.db
    .update(registeredModels)
    .set({
      name: newName ?? model.name,
      description: input.description ?? model.description,
      gates: input.gates === undefined ? model.gates : GatesInput.parse(input.gates),
      updatedAt: new Date(),
    })
    .where(eq(registeredModels.id, model.id))
    .returning();
  return row!;
}

export async function deleteRegisteredModel({ ctx, input }: { ctx: TeamCtx; input: { name: string } }) {
  requirePermission(ctx, "model:delete");
  const model = await modelByName(ctx.db, ctx, ModelName.parse(input.name));
  await ctx.db.delete(registeredModels).where(eq(registeredModels.id, model.id));
}

export const CreateVersionInput = z.object({
  name: ModelName,
  source: z.string().min(1).max(2000),
  runId: z.uuid().optional(),
  description: z.string().max(5000).optional(),
  signature: z.object({ features: z.array(z.string()).optional(), featureSpecHash: z.string().optional() }).optional(),
  tags: z.record(z.string(), z.string()).optional(),
});

/**
 * Registers a new version (numbered after the last, under a lock on the model row). From a run,
 * it snapshots the run's latest metrics and takes the signature from the run's feature spec hash
 * and `features` tag when not given.
 */
export async function createModelVersion({ ctx, input }: { ctx: TeamCtx; input: z.input<typeof CreateVersionInput> }) {
  requirePermission(ctx, "model:write");
  const v = CreateVersionInput.parse(input);
  return withTx(ctx, async (tx) => {
    const model = await modelByName(tx, ctx, v.name, true);
    let metrics: Record<string, number> = {};
    let signature = v.signature ?? null;
    if (v.runId) {
      const run = await runInTeam(tx, ctx, v.runId);
      const latest = await tx.select().from(runLatestMetrics).where(eq(runLatestMetrics.runId, run.id));
      metrics = Object.fromEntries(latest.filter((m) => !m.isNan).map((m) => [m.key, m.value]));
      const [features] = await tx.select().from(runTags).where(and(eq(runTags.runId, run.id), eq(runTags.key, "features")));
      signature ??= { features: features?.value.split(",").filter(Boolean), featureSpecHash: run.featureSpecHash ?? undefined };
    }
    const [last] = await latestVersions(tx, model.id);
    const [row] = await tx
      .insert(modelVersions)
      .values({
        teamId: ctx.team.id,
        modelId: model.id,
        version: (last?.version ?? 0) + 1,
        runId: v.runId,
        source: v.source,
        description: v.description ?? "",
        signature,
        metrics,
        tags: v.tags ?? {},
        createdBy: actorUserId(ctx.actor),
      })
      .returning();
    await tx.update(registeredModels).set({ updatedAt: new Date() }).where(eq(registeredModels.id, model.id));
    return { model, version: row! };
  });
}
