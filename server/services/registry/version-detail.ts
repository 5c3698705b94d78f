import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { datasets, datasetVersions, experiments, runs } from "@/db/schema";
import type { ImportanceBand } from "@/server/quant/explain/permutation-importance";
import { requirePermission, type TeamCtx } from "../context";
import { ServiceError } from "../errors";
import { getRunArtifact } from "../tracking/artifacts";
import type { ArtifactBackend } from "../artifacts/backend";
import { modelByName, versionOf } from "./access";
import { ModelName } from "./models";

/** The run artifact the version page reads feature importance from. */
export const IMPORTANCE_ARTIFACT = "feature_importance.json";
/** server/quant/explain's bands, each of them (the `satisfies` keeps the two in step). */
const IMPORTANCE_BANDS = ["critical", "moderate", "minimal", "none"] as const satisfies readonly ImportanceBand[];

const ImportanceFile = z.array(
  z.object({
    feature: z.string().min(1),
    importance: z.number(),
    std: z.number().min(0).default(0),
    band: z.enum(IMPORTANCE_BANDS),
  }),
);
export type FeatureImportance = z.infer<typeof ImportanceFile>[number];

export type ImportanceResult = { status: "absent" } | { status: "invalid"; message: string } | { status: "logged"; features: FeatureImportance[] };
const ABSENT: ImportanceResult = { status: "absent" };

/** A run's `feature_importance.json`, most important first; a malformed file is reported, not thrown. */
export function parseImportance(text: string): ImportanceResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { status: "invalid", message: `${IMPORTANCE_ARTIFACT} is not JSON` };
  }
  const parsed = ImportanceFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { status: "invalid", message: `${IMPORTANCE_ARTIFACT}: ${issue.path.join(".") || "(root)"}: ${issue.message}` };
  }
  return { status: "logged", features: [...parsed.data].sort((a, b) => b.importance - a.importance) };
}

const VersionRef = z.object({ name: ModelName, version: z.number().int().positive({ message: "version must be a positive integer" }) });

/**
 * What the version dialog adds to the model page's version row: its lineage (run, experiment,
 * dataset version, in one query) and the run's logged feature importance.
 */
export async function getVersionDetail({ ctx, input, backend }: { ctx: TeamCtx; input: z.input<typeof VersionRef>; backend?: ArtifactBackend }) {
  requirePermission(ctx, "model:read");
  const ref = VersionRef.parse(input);
  const model = await modelByName(ctx.db, ctx, ref.name);
  const version = await versionOf(ctx.db, model.id, ref.version);
  const unlinked = { version: version.version, source: version.source, lineage: null, importance: ABSENT };
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
  const importance = await getRunArtifact({ ctx, input: { runId: lineage.run.id, path: IMPORTANCE_ARTIFACT }, backend }).then(
    ({ bytes }) => parseImportance(new TextDecoder().decode(bytes)),
    (err: unknown) => {
      if (err instanceof ServiceError && err.code === "NOT_FOUND") return ABSENT;
      throw err;
    },
  );
  const { datasetVersionId, datasetId, datasetName, datasetVersion, ...rest } = lineage;
  return {
    version: version.version,
    source: version.source,
    lineage: { ...rest, dataset: datasetVersionId ? { id: datasetId!, name: datasetName!, version: datasetVersion!, versionId: datasetVersionId } : null },
    importance,
  };
}
