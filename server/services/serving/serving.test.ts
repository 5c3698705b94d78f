import { and, eq } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { auditLog, deploymentEvents, predictionLog } from "@/db/schema";
import { describeWithDatabase } from "@/db/testing/databases";
import { computeFeatures, W3_SPEC } from "@/server/quant/features/spec";
import { classRiskScore, intervalRiskScore, logReturnVolatility, RISK_WINDOWS } from "@/server/quant/monitoring/risk";
import { evenlySpaced } from "@/server/quant/monitoring/sample";
import type { Estimator } from "@/server/quant/models/estimator";
import { createOnnxSession, runOnnx } from "@/server/quant/onnx/runtime";
import { sliceOhlcv } from "@/server/quant/data/ohlcv";
import { takeRows } from "@/server/quant/validation/design-matrix";
import { createReadStream } from "node:fs";
import { sampleDatasetPath, SAMPLE_DATASETS } from "@/server/quant/data/sample-datasets";
import { importDataset } from "../datasets/import-dataset";
import { getRunArtifact } from "../tracking/artifacts";
import { createExperiment } from "../tracking/experiments";
import { createRun } from "../tracking/runs";
import { setAlias } from "../registry/aliases";
import { approveTransition, requestProduction, rollbackProduction } from "../registry/stages";
import { makeTeamWithRoles } from "../testing";
import type { TeamCtx } from "../context";
import { batchPredict } from "./batch-predict";
import { createDeployment } from "./create-deployment";
import { deleteDeployment } from "./delete-deployment";
import { getDeployment } from "./get-deployment";
import { getDeploymentTraffic } from "./deployment-traffic";
import { listDeployments } from "./list-deployments";
import { clearServedVersions, withServedVersion } from "./model-cache";
import { predict } from "./predict";
import { LOGGED_FEATURE_ROWS } from "./logged-inputs";
import { flushPredictionLog } from "./prediction-log";
import { requestMatrix } from "./request-features";
import { keyPlace } from "./routing";
import { PredictRequest } from "./schemas";
import { scoreMatrix } from "./score";
import { fitSpxClassifier, fitSpxGbdt, HORIZON, registerFitted, spxW3 } from "./testing";
import { updateDeployment } from "./update-deployment";

const spx = spxW3();
const gbdtA = fitSpxGbdt(spx, { trees: 20, seed: 1 });
const gbdtB = fitSpxGbdt(spx, { trees: 30, seed: 2 });
const names = spx.features.names;
const last = spx.bars.close.length - 1;

/** Feature rows by name at bars `ts` (float64 values as JSON would carry them). */
const rowsAt = (ts: number[]) => ts.map((t) => Object.fromEntries(names.map((n, j) => [n, spx.features.columns[j]![t]!])));
const columnsAt = (ts: number[]) => spx.features.columns.map((c) => takeRows(c, Int32Array.from(ts)));
/** spx bars [from, to) as request bars. */
const barsOf = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, k) => {
    const t = from + k;
    const b = spx.bars;
    return { time: new Date(b.time[t]!).toISOString(), open: b.open[t]!, high: b.high[t]!, low: b.low[t]!, close: b.close[t]!, volume: b.volume[t]! };
  });
const lastBars = (k: number) => Array.from({ length: k }, (_, i) => last - k + 1 + i);
/** A model's ONNX answers on a one-thread session, as serving runs it: ONNX Runtime's tree
 * ensembles sum trees in float32 in an order that depends on the thread count, so only the same
 * thread count gives the same bits. */
const onnxPredictions = async (model: Estimator, X: Float64Array[]) => {
  const session = await createOnnxSession(model.toOnnx(), { cache: false, intraOpNumThreads: 1 });
  return Array.from((await runOnnx(session, X, X[0]!.length, X.length)).prediction!.data as Float32Array);
};
/** The features of spx bars [from, to], computed from those bars alone (as a request's bars are). */
const windowFeatures = (from: number, to: number) => computeFeatures(W3_SPEC, sliceOhlcv(spx.bars, from, to + 1)).columns;
const at = (columns: Float64Array[], ts: number[]) => columns.map((c) => takeRows(c, Int32Array.from(ts)));
/** |native − served| ≤ 1e-5 × max(1, |native|): ONNX Runtime's float32 graph (onnx/parity.ts's bound). */
const withinFloat32 = (served: (number | null)[], native: Float64Array) => served.every((v, i) => v !== null && Math.abs(v - native[i]!) <= 1e-5 * Math.max(1, Math.abs(native[i]!)));

