import { and, eq, inArray } from "drizzle-orm";
import { datasetVersions, runArtifacts, runParams, runs } from "@/db/schema";
import type { TeamCtx } from "../context";
import { ServiceError } from "../errors";
import { getRunArtifact } from "../tracking/artifacts";

/** Where a version's training bars are: a dataset version (and symbol), and the window. */
export interface TrainingWindow {
  runId: string;
  datasetId: string;
  datasetVersion: number;
  symbol: string | undefined;
  /** [fromMs, toMs): bar times (±Infinity: open). */
  fromMs: number;
  toMs: number;
  /** Where the window came from, for reports and errors. */
  basis: "last fold of report.json" | "run params start/end" | "whole dataset version";
}

const DAY_MS = 86_400_000;
const noWindow = (what: string, why: string) => new ServiceError("CONFLICT", `${what} has no known training window: ${why}`);

/**
 * The training window of a model version, from its run: the dataset version the run used
 * (`runs.datasetVersionId`) and its `symbol` param; the window is the last fold's training window
 * in report.json (a walk-forward registers the last fold's model, trained on
 * [trainStart, testStart)), else the run's `start`/`end` params (dates inclusive), else the whole
 * dataset version. A version without a run, or whose run names no dataset version, has none
 * (CONFLICT, saying which).
 */
export async function versionTrainingWindow(ctx: TeamCtx, v: { model: string; version: number; runId: string | null }): Promise<TrainingWindow> {
  const what = `version ${v.version} of "${v.model}"`;
  if (!v.runId) throw noWindow(what, "it was registered without a run");
  const [run] = await ctx.db.select({ datasetVersionId: runs.datasetVersionId }).from(runs).where(and(eq(runs.teamId, ctx.team.id), eq(runs.id, v.runId)));
  if (!run) throw noWindow(what, `its run ${v.runId} no longer exists`);
  if (!run.datasetVersionId) throw noWindow(what, `its run ${v.runId} names no dataset version`);
  const [data] = await ctx.db.select({ datasetId: datasetVersions.datasetId, version: datasetVersions.version }).from(datasetVersions).where(eq(datasetVersions.id, run.datasetVersionId));
  if (!data) throw noWindow(what, "its dataset version was deleted");
  const params = Object.fromEntries(
    (await ctx.db.select({ key: runParams.key, value: runParams.value }).from(runParams).where(and(eq(runParams.runId, v.runId), inArray(runParams.key, ["symbol", "start", "end"])))).map((p) => [p.key, p.value]),
  );
  const base = { runId: v.runId, datasetId: data.datasetId, datasetVersion: data.version, symbol: params.symbol || undefined };

  const lastFold = await reportLastFold(ctx, v.runId);
  if (lastFold) return { ...base, fromMs: lastFold.fromMs, toMs: lastFold.toMs, basis: "last fold of report.json" };
  const day = (key: "start" | "end") => {
    const ms = params[key] ? Date.parse(`${params[key]}T00:00:00Z`) : NaN;
    if (params[key] && Number.isNaN(ms)) throw noWindow(what, `its run's ${key} param "${params[key]}" is not a date`);
    return ms;
  };
  const start = day("start"), end = day("end");
  if (!Number.isNaN(start) || !Number.isNaN(end)) {
    return { ...base, fromMs: Number.isNaN(start) ? -Infinity : start, toMs: Number.isNaN(end) ? Infinity : end + DAY_MS, basis: "run params start/end" };
  }
  return { ...base, fromMs: -Infinity, toMs: Infinity, basis: "whole dataset version" };
}

/** The last fold's training window in the run's report.json, when it has one. */
async function reportLastFold(ctx: TeamCtx, runId: string): Promise<{ fromMs: number; toMs: number } | null> {
  const [has] = await ctx.db.select({ path: runArtifacts.path }).from(runArtifacts).where(and(eq(runArtifacts.runId, runId), eq(runArtifacts.path, "report.json")));
  if (!has) return null;
  const { bytes } = await getRunArtifact({ ctx, input: { runId, path: "report.json" } });
  let report: { perFold?: { trainStart?: string; testStart?: string }[] };
  try {
    report = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
  const last = report.perFold?.at(-1);
  const fromMs = Date.parse(last?.trainStart ?? ""), toMs = Date.parse(last?.testStart ?? "");
  return Number.isFinite(fromMs) && Number.isFinite(toMs) && fromMs < toMs ? { fromMs, toMs } : null;
}
