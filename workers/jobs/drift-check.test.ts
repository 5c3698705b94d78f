/**
 * The drift_check job on the real S&P 500 series: a GBDT trained on 2010–2014 (its run names the
 * dataset version and the window), deployed, scored through the serving service so its requests
 * are logged, then checked against its training window.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import type { Db } from "@/db";
import { alerts, driftMonitors, runArtifacts } from "@/db/schema";
import { describeWithDatabase } from "@/db/testing/databases";
import { featureDrift } from "@/server/quant/monitoring/drift";
import { REFERENCE_ARTIFACT } from "@/server/quant/monitoring/feature-sample";
import { realisedLabelSeries } from "@/server/quant/monitoring/outcomes";
import { GbdtRegressor } from "@/server/quant/models/gbdt";
import { designMatrix } from "@/server/quant/validation/design-matrix";
import { directionalAccuracy, rmse } from "@/server/quant/validation/metrics";
import { lowerBound } from "@/server/quant/validation/splits";
import type { TeamCtx } from "@/server/services/context";
import { importSampleDataset } from "@/server/services/datasets/testing";
import { localDispatcher } from "@/server/services/jobs/dispatch";
import { checkDriftNow } from "@/server/services/monitoring/check-drift-now";
import { listDriftReports } from "@/server/services/monitoring/list-drift-reports";
import { runDueDriftChecks } from "@/server/services/monitoring/run-due-drift-checks";
import { setDriftMonitor } from "@/server/services/monitoring/set-drift-monitor";
import { createToken } from "@/server/services/tokens/create-token";
import { monitoringHandlers } from "@/server/api/monitoring-rest";
import { createDeployment } from "@/server/services/serving/create-deployment";
import { LOGGED_FEATURE_ROWS } from "@/server/services/serving/logged-inputs";
import { predict } from "@/server/services/serving/predict";
import { flushPredictionLog } from "@/server/services/serving/prediction-log";
import { HORIZON, registerFitted, spxW3, type TrainedOn } from "@/server/services/serving/testing";
import { makeTeamWithRoles } from "@/server/services/testing";
import { jobLogLines, testRunners, waitForJob } from "@/workers/local/testing";
import type { DriftCheckJobResult } from "./drift-check";

const startRunner = testRunners();
const spx = spxW3();
const names = spx.features.names;
const at = (day: string) => lowerBound(spx.bars.time, Date.parse(`${day}T00:00:00Z`));
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);
const train = range(at("2010-01-01"), at("2015-01-01"));
const year2016 = range(at("2016-01-01"), at("2017-01-01"));
const model = new GbdtRegressor({ nEstimators: 20, maxDepth: 4, learningRate: 0.05, seed: 0 }).fit(...(({ X, y }) => [X, y] as const)(designMatrix(spx.features.columns, spx.fwd, { rows: Int32Array.from(train) })));

/** Feature rows by name at bars `ts`, each value × `scale`. */
const rowsAt = (ts: number[], scale = 1) => ts.map((t) => Object.fromEntries(names.map((n, j) => [n, spx.features.columns[j]![t]! * scale])));
const barsOf = (ts: number[]) => ts.map((t) => ({ time: spx.bars.time[t]!, open: spx.bars.open[t]!, high: spx.bars.high[t]!, low: spx.bars.low[t]!, close: spx.bars.close[t]!, volume: spx.bars.volume[t]! }));

