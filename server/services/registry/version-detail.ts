import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { datasets, datasetVersions, experiments, runs } from "@/db/schema";
import { requirePermission, type TeamCtx } from "../context";
import { IMPORTANCE_ABSENT, readRunImportance } from "../tracking/run-importance";
import type { ArtifactBackend } from "../artifacts/backend";
import { modelByName, versionOf } from "./access";
import { ModelName } from "./models";
import { versionEvaluations } from "./record-evaluation";

const VersionRef = z.object({ name: ModelName, version: z.number().int().positive({ message: "version must be a positive integer" }) });

/**
 * What the version dialog adds to the model page's version row: its lineage (run, experiment,
 * dataset version, in one query), the run's logged feature importance, and the evaluations of
 * the version on datasets (model backtests, from its `evaluation:*` tags).
 */
export async function getVersionDetail({ ctx, input, backend }: { ctx: TeamCtx; input: z.input<typeof VersionRef>; backend?: ArtifactBackend }) {
  requirePermission(ctx, "model:read");
  const ref = VersionRef.parse(input);
  const model = await modelByName(ctx.db, ctx, ref.name);
  const version = await versionOf(ctx.db, model.id, ref.version);
  const evaluations = versionEvaluations(version.tags);
  const unlinked = { version: version.version, source: version.source, lineage: null, importance: IMPORTANCE_ABSENT, evaluations };
  if (!version.runId) return unlinked;
  const [lineage] = await ctx.db
    .select({
      run: { id: runs.id, name: runs.name, status: runs.status, featureSpecHash: runs.featureSpecHash },
      experiment: { id: experiments.id, name: experiments.name },
      datasetVersionId: datasetVersions.id,
      datasetId: datasets.id,
      datasetName: datasets.name,
      datasetVersion: datasetVersions.version,
    })
    .from(runs)
    .innerJoin(experiments, eq(experiments.id, runs.experimentId))
    .leftJoin(datasetVersions, eq(datasetVersions.id, runs.datasetVersionId))
    .leftJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
    .where(and(eq(runs.teamId, ctx.team.id), eq(runs.id, version.runId)));
  if (!lineage) return unlinked;
  const importance = await readRunImportance(ctx, lineage.run.id, backend);
  const { datasetVersionId, datasetId, datasetName, datasetVersion, ...rest } = lineage;
  return {
    version: version.version,
    source: version.source,
    lineage: { ...rest, dataset: datasetVersionId ? { id: datasetId!, name: datasetName!, version: datasetVersion!, versionId: datasetVersionId } : null },
    importance,
    evaluations,
  };
}
