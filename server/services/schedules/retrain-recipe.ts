import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { datasetVersions, jobs, runs, runTags } from "@/db/schema";
import { WalkForwardJobInput } from "@/workers/jobs/schemas";
import { requirePermission, type TeamCtx } from "../context";
import { getDatasetVersion } from "../datasets/list-datasets";
import { ServiceError } from "../errors";
import { modelByName, productionVersion } from "../registry/access";
import { shiftWindowToEnd } from "./retrain-window";

type WalkForwardInput = z.output<typeof WalkForwardJobInput>;

const noRecipe = (message: string) => new ServiceError("CONFLICT", message, "model");
const utcDay = (d: Date) => d.toISOString().slice(0, 10);

/** The walk_forward input a training job ran with: its own input, or, for a retrain, the input
 * it trained with (its result's `training`). */
function trainingInputOf(job: { kind: string; input: unknown; result: unknown; status: string }, what: string): unknown {
  if (job.kind === "walk_forward") return job.input;
  if (job.kind === "retrain") {
    const training = (job.result as { training?: unknown } | null)?.training;
    if (training === undefined) throw noRecipe(`${what} was registered by a retrain job that is ${job.status}, without a recorded training input`);
    return training;
  }
  throw noRecipe(`${what} was trained by a ${job.kind} job, which has no training recipe to repeat`);
}

/**
 * What a retrain of `model` repeats: its Production version's training recipe — the
 * walk_forward input of the job whose run registered that version (the run's `foldline.job_id`
 * tag) — with the window moved to end on the dataset's last bar now, keeping its length, on the
 * dataset's latest version, and without registration (the retrain registers only if its gates
 * pass). A model without such a version answers a CONFLICT naming what is missing.
 */
export async function loadRetrainRecipe(ctx: TeamCtx, input: { model: string }) {
  requirePermission(ctx, "model:read");
  const model = await modelByName(ctx.db, ctx, input.model);
  const production = await productionVersion(ctx.db, model.id);
  if (!production) throw noRecipe(`registered model "${model.name}" has no Production version to take a training recipe from`);
  const what = `Production v${production.version} of "${model.name}"`;
  if (!production.runId) throw noRecipe(`${what} has no training run (it was registered without one), so there is no recipe to repeat`);
  const [tag] = await ctx.db.select({ value: runTags.value }).from(runTags).where(and(eq(runTags.runId, production.runId), eq(runTags.key, "foldline.job_id")));
  if (!tag) throw noRecipe(`${what} was not trained by a Foldline job (its run has no foldline.job_id tag), so there is no recipe to repeat`);
  const [job] = await ctx.db.select().from(jobs).where(and(eq(jobs.teamId, ctx.team.id), eq(jobs.id, tag.value)));
  if (!job) throw noRecipe(`the training job of ${what} no longer exists`);
  const recipe = WalkForwardJobInput.parse(trainingInputOf(job, what));

  // Where the window really ended when it was trained: its own end, or the last bar of the data
  // version the run used.
  const [run] = await ctx.db.select({ datasetVersionId: runs.datasetVersionId }).from(runs).where(eq(runs.id, production.runId));
  const [used] = run?.datasetVersionId ? await ctx.db.select().from(datasetVersions).where(eq(datasetVersions.id, run.datasetVersionId)) : [];
  const latest = await getDatasetVersion({ ctx, input: { datasetId: recipe.target.datasetId } });
  const lastBarOf = (v: typeof latest.version) => {
    const bar = recipe.target.symbol ? v.symbols.find((s) => s.symbol === recipe.target.symbol)?.lastBar : undefined;
    return bar ? bar.slice(0, 10) : utcDay(v.lastBar);
  };
  const trainedEnd = recipe.target.end ?? (used ? lastBarOf(used) : lastBarOf(latest.version));
  const window = shiftWindowToEnd({ start: recipe.target.start, end: trainedEnd }, lastBarOf(latest.version));
  const { version: _pinned, ...target } = recipe.target;
  const training: WalkForwardInput = { ...recipe, target: { ...target, start: window.start, end: window.end }, register: undefined };
  return {
    model: { id: model.id, name: model.name },
    production: { id: production.id, version: production.version, metrics: production.metrics },
    task: recipe.label.kind,
    sourceJobId: job.id,
    training,
  };
}
