import { and, eq, inArray } from "drizzle-orm";
import { runTags } from "@/db/schema";
import { type StudyViews, studyViews } from "@/server/quant/tuning/analytics";
import type { Choice, SearchSpace } from "@/server/quant/tuning/space";
import { directionSign, type TrialRecord, type TrialState } from "@/server/quant/tuning/trial";
import type { JobInput } from "@/workers/jobs/schemas";
import { requirePermission, type TeamCtx } from "../context";
import { ServiceError } from "../errors";
import { getRunArtifactText } from "../tracking/artifacts";
import { jobInTeam } from "./access";
import { type FoldRun, listJobFolds } from "./job-folds";

/** The tag a finished trial's run carries its Optuna state in, and the file the job's summary writes. */
const TRIAL_STATE_TAG = "foldline.trial_state";
const STUDY_FILE = "study.json";
/** The tune job names each trial's child run `trial <number>`. */
const TRIAL_NAME = /^trial (\d+)$/;

export interface TrialRow {
  number: number;
  runId: string;
  state: TrialState;
  params: Record<string, Choice>;
  /** The objective (mean over the scored folds) of a complete trial; null otherwise. */
  value: number | null;
  /** The running mean over the folds scored so far (a running or pruned trial's standing). */
  runningValue: number | null;
}

/** A run param (text) as the space's parameter value: a number, or the choice that prints the same. */
function paramValue(space: SearchSpace, name: string, text: string): Choice | undefined {
  const p = space.find((q) => q.name === name);
  if (!p) return undefined;
  if (p.type === "categorical") return p.choices.find((c) => String(c) === text) ?? text;
  return Number(text);
}

/** A trial without a final state is running while its job is; a finished job's (its attempt died in the trial) failed. */
function trialState(run: FoldRun, tag: string | undefined, jobActive: boolean): TrialState {
  if (tag === "complete" || tag === "pruned" || tag === "failed") return tag;
  return jobActive && run.status === "RUNNING" ? "running" : "failed";
}

/**
 * A tune job's study for its page: one row per trial from its child run (state, parameters, the
 * objective, or while it runs the mean of the folds scored so far), the best complete trial, and
 * the study's views (optimisation history, parameter importances, parallel coordinates). Once the
 * job's summary has stored `study.json` the views are the stored ones (`final`); until then they
 * are computed from the trials' runs, so the charts fill in while the study runs.
 */
export async function getTuningStudy({ ctx, input }: { ctx: TeamCtx; input: { id: unknown } }) {
  requirePermission(ctx, "job:read");
  requirePermission(ctx, "run:read");
  const job = await jobInTeam(ctx.db, ctx, input.id);
  if (job.kind !== "tune") throw new ServiceError("BAD_REQUEST", `this is a ${job.kind} job; only tuning jobs have a study`, "id");
  // The stored input is the schema's output (enqueue stores what it parsed), defaults filled in.
  const config = job.input as JobInput<"tune">;
  const { folds: runs } = await listJobFolds({ ctx, input });
  const tags = runs.length
    ? await ctx.db
        .select({ runId: runTags.runId, value: runTags.value })
        .from(runTags)
        .where(and(eq(runTags.teamId, ctx.team.id), eq(runTags.key, TRIAL_STATE_TAG), inArray(runTags.runId, runs.map((r) => r.id))))
    : [];
  // A trial run again after a crash has a second run of the same number: the later one counts.
  const byNumber = new Map<number, TrialRow>();
  for (const run of runs) {
    const number = TRIAL_NAME.exec(run.name)?.[1];
    if (number === undefined) continue;
    const state = trialState(run, tags.find((t) => t.runId === run.id)?.value, job.status === "queued" || job.status === "running");
    const params: Record<string, Choice> = {};
    for (const [k, v] of Object.entries(run.params)) {
      const value = paramValue(config.space, k, v);
      if (value !== undefined) params[k] = value;
    }
    byNumber.set(Number(number), {
      number: Number(number),
      runId: run.id,
      state,
      params,
      value: state === "complete" ? (run.metrics[config.objective] ?? null) : null,
      runningValue: run.metrics[`${config.objective}_running_mean`] ?? null,
    });
  }
  const trials = [...byNumber.values()].sort((a, b) => a.number - b.number);
  const sign = directionSign(config.direction);
  const best = trials.reduce<TrialRow | null>((b, t) => (t.state === "complete" && t.value !== null && (!b || sign * t.value < sign * b.value!) ? t : b), null);

  const stored = job.runId ? await getRunArtifactText(ctx, job.runId, STUDY_FILE) : null;
  let views: StudyViews;
  if (stored !== null) {
    try {
      const { history, importances, parallel } = JSON.parse(stored) as StudyViews;
      views = { history, importances, parallel };
    } catch (err) {
      throw new ServiceError("UNPROCESSABLE", `the run's ${STUDY_FILE} cannot be read: ${(err as Error).message}`);
    }
  } else {
    const records: TrialRecord[] = trials.map((t) => ({ number: t.number, state: t.state, params: t.params, value: t.value, intermediate: [] }));
    views = studyViews(config.space, records, config.direction, config.seed);
  }
  return {
    objective: config.objective,
    direction: config.direction,
    algorithm: config.model.algorithm,
    space: config.space,
    plannedTrials: config.trials,
    trials,
    best: best && { number: best.number, value: best.value!, params: best.params },
    final: stored !== null,
    ...views,
  };
}