describeWithDatabase("serving", (database) => {
  afterEach(flushPredictionLog); // the log is written after the answers: before the database closes
  const team = async () => makeTeamWithRoles(database().db);
  const deploy = (ctx: TeamCtx, input: Parameters<typeof createDeployment>[0]["input"]) => createDeployment({ ctx, input });
  const ask = (ctx: TeamCtx, name: string, request: unknown) => predict({ ctx, input: { name, request } });
  const logged = async (ctx: TeamCtx, deploymentId: string) => {
    await flushPredictionLog();
    return ctx.db.select().from(predictionLog).where(eq(predictionLog.deploymentId, deploymentId)).orderBy(predictionLog.id);
  };

  it("rows by name: the answer is the ONNX graph's on the same float32 rows, the native model's within float32, and logged", async () => {
    const { ctx } = await team();
    const v = await registerFitted(ctx.member, "spx-gbdt", gbdtA);
    const d = await deploy(ctx.reviewer, { name: "spx", primary: { model: "spx-gbdt", version: 1 } });
    const ts = lastBars(40);
    const res = await ask(ctx.viewer, "spx", { rows: rowsAt(ts), request_key: "desk-1" });
    expect(res.predictions).toEqual(await onnxPredictions(gbdtA, columnsAt(ts)));
    expect(withinFloat32(res.predictions, gbdtA.predict(columnsAt(ts)))).toBe(true);
    expect([res.version, res.arm, res.risk]).toEqual([{ model: "spx-gbdt", version: 1 }, "primary", ts.map(() => null)]);
    expect(res.latency_ms).toBeGreaterThan(0);
    const [row, ...more] = await logged(ctx.admin, d.id);
    expect(more).toEqual([]);
    expect([row!.versionId, row!.arm, row!.isShadow, row!.requestId, row!.requestKey, row!.rows, row!.inputHash]).toEqual([
      v.id,
      "primary",
      false,
      res.request_id,
      "desk-1",
      40,
      expect.stringMatching(/^[0-9a-f]{64}$/),
    ]);
    expect((row!.output as { predictions: number[] }).predictions).toEqual(res.predictions);
  });

  it("refuses rows that do not match the signature with 422, naming missing and unexpected fields, and values that are not numbers", async () => {
    const { ctx } = await team();
    await registerFitted(ctx.member, "m", gbdtA);
    await deploy(ctx.admin, { name: "ep", primary: { model: "m", version: 1 } });
    const [good] = rowsAt([last]);
    const { rsi14: _, obv: __, ...lacking } = good!;
    const err = await ask(ctx.viewer, "ep", { rows: [good, { ...lacking, colour: 1 }] }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: "UNPROCESSABLE",
      message: `rows do not match the signature of "m" v1 (first at rows[1]): missing obv, rsi14; unexpected colour`,
      details: { missing: ["obv", "rsi14"], unexpected: ["colour"], expected: names },
    });
    await expect(ask(ctx.viewer, "ep", { rows: [{ ...good, sma20: "high" }] })).rejects.toMatchObject({ code: "UNPROCESSABLE", field: "rows[0].sma20" });
    await expect(ask(ctx.viewer, "ep", { rows: [] })).rejects.toThrow("send at least one row");
    await expect(ask(ctx.viewer, "ep", { rows: [good], bars: barsOf(0, 3) })).rejects.toThrow("send either rows or bars");
    await expect(ask(ctx.viewer, "nope", { rows: [good] })).rejects.toMatchObject({ code: "NOT_FOUND", message: 'deployment "nope" not found' });
  });

  it("bars: the version's spec computes the features exactly as computeFeatures does; warm-up bars are unscored; a last bar in the warm-up is refused", async () => {
    const { ctx } = await team();
    await registerFitted(ctx.member, "m", gbdtA);
    await deploy(ctx.admin, { name: "ep", primary: { model: "m", version: 1 } });
    const from = last - 99;
    const own = windowFeatures(from, last);
    const complete = Array.from({ length: 100 }, (_, t) => t).filter((t) => own.every((c) => !Number.isNaN(c[t]!)));
    expect(complete[0]).toBeGreaterThan(0); // the window starts in the spec's warm-up
    const onnxAt = (ts: number[]) => onnxPredictions(gbdtA, at(own, ts));

    const lastOnly = await ask(ctx.viewer, "ep", { bars: barsOf(from, last + 1) });
    expect(lastOnly.predictions).toEqual(await onnxAt([99]));
    const all = await ask(ctx.viewer, "ep", { bars: barsOf(from, last + 1), score: "all" });
    expect(all.predictions).toHaveLength(100);
    expect(all.predictions.slice(0, complete[0])).toEqual(Array(complete[0]).fill(null));
    expect(complete.map((t) => all.predictions[t])).toEqual(await onnxAt(complete));

    await expect(ask(ctx.viewer, "ep", { bars: barsOf(from, from + 20) })).rejects.toMatchObject({
      code: "UNPROCESSABLE",
      message: expect.stringMatching(/^the last bar's features are not all defined; send more history \(20 bars sent, undefined: .*adx14/),
    });
    const shuffled = barsOf(from, from + 3).reverse();
    await expect(ask(ctx.viewer, "ep", { bars: shuffled })).rejects.toMatchObject({ code: "BAD_REQUEST", field: "bars[1].time" });
  });

  it("the log keeps the scored feature vectors (evenly thinned past LOGGED_FEATURE_ROWS), each answer row's bar time, and a failed request's error", async () => {
    const { ctx } = await team();
    const v = await registerFitted(ctx.member, "m", gbdtA);
    const d = await deploy(ctx.admin, { name: "ep", primary: { model: "m", version: 1 } });
    const ts = lastBars(3);
    await ask(ctx.viewer, "ep", { rows: rowsAt(ts) });
    const many = lastBars(LOGGED_FEATURE_ROWS + 44);
    await ask(ctx.viewer, "ep", { rows: rowsAt(many) });
    const from = last - 99;
    const all = await ask(ctx.viewer, "ep", { bars: barsOf(from, last + 1), score: "all" });
    await ask(ctx.viewer, "ep", { bars: barsOf(from, last + 1) });
    const { rsi14: _, ...lacking } = rowsAt([last])[0]!;
    await expect(ask(ctx.viewer, "ep", { rows: [lacking] })).rejects.toMatchObject({ code: "UNPROCESSABLE" });
    const [small, large, bars, lastBar, failed] = await logged(ctx.admin, d.id);
    // float32 as the model saw them; + 0 because JSON has no −0
    const f32 = (columns: Float64Array[], rows: number[]) => rows.map((t) => columns.map((c) => Math.fround(c[t]!) + 0));
    expect(small!.features).toEqual(f32(spx.features.columns, ts));
    expect([small!.barTimes, small!.error]).toEqual([null, null]);
    expect(large!.features).toEqual(f32(spx.features.columns, Array.from(evenlySpaced(many.length, LOGGED_FEATURE_ROWS), (i) => many[i]!)));
    const own = windowFeatures(from, last);
    const scored = all.predictions.flatMap((p, t) => (p === null ? [] : [t]));
    expect(scored.length).toBeGreaterThan(LOGGED_FEATURE_ROWS);
    expect(bars!.features).toEqual(f32(own, Array.from(evenlySpaced(scored.length, LOGGED_FEATURE_ROWS), (i) => scored[i]!)));
    expect(bars!.barTimes).toEqual(Array.from(spx.bars.time.subarray(from, last + 1)));
    expect([lastBar!.barTimes, lastBar!.features]).toEqual([[spx.bars.time[last]], f32(own, [99])]);
    expect([failed!.versionId, failed!.rows, failed!.output, failed!.features, failed!.error]).toEqual([v.id, 0, {}, null, expect.stringMatching(/^UNPROCESSABLE: rows do not match the signature of "m" v1/)]);
  });

  it("a classifier answers labels, class probabilities in class order and the class risk of the bars' volatility", async () => {
    const { ctx } = await team();
    const clf = fitSpxClassifier(spx);
    await registerFitted(ctx.member, "clf", clf);
    await deploy(ctx.admin, { name: "clf", primary: { model: "clf", version: 1 } });
    const from = last - 299;
    const res = await ask(ctx.viewer, "clf", { bars: barsOf(from, last + 1) });
    const X = at(windowFeatures(from, last), [299]);
    expect(res.classes).toEqual([-1, 0, 1]);
    expect(res.predictions).toEqual(Array.from(clf.predict(X)));
    const proba = clf.predictProba(X).map((c) => c[0]!);
    expect(res.probabilities![0]!.every((p, k) => Math.abs(p - proba[k]!) <= 1e-5)).toBe(true);
    const close = spx.bars.close.subarray(from, last + 1);
    const expected = classRiskScore(
      res.probabilities![0]!.map((p) => Float64Array.of(p)),
      Float64Array.of(logReturnVolatility(close, RISK_WINDOWS.recent)[299]!),
      Float64Array.of(logReturnVolatility(close, RISK_WINDOWS.longRun)[299]!),
    );
    expect(res.risk).toEqual([expected[0]]);
    expect(res.risk[0]).toBeGreaterThan(0);
  });

  it("an interval deployment answers the quantile bounds and their risk against the random walk's width", async () => {
    const { ctx } = await team();
    const lo = fitSpxGbdt(spx, { alpha: 0.1 });
    const hi = fitSpxGbdt(spx, { alpha: 0.9 });
    await registerFitted(ctx.member, "point", gbdtA);
    await registerFitted(ctx.member, "q10", lo, { quantileAlpha: 0.1 });
    await registerFitted(ctx.member, "q90", hi, { quantileAlpha: 0.9 });
    await expect(deploy(ctx.admin, { name: "bad", primary: { model: "point", version: 1 }, interval: { lower: { model: "q90", version: 1 }, upper: { model: "q10", version: 1 } } })).rejects.toThrow(
      "interval.lower's quantile (0.9) must be below interval.upper's (0.1)",
    );
    await expect(deploy(ctx.admin, { name: "bad", primary: { model: "point", version: 1 }, interval: { lower: { model: "point", version: 1 }, upper: { model: "q90", version: 1 } } })).rejects.toThrow(
      "interval.lower must be a quantile regressor",
    );
    await deploy(ctx.admin, { name: "iv", primary: { model: "point", version: 1 }, interval: { lower: { model: "q10", version: 1 }, upper: { model: "q90", version: 1 } } });
    const from = last - 59;
    const res = await ask(ctx.viewer, "iv", { bars: barsOf(from, last + 1) });
    const X = at(windowFeatures(from, last), [59]);
    const [l, u] = res.intervals![0]!;
    expect(res.interval_quantiles).toEqual([0.1, 0.9]);
    expect(Math.abs(l - lo.predict(X)[0]!)).toBeLessThan(1e-6);
    expect(Math.abs(u - hi.predict(X)[0]!)).toBeLessThan(1e-6);
    expect(l).toBeLessThan(u);
    const sigma = logReturnVolatility(spx.bars.close.subarray(from, last + 1), RISK_WINDOWS.recent)[59]!;
    expect(res.risk).toEqual([intervalRiskScore(Float64Array.of(l), Float64Array.of(u), Float64Array.of(sigma), 0.8, HORIZON)[0]]);
    // rows carry no volatility: the interval, but no risk
    const byRows = await ask(ctx.viewer, "iv", { rows: [Object.fromEntries(names.map((n, j) => [n, X[j]![0]!]))] });
    expect([byRows.intervals, byRows.risk]).toEqual([[[l, u]], [null]]);
  });

  it("ab: the same request key always gets the same arm, and the split follows the weight", async () => {
    const { ctx } = await team();
    await registerFitted(ctx.member, "m", gbdtA);
    await registerFitted(ctx.member, "m", gbdtB);
    const d = await deploy(ctx.admin, { name: "ab", mode: "ab", primary: { model: "m", version: 1 }, secondary: { model: "m", version: 2 }, challengerWeight: 0.3, logSampleRate: 0 });
    const rows = rowsAt([last]);
    const arms = new Map<string, number>();
    for (let k = 0; k < 300; k++) {
      const res = await ask(ctx.viewer, "ab", { rows, request_key: `client-${k}` });
      arms.set(`client-${k}`, res.version.version);
      expect(res.arm).toBe(res.version.version === 2 ? "challenger" : "primary");
      expect(res.version.version === 2).toBe(keyPlace(d.id, `client-${k}`) < 0.3);
    }
    for (const k of [0, 7, 42, 299]) expect((await ask(ctx.viewer, "ab", { rows, request_key: `client-${k}` })).version.version).toBe(arms.get(`client-${k}`));
    const share = [...arms.values()].filter((v) => v === 2).length / 300;
    // binomial(300, 0.3): σ ≈ 0.026, so ±0.08 is beyond 3σ
    expect(Math.abs(share - 0.3)).toBeLessThan(0.08);
    // the place is the first 4 bytes of sha256("<id>:<key>") over 2³² (python: int(sha256(b).hexdigest()[:8], 16) / 2**32)
    expect(keyPlace("d", "k")).toBe(Number.parseInt("10db0834", 16) / 2 ** 32);
    expect(await logged(ctx.admin, d.id)).toEqual([]); // logSampleRate 0
  });

  it("shadow: the primary answers, the shadow scores the same request in the background, and both are logged with its request id", async () => {
    const { ctx } = await team();
    const v1 = await registerFitted(ctx.member, "m", gbdtA);
    const v2 = await registerFitted(ctx.member, "m", gbdtB);
    const d = await deploy(ctx.admin, { name: "sh", mode: "shadow", primary: { model: "m", version: 1 }, secondary: { model: "m", version: 2 } });
    const rows = rowsAt(lastBars(3));
    const res = await ask(ctx.viewer, "sh", { rows, request_key: "r" });
    expect(res.version).toEqual({ model: "m", version: 1 });
    const log = await logged(ctx.admin, d.id);
    expect(log.map((r) => [r.versionId, r.arm, r.isShadow, r.requestId, r.requestKey])).toEqual([
      [v1.id, "primary", false, res.request_id, "r"],
      [v2.id, "shadow", true, res.request_id, "r"],
    ]);
    expect(log[0]!.inputHash).toBe(log[1]!.inputHash);
    expect((log[1]!.output as { predictions: number[] }).predictions).toEqual(await onnxPredictions(gbdtB, columnsAt(lastBars(3))));
    expect((log[0]!.output as { predictions: number[] }).predictions).toEqual(res.predictions);
  });

  it("moving the alias changes the answering version on the next request; rolling Production back restores the previous answers", async () => {
    const { ctx } = await team();
    await registerFitted(ctx.member, "m", gbdtA);
    await registerFitted(ctx.member, "m", gbdtB);
    await setAlias({ ctx: ctx.member, input: { name: "m", alias: "champion", version: 1 } });
    await deploy(ctx.admin, { name: "champ", primary: { model: "m", alias: "champion" } });
    const rows = rowsAt(lastBars(5));
    const v1 = await ask(ctx.viewer, "champ", { rows });
    await setAlias({ ctx: ctx.member, input: { name: "m", alias: "champion", version: 2 } });
    const v2 = await ask(ctx.viewer, "champ", { rows });
    expect([v1.version.version, v2.version.version]).toEqual([1, 2]);
    expect(v2.predictions).not.toEqual(v1.predictions);

    const promote = async (version: number) =>
      approveTransition({ ctx: ctx.reviewer, input: { requestId: (await requestProduction({ ctx: ctx.member, input: { name: "m", version } })).id } });
    await promote(1);
    await deploy(ctx.admin, { name: "prod", primary: { model: "m", stage: "Production" } });
    const before = await ask(ctx.viewer, "prod", { rows });
    await promote(2);
    const promoted = await ask(ctx.viewer, "prod", { rows });
    await rollbackProduction({ ctx: ctx.reviewer, input: { name: "m", version: 1 } });
    const rolledBack = await ask(ctx.viewer, "prod", { rows });
    expect([before.version.version, promoted.version.version, rolledBack.version.version]).toEqual([1, 2, 1]);
    expect(rolledBack.predictions).toEqual(before.predictions);
    expect(promoted.predictions).toEqual(v2.predictions);
  });

  it("a version's session retired while a request scores stays usable until that request is done", async () => {
    const { ctx } = await team();
    const v = await registerFitted(ctx.member, "m", gbdtA);
    const target = { id: v.id, model: "m", version: 1, runId: v.runId, source: v.source };
    const req = PredictRequest.parse({ rows: rowsAt([last]) });
    const during = await withServedVersion(ctx.viewer, target, async (served) => {
      clearServedVersions(); // an alias move or eviction while this request holds the session
      return scoreMatrix(served, requestMatrix(req, served));
    });
    const after = await withServedVersion(ctx.viewer, target, (served) => scoreMatrix(served, requestMatrix(req, served)));
    expect(Array.from(during.predictions)).toEqual(Array.from(after.predictions));
  });

  it("configures deployments by the role matrix, checks mode rules, and records events and audit rows", async () => {
    const { ctx } = await team();
    await registerFitted(ctx.member, "m", gbdtA);
    await registerFitted(ctx.member, "m", gbdtB);
    const primary = { model: "m", version: 1 };
    await expect(deploy(ctx.member, { name: "x", primary })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(deploy(ctx.admin, { name: "x", primary, secondary: { model: "m", version: 2 } })).rejects.toMatchObject({ field: "secondary" });
    await expect(deploy(ctx.admin, { name: "x", mode: "ab", primary })).rejects.toThrow("an ab deployment needs a challenger: set secondary");
    await expect(deploy(ctx.admin, { name: "x", mode: "shadow", primary, secondary: primary, challengerWeight: 0.2 })).rejects.toThrow("challengerWeight applies to ab deployments only");
    await expect(deploy(ctx.admin, { name: "x", primary: { model: "m", alias: "champion" } })).rejects.toThrow('primary: alias "champion" of "m" names no version');
    await expect(deploy(ctx.admin, { name: "x", primary: { model: "gone", version: 1 } })).rejects.toThrow('primary: registered model "gone" not found');
    await expect(deploy(ctx.admin, { name: "x", primary: { model: "m", version: 1, alias: "a" } })).rejects.toThrow("name exactly one of alias, stage or version");
    await expect(deploy(ctx.admin, { name: "no spaces", primary })).rejects.toThrow("a deployment name starts with a letter or digit");

    const created = await deploy(ctx.reviewer, { name: "x", primary, description: "desk" });
    expect(created).toMatchObject({ name: "x", mode: "single", status: "active", challengerWeight: 0, logSampleRate: 1, primary: { model: "m", version: 1, serving: 1 }, secondary: null, interval: null });
    await expect(deploy(ctx.reviewer, { name: "x", primary })).rejects.toMatchObject({ code: "CONFLICT", field: "name" });

    const ab = await updateDeployment({ ctx: ctx.reviewer, input: { name: "x", mode: "ab", secondary: { model: "m", version: 2 } } });
    expect([ab.mode, ab.challengerWeight, ab.secondary]).toEqual(["ab", 0.5, { model: "m", version: 2, serving: 2 }]);
    const weighted = await updateDeployment({ ctx: ctx.reviewer, input: { name: "x", challengerWeight: 0.1 } });
    expect([weighted.mode, weighted.challengerWeight]).toEqual(["ab", 0.1]);
    const back = await updateDeployment({ ctx: ctx.reviewer, input: { name: "x", secondary: null, primary: { model: "m", version: 2 } } });
    expect([back.mode, back.challengerWeight, back.secondary, back.primary]).toEqual(["single", 0, null, { model: "m", version: 2, serving: 2 }]);
    const paused = await updateDeployment({ ctx: ctx.reviewer, input: { name: "x", status: "paused", newName: "y" } });
    expect([paused.name, paused.status]).toEqual(["y", "paused"]);
    await expect(ask(ctx.viewer, "y", { rows: rowsAt([last]) })).rejects.toThrow('deployment "y" is paused');
    await expect(ask(ctx.viewer, "x", { rows: rowsAt([last]) })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(updateDeployment({ ctx: ctx.member, input: { name: "y", status: "active" } })).rejects.toMatchObject({ code: "FORBIDDEN" });

    const listed = await listDeployments({ ctx: ctx.viewer });
    expect(listed.map((d) => [d.name, d.primary?.serving])).toEqual([["y", 2]]);
    const detail = await getDeployment({ ctx: ctx.viewer, input: { name: "y" } });
    expect(detail.events.map((e) => e.kind)).toEqual(["update", "update", "update", "update", "create"]);
    expect(detail.events[0]!.after).toMatchObject({ name: "y", status: "paused" });

    await expect(deleteDeployment({ ctx: ctx.reviewer, input: { name: "y" } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await deleteDeployment({ ctx: ctx.admin, input: { name: "y" } });
    expect(await listDeployments({ ctx: ctx.viewer })).toEqual([]);
    expect(await ctx.admin.db.select().from(deploymentEvents).where(eq(deploymentEvents.deploymentId, created.id))).toEqual([]);
    const audit = await ctx.admin.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.teamId, ctx.admin.team.id), eq(auditLog.targetId, created.id)))
      .orderBy(auditLog.id);
    expect(audit.map((a) => a.action)).toEqual(["deployment.create", "deployment.update", "deployment.update", "deployment.update", "deployment.update", "deployment.delete"]);
  });

  it("traffic: the latest logged predictions and latency figures per arm and version", async () => {
    const { ctx } = await team();
    await registerFitted(ctx.member, "m", gbdtA);
    await deploy(ctx.admin, { name: "t", primary: { model: "m", version: 1 } });
    for (let k = 0; k < 4; k++) await ask(ctx.viewer, "t", { rows: rowsAt([last - k]) });
    await flushPredictionLog();
    const traffic = await getDeploymentTraffic({ ctx: ctx.viewer, input: { name: "t", limit: 3 } });
    expect(traffic.recent.map((r) => [r.model, r.version, r.arm, r.rows])).toEqual(Array(3).fill(["m", 1, "primary", 1]));
    expect(traffic.latency).toHaveLength(1);
    const l = traffic.latency[0]!;
    expect([l.arm, l.model, l.version, l.requests]).toEqual(["primary", "m", 1, 4]);
    expect(l.p50Ms).toBeGreaterThan(0);
    expect(l.p99Ms).toBeGreaterThanOrEqual(l.p50Ms);
  });

  it("batch prediction scores a data set's window with the primary and writes the answers to the run as CSV", async () => {
    const { ctx } = await team();
    await registerFitted(ctx.member, "m", gbdtA);
    await deploy(ctx.admin, { name: "batch", mode: "shadow", primary: { model: "m", version: 1 }, secondary: { model: "m", version: 1 } });
    const { symbol, pkg, file } = SAMPLE_DATASETS.spx;
    const [stored] = await importDataset({ ctx: ctx.member, input: { name: "spx", format: "csv", filename: `${pkg}/${file}`, symbol }, body: createReadStream(sampleDatasetPath("spx")) });
    const run = await createRun({ ctx: ctx.member, input: { experimentId: (await createExperiment({ ctx: ctx.member, input: { name: "batch" } })).id } });
    const target = { datasetId: stored!.dataset.id, start: "2019-01-01", end: "2019-12-31" };
    await expect(batchPredict({ ctx: ctx.viewer, input: { deployment: "batch", target, runId: run.id } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const out = await batchPredict({ ctx: ctx.member, input: { deployment: "batch", target, runId: run.id } });
    const ts = Array.from({ length: spx.bars.close.length }, (_, t) => t).filter((t) => new Date(spx.bars.time[t]!).getUTCFullYear() === 2019);
    expect([out.path, out.rows, out.scored, out.version]).toEqual(["predictions.csv", ts.length, ts.length, { model: "m", version: 1 }]);
    const csv = new TextDecoder().decode((await getRunArtifact({ ctx: ctx.viewer, input: { runId: run.id, path: "predictions.csv" } })).bytes);
    const [header, ...lines] = csv.trim().split("\n");
    expect(header).toBe("time,close,prediction,risk");
    expect(lines.map((l) => l.split(",")[0])).toEqual(ts.map((t) => new Date(spx.bars.time[t]!).toISOString()));
    // features from the whole history before each bar, as training computed them
    expect(lines.map((l) => Number(l.split(",")[2]))).toEqual(await onnxPredictions(gbdtA, columnsAt(ts)));
    expect(lines.every((l) => l.endsWith(","))).toBe(true); // a point regression has no risk
  });
});
