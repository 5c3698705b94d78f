import { and, asc, eq } from "drizzle-orm";
import { datasets, datasetVersions, modelVersions, registeredModels, runs } from "@/db/schema";
import type { ArtifactBackend } from "../artifacts/backend";
import { requirePermission, type TeamCtx } from "../context";
import { runInTeam } from "./access";
import { listRunInputs } from "./log-inputs";
import { readRunImportance } from "./run-importance";
import { RunId } from "./schemas";

/**
 * Where a run comes from and what came of it, for its page: the dataset version it trained on,
 * its child runs (walk-forward folds, tuning trials), the model versions registered from it,
 * the datasets it logged as inputs, and its feature importance.
 */
export async function getRunLineage({ ctx, input, backend }: { ctx: TeamCtx; input: { runId: unknown }; backend?: ArtifactBackend }) {
  requirePermission(ctx, "run:read");
  const run = await runInTeam(ctx.db, ctx, RunId.parse(input.runId));
  const [dataset, children, versions, inputs, importance] = await Promise.all([
    run.datasetVersionId
      ? ctx.db
          .select({ datasetId: datasets.id, name: datasets.name, version: datasetVersions.version, versionId: datasetVersions.id })
          .from(datasetVersions)
          .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
          .where(and(eq(datasetVersions.teamId, ctx.team.id), eq(datasetVersions.id, run.datasetVersionId)))
          .then((r) => r[0] ?? null)
      : null,
    ctx.db
      .select({ id: runs.id, name: runs.name, status: runs.status })
      .from(runs)
      .where(and(eq(runs.teamId, ctx.team.id), eq(runs.parentRunId, run.id), eq(runs.lifecycleStage, "active")))
      .orderBy(asc(runs.startTime), asc(runs.name)),
    ctx.db
      .select({ model: registeredModels.name, version: modelVersions.version, stage: modelVersions.stage })
      .from(modelVersions)
      .innerJoin(registeredModels, eq(registeredModels.id, modelVersions.modelId))
      .where(and(eq(registeredModels.teamId, ctx.team.id), eq(modelVersions.runId, run.id)))
      .orderBy(asc(registeredModels.name), asc(modelVersions.version)),
    listRunInputs(ctx, run.id),
    readRunImportance(ctx, run.id, backend),
  ]);
  return {
    dataset,
    children,
    versions,
    inputs: inputs.map((i) => ({ name: i.name, digest: i.digest, source: i.source, context: i.tags.find((t) => t.key === "mlflow.data.context")?.value ?? null })),
    importance,
  };
}
