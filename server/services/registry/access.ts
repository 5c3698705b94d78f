import { and, desc, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { modelEvents, modelVersions, registeredModels, type Stage } from "@/db/schema";
import { actorUserId, type TeamCtx } from "../context";
import { notFound } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { bumpRegistryGeneration } from "./changes";

export async function modelByName(db: Db, ctx: TeamCtx, name: string, lock = false) {
  const q = db.select().from(registeredModels).where(and(eq(registeredModels.teamId, ctx.team.id), eq(registeredModels.name, name)));
  const [row] = lock ? await q.for("update") : await q;
  if (!row) throw notFound(`registered model "${name}"`);
  return row;
}

export async function versionOf(db: Db, modelId: string, version: number) {
  const [row] = await db.select().from(modelVersions).where(and(eq(modelVersions.modelId, modelId), eq(modelVersions.version, version)));
  if (!row) throw notFound(`version ${version}`);
  return row;
}

export async function productionVersion(db: Db, modelId: string) {
  const [row] = await db.select().from(modelVersions).where(and(eq(modelVersions.modelId, modelId), eq(modelVersions.stage, "Production")));
  return row ?? null;
}

export async function latestVersions(db: Db, modelId: string) {
  return db.select().from(modelVersions).where(eq(modelVersions.modelId, modelId)).orderBy(desc(modelVersions.version));
}

/**
 * Moves a version to a stage inside the caller's transaction: the row, its timeline event and
 * the audit row together. Callers lock the model row first.
 */
export async function setStage(
  tx: Db,
  ctx: TeamCtx,
  model: { id: string; name: string },
  version: { id: string; version: number; stage: Stage },
  to: Stage,
  action: string,
) {
  await tx.update(modelVersions).set({ stage: to, updatedAt: new Date() }).where(eq(modelVersions.id, version.id));
  bumpRegistryGeneration();
  await tx.insert(modelEvents).values({
    teamId: ctx.team.id,
    modelId: model.id,
    kind: "stage",
    versionId: version.id,
    fromValue: version.stage,
    toValue: to,
    actorUserId: actorUserId(ctx.actor),
  });
  await recordAudit(tx, ctx, {
    action,
    targetType: "model_version",
    targetId: version.id,
    before: { model: model.name, version: version.version, stage: version.stage },
    after: { model: model.name, version: version.version, stage: to },
  });
}
