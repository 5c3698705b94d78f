import type { TeamCtx } from "../context";
import { getDatasetVersion } from "../datasets/list-datasets";

/** The datasets an input names: every object with a string `datasetId` (and its `version`, when
 * a number), at any depth, as job inputs name them (`target: { datasetId, version }`). */
function* datasetRefs(value: unknown): Generator<{ datasetId: string; version?: number }> {
  if (Array.isArray(value)) for (const v of value) yield* datasetRefs(v);
  else if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (typeof o.datasetId === "string") yield { datasetId: o.datasetId, version: typeof o.version === "number" ? o.version : undefined };
    for (const v of Object.values(o)) yield* datasetRefs(v);
  }
}

/**
 * Checks, when a job is queued, that every dataset its input names is the team's (NOT_FOUND
 * otherwise, as for any other team's id): a job never stores another team's ids, and a caller
 * hears at once rather than from a failed job.
 */
export async function checkJobReferences(ctx: TeamCtx, input: unknown): Promise<void> {
  for (const ref of datasetRefs(input)) await getDatasetVersion({ ctx, input: ref });
}