describeWithDatabase("drift_check job", (database) => {
  let world: Awaited<ReturnType<typeof makeTeamWithRoles>> & { datasetId: string; trainedOn: TrainedOn };

  beforeAll(async () => {
    const f = await makeTeamWithRoles(database().db);
    const imported = await importSampleDataset(f.ctx.member, "spx");
    world = { ...f, datasetId: imported.dataset.id, trainedOn: { datasetVersionId: imported.version.id, params: { start: "2010-01-01", end: "2014-12-31" } } };
  }, 60_000);

  async function runCheck(db: Db, ctx: TeamCtx, deployment: string) {
    const job = await checkDriftNow({ ctx, input: { deployment }, dispatcher: localDispatcher });
    startRunner(db);
    return waitForJob(db, job.id, ["succeeded", "failed"], 60_000);
  }

  /** Scores rows in requests small enough for the log to keep every feature vector. */
  async function predictRows(ctx: TeamCtx, name: string, rows: Record<string, number>[]) {
    for (let i = 0; i < rows.length; i += LOGGED_FEATURE_ROWS) await predict({ ctx, input: { name, request: { rows: rows.slice(i, i + LOGGED_FEATURE_ROWS) } } });
  }

  /** A deployment of a fresh version of `name` trained on 2010–2014. */
  async function deploy(ctx: typeof world.ctx, name: string, trainedOn: TrainedOn = world.trainedOn) {
    const version = await registerFitted(ctx.member, name, model, { run: trainedOn });
    await createDeployment({ ctx: ctx.reviewer, input: { name, primary: { model: name, version: version.version } } });
    return version;
  }

  it("2016 requests against 2010–2014: every feature's statistics as featureDrift gives them on the float32 rows served, no data set drift and no alert; the same rows × 1.5 drift and raise a DRIFT alert; the reference is computed once and cached", async () => {
    const { db } = database();
    const { ctx } = world;
    const version = await deploy(ctx, "spx-2016");
    await predictRows(ctx.viewer, "spx-2016", rowsAt(year2016));
    await flushPredictionLog();
    const done = await runCheck(db, ctx.member, "spx-2016");
    expect([done.status, done.error]).toEqual(["succeeded", null]);
    const result = done.result as DriftCheckJobResult;
    expect(result).toMatchObject({ outcome: "reported", deployment: "spx-2016", version: { model: "spx-2016", version: 1 }, datasetDrift: false, drifted: 3, evaluated: 20, alerts: [] });

    const [report] = (await listDriftReports({ ctx: ctx.viewer, input: { deployment: "spx-2016" } })).items;
    const reference = spx.features.columns.map((c) => c.slice(train[0], train[train.length - 1]! + 1));
    const served = spx.features.columns.map((c) => Float64Array.from(year2016, (t) => Math.fround(c[t]!)));
    const expected = featureDrift(reference, served, names);
    expect([report!.referenceRows, report!.currentRows, report!.referenceFrom.getTime(), report!.referenceTo.getTime()]).toEqual([1258, 252, spx.bars.time[train[0]!], spx.bars.time[train[train.length - 1]!]]);
    expect(report!.features.map((f) => [f.name, f.psiLevel, f.drifted])).toEqual(expected.features.map((f) => [f.name, f.psiLevel, f.drifted]));
    for (const [i, f] of report!.features.entries()) {
      expect(f.psi, f.name).toBeCloseTo(expected.features[i]!.psi, 12);
      expect(f.ks, f.name).toBeCloseTo(expected.features[i]!.ks, 12);
    }
    const byName = Object.fromEntries(report!.features.map((f) => [f.name, f]));
    for (const n of ["logret1", "logret5", "logret20"]) expect(byName[n]!.psiLevel, n).toBe("ok");
    expect(report!.features.filter((f) => f.drifted).map((f) => f.name)).toEqual(["atr14", "obv", "adx14"]);
    expect([report!.datasetDrift, report!.driftedShare, report!.performance]).toEqual([false, 0.15, null]);

    const [cache] = await db.select().from(runArtifacts).where(and(eq(runArtifacts.runId, version.runId!), eq(runArtifacts.path, REFERENCE_ARTIFACT)));
    expect(cache).toBeDefined();
    expect((await jobLogLines(db, done.id)).map((l) => l.line)).toContain(`reference: 1258 rows of the training window (run params start/end), cached as ${REFERENCE_ARTIFACT}`);

    // The same version behind a second endpoint whose callers send the 2016 rows × 1.5.
    const shiftedDeployment = await createDeployment({ ctx: ctx.reviewer, input: { name: "spx-shifted", primary: { model: "spx-2016", version: 1 } } });
    await predictRows(ctx.viewer, "spx-shifted", rowsAt(year2016, 1.5));
    await flushPredictionLog();
    const shifted = await runCheck(db, ctx.member, "spx-shifted");
    const r = shifted.result as DriftCheckJobResult;
    expect(r).toMatchObject({ outcome: "reported", datasetDrift: true, drifted: 12, evaluated: 20 });
    expect((await jobLogLines(db, shifted.id)).some((l) => l.line.startsWith("reference:"))).toBe(false); // read from the cache
    const raised = await db.select().from(alerts).where(and(eq(alerts.teamId, ctx.admin.team.id), eq(alerts.versionId, version.id)));
    expect(raised.map((a) => [a.type, a.severity, a.title, a.deploymentId])).toEqual([["DRIFT", "warning", "Data drift at spx-shifted (spx-2016 v1): 12 of 20 features drifted", shiftedDeployment.id]]);
    expect(r.alerts).toEqual([{ id: raised[0]!.id, type: "DRIFT", severity: "warning", created: true }]);
    expect((raised[0]!.details as { reportId: string }).reportId).toBe(r.reportId);

    // The same report over REST, snake_case.
    const token = (await createToken({ ctx: ctx.viewer, input: { name: "monitoring" } })).token;
    const res = await monitoringHandlers({ database: async () => database() }).reports("spx-shifted")(new Request("http://test/api/v1/deployments/spx-shifted/drift?limit=1", { headers: { authorization: `Bearer ${token}` } }));
    const body = (await res.json()) as { reports: Record<string, unknown>[]; next_before: string | null };
    expect([res.status, body.reports.length, body.next_before]).toEqual([200, 1, null]);
    expect(body.reports[0]).toMatchObject({ id: r.reportId, deployment: "spx-shifted", model: "spx-2016", version: 1, source: "log", evaluated: 20, drifted: 12, drifted_share: 0.6, dataset_drift: true, current: { rows: 252 }, reference: { rows: 1258 }, performance: null });
    const f = (await listDriftReports({ ctx: ctx.viewer, input: { deployment: "spx-shifted" } })).items[0]!.features[0]!;
    expect((body.reports[0]!.features as Record<string, unknown>[])[0]).toEqual({
      name: "sma20",
      psi: f.psi,
      psi_level: f.psiLevel,
      ks: f.ks,
      ks_p_value: f.ksPValue,
      wasserstein_sigma: f.wassersteinSigma,
      jensen_shannon: f.jensenShannon,
      drifted: f.drifted,
      reference_count: 1258,
      current_count: 252,
      reference_missing: 0,
      current_missing: 0,
    });
  }, 120_000);

  it("a deployment fed by a market's bars: the current sample is that market's latest bars, by the version's spec", async () => {
    const { db } = database();
    const { ctx } = world;
    await deploy(ctx, "spx-bars");
    await setDriftMonitor({ ctx: ctx.reviewer, input: { deployment: "spx-bars", cron: "@daily", settings: { current: { source: "dataset", datasetId: world.datasetId, bars: 250 } } } });
    const done = await runCheck(db, ctx.member, "spx-bars");
    expect([done.status, done.error]).toEqual(["succeeded", null]);
    const [report] = (await listDriftReports({ ctx: ctx.viewer, input: { deployment: "spx-bars" } })).items;
    const n = spx.bars.close.length;
    const expected = featureDrift(
      spx.features.columns.map((c) => c.slice(train[0], train[train.length - 1]! + 1)),
      spx.features.columns.map((c) => c.slice(n - 250)),
      names,
    );
    expect([report!.source, report!.currentRows, report!.currentFrom.getTime(), report!.currentTo.getTime()]).toEqual(["dataset", 250, spx.bars.time[n - 250], spx.bars.time[n - 1]]);
    expect(report!.features.map((f) => f.psi)).toEqual(expected.features.map((f) => f.psi));
    expect([report!.drifted, report!.datasetDrift]).toEqual([expected.drifted, expected.datasetDrift]);
  }, 120_000);

  it("performance drift: logged predictions of bars against their realised 5-day returns, rolling RMSE and hit rate against the version's validation figures", async () => {
    const { db } = database();
    const { ctx } = world;
    // Served answers for every 2016 bar, from bars warmed up since October 2015.
    const from = at("2015-10-01");
    const bars = barsOf(range(from, year2016[year2016.length - 1]! + 1));
    const probe = await registerFitted(ctx.member, "probe", model);
    await createDeployment({ ctx: ctx.reviewer, input: { name: "probe", primary: { model: "probe", version: probe.version } } });
    const answers = (await predict({ ctx: ctx.viewer, input: { name: "probe", request: { bars, score: "all" } } })).predictions;
    const scored = range(from, from + answers.length).filter((t) => answers[t - from] !== null); // warm from November 2015
    const yPred = Float64Array.from(scored, (t) => answers[t - from]!);
    const realised = realisedLabelSeries(spx.bars.close, { kind: "regression", horizon: HORIZON });
    const yTrue = Float64Array.from(scored, (t) => realised[t]!);
    const last50 = (x: Float64Array) => x.subarray(x.length - 50);
    const realisedRmse = rmse(last50(yTrue), last50(yPred)), realisedHit = directionalAccuracy(last50(yTrue), last50(yPred));
    // Validation figures: an RMSE half the one realised (alert), the hit rate realised (ok).
    await deploy(ctx, "perf", { ...world.trainedOn, metrics: { rmse: realisedRmse / 2, directional_accuracy: realisedHit } });
    await predict({ ctx: ctx.viewer, input: { name: "perf", request: { bars, score: "all" } } });
    await flushPredictionLog();
    const perfMonitor = await setDriftMonitor({ ctx: ctx.reviewer, input: { deployment: "perf", cron: "0 6 * * *", settings: { outcomes: { datasetId: world.datasetId, window: 50 } } } });
    const done = await runCheck(db, ctx.member, "perf");
    expect([done.status, done.error]).toEqual(["succeeded", null]);
    const [report] = (await listDriftReports({ ctx: ctx.viewer, input: { deployment: "perf" } })).items;
    const p = report!.performance!;
    expect([p.task, p.window, p.realised, p.skipped]).toEqual(["regression", 50, scored.length, null]);
    const [rmseDrift, hitDrift] = p.metrics;
    expect([rmseDrift!.key, rmseDrift!.baseline, rmseDrift!.level]).toEqual(["rmse", realisedRmse / 2, "alert"]);
    expect(rmseDrift!.current).toBeCloseTo(realisedRmse, 12);
    expect(rmseDrift!.degradation).toBeCloseTo(1, 10);
    expect([hitDrift!.key, hitDrift!.current, hitDrift!.level]).toEqual(["directional_accuracy", realisedHit, "ok"]);
    expect(rmseDrift!.series[0]).toEqual({ t: spx.bars.time[scored[49]!], v: expect.closeTo(rmse(yTrue.subarray(0, 50), yPred.subarray(0, 50)), 12) });
    expect(rmseDrift!.series.at(-1)).toEqual({ t: spx.bars.time[year2016.at(-1)!], v: expect.closeTo(realisedRmse, 12) });
    const raised = await db.select().from(alerts).where(and(eq(alerts.teamId, ctx.admin.team.id), eq(alerts.type, "PERFORMANCE")));
    expect(raised.map((a) => [a.severity, a.title])).toEqual([["critical", `Performance of perf (perf v1) degraded: RMSE ${realisedRmse.toPrecision(3)} against ${(realisedRmse / 2).toPrecision(3)} in validation (100% worse)`]]);
    const [monitor] = await db.select().from(driftMonitors).where(eq(driftMonitors.id, perfMonitor!.id));
    expect([monitor!.lastStatus, monitor!.lastJobId]).toEqual(["succeeded", done.id]);
  }, 120_000);

  it("the scheduler's tick queues a due check once however many ticks run; a check with too few logged rows is skipped, saying so on the monitor", async () => {
    const { db } = database();
    const { ctx } = world;
    await deploy(ctx, "quiet");
    await expect(setDriftMonitor({ ctx: ctx.member, input: { deployment: "quiet", cron: "0 * * * *" } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const monitor = await setDriftMonitor({ ctx: ctx.reviewer, input: { deployment: "quiet", cron: "0 * * * *", timeZone: "Europe/London", settings: { minRows: 20 } } });
    expect(monitor).toMatchObject({ deployment: "quiet", enabled: true, settings: { current: { source: "log", hours: 24, maxRows: 5000 }, minRows: 20, outcomes: null } });
    const due = new Date(monitor!.nextRunAt!.getTime() + 1000);
    const [a, b] = await Promise.all([runDueDriftChecks({ db, now: due, dispatcher: localDispatcher }), runDueDriftChecks({ db, now: due, dispatcher: localDispatcher })]);
    const queued = [...a, ...b].filter((o) => o.monitorId === monitor!.id);
    expect(queued).toEqual([{ monitorId: monitor!.id, queued: expect.any(String) }]);
    const jobId = (queued[0] as { queued: string }).queued;
    expect((await runDueDriftChecks({ db, now: due })).filter((o) => o.monitorId === monitor!.id)).toEqual([]); // its next check is an hour on
    startRunner(db);
    const done = await waitForJob(db, jobId, ["succeeded", "failed"], 60_000);
    expect(done.result).toMatchObject({ outcome: "skipped", reason: "0 rows in requests logged in the last 24 h; a check needs at least 20", reportId: null });
    const [row] = await db.select().from(driftMonitors).where(eq(driftMonitors.id, monitor!.id));
    expect([row!.lastStatus, row!.lastReason, row!.lastJobId, row!.nextRunAt!.getTime()]).toEqual(["skipped", "0 rows in requests logged in the last 24 h; a check needs at least 20", jobId, monitor!.nextRunAt!.getTime() + 3_600_000]);
  }, 120_000);

  it("a version whose run names no dataset version has no training window: the check fails saying so, its monitor records it and an ERROR alert names the deployment", async () => {
    const { db } = database();
    const { ctx } = world;
    await deploy(ctx, "untraced", {});
    const monitor = await setDriftMonitor({ ctx: ctx.admin, input: { deployment: "untraced", cron: "@daily" } });
    await expect(checkDriftNow({ ctx: ctx.viewer, input: { deployment: "untraced" } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const done = await runCheck(db, ctx.member, "untraced");
    expect(done.status).toBe("failed");
    expect(done.error).toMatch(/^version 1 of "untraced" has no known training window: its run [0-9a-f-]{36} names no dataset version$/);
    const [row] = await db.select().from(driftMonitors).where(eq(driftMonitors.id, monitor!.id));
    expect([row!.lastStatus, row!.lastReason]).toEqual(["failed", `the drift check failed: ${done.error}`]);
    const raised = await db.select().from(alerts).where(and(eq(alerts.teamId, ctx.admin.team.id), eq(alerts.type, "ERROR"), eq(alerts.deploymentId, row!.deploymentId)));
    expect(raised.map((a) => [a.severity, a.title, (a.details as { reason: string }).reason])).toEqual([["warning", "The drift check of untraced failed", `the drift check failed: ${done.error}`]]);
  }, 120_000);
});
