import { asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { runDatasetInputs } from "@/db/schema";
import { requirePermission, type TeamCtx, withTx } from "../context";
import { requireActiveRun, runInTeam } from "./access";
import { RunId } from "./schemas";

/** MLflow's dataset limits (mlflow/utils/validation.py). */
export const DATASET_LIMITS = { name: 500, digest: 36, sourceType: 36, source: 65_535, schema: 1_048_575, profile: 16_384, tagKey: 255, tagValue: 500 } as const;

const bounded = (field: string, max: number) => z.string({ message: `${field} must be a string` }).max(max, { message: `${field} must be at most ${max} characters` });
const required = (field: string, max: number) => bounded(field, max).min(1, { message: `${field} must not be empty` });

export const InputTag = z.object({ key: required("tag key", DATASET_LIMITS.tagKey), value: bounded("tag value", DATASET_LIMITS.tagValue) });

export const DatasetInput = z.object({
  tags: z.array(InputTag).default([]),
  dataset: z.object({
    name: required("dataset name", DATASET_LIMITS.name),
    digest: required("dataset digest", DATASET_LIMITS.digest),
    source_type: required("dataset source_type", DATASET_LIMITS.sourceType),
    source: required("dataset source", DATASET_LIMITS.source),
    schema: bounded("dataset schema", DATASET_LIMITS.schema).optional(),
    profile: bounded("dataset profile", DATASET_LIMITS.profile).optional(),
  }),
});

export const LogInputsInput = z.object({ runId: RunId, datasets: z.array(DatasetInput).max(1000, { message: "at most 1000 dataset inputs per request" }).default([]) });
export type LogInputsInput = z.input<typeof LogInputsInput>;

/**
 * Records the datasets a run consumed (MLflow `runs/log-inputs`). A dataset is identified by
 * name and digest within the run; logging it again replaces its tags (a dataset is often logged
 * once per context: training, validation).
 */
export async function logInputs({ ctx, input }: { ctx: TeamCtx; input: LogInputsInput }) {
  requirePermission(ctx, "run:log");
  const v = LogInputsInput.parse(input);
  const run = await runInTeam(ctx.db, ctx, v.runId);
  requireActiveRun(run);
  if (!v.datasets.length) return;
  // The last entry wins when the request names one dataset twice (one row per conflict target).
  const byKey = new Map(v.datasets.map((d) => [`${d.dataset.name}\u0000${d.dataset.digest}`, d]));
  await withTx(ctx, (tx) =>
    tx
      .insert(runDatasetInputs)
      .values(
        [...byKey.values()].map(({ dataset: d, tags }) => ({
          runId: run.id,
          teamId: ctx.team.id,
          name: d.name,
          digest: d.digest,
          sourceType: d.source_type,
          source: d.source,
          schema: d.schema ?? null,
          profile: d.profile ?? null,
          tags,
        })),
      )
      .onConflictDoUpdate({
        target: [runDatasetInputs.runId, runDatasetInputs.name, runDatasetInputs.digest],
        set: { tags: sql`excluded.tags`, sourceType: sql`excluded.source_type`, source: sql`excluded.source`, schema: sql`excluded.schema`, profile: sql`excluded.profile` },
      }),
  );
}

/** A run's dataset inputs in the order they were first logged. */
export function listRunInputs(ctx: TeamCtx, runId: string) {
  return ctx.db.select().from(runDatasetInputs).where(eq(runDatasetInputs.runId, runId)).orderBy(asc(runDatasetInputs.createdAt), asc(runDatasetInputs.name));
}
