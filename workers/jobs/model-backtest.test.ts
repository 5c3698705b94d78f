import { expect, it } from "vitest";
import { describeWithDatabase } from "@/db/testing/databases";
import { computeFeatures, W3_SPEC } from "@/server/quant/features/spec";
import { getBacktest } from "@/server/services/backtests/get-backtest";
import { generateSyntheticDataset } from "@/server/services/datasets/generate-synthetic";
import { importSampleDataset } from "@/server/services/datasets/testing";
import { localDispatcher } from "@/server/services/jobs/dispatch";
import { enqueueJob } from "@/server/services/jobs/enqueue-job";
import { getRegisteredModel } from "@/server/services/registry/models";
import { fitSpxGbdt, registerFitted, spxW3 } from "@/server/services/serving/testing";
import { makeTeamWithRoles } from "@/server/services/testing";
import { jobLogLines, testRunners, waitForJob } from "@/workers/local/testing";
import type { ModelBacktestJobResult } from "./model-backtest";

const startRunner = testRunners();

describeWithDatabase("model_backtest job", (database) => {
  it("backtests an SPX-trained version on AAPL through its ONNX graph and records the cross-ticker evaluation on the version", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const spx = spxW3();
    const model = fitSpxGbdt(spx);
    await registerFitted(ctx.member, "spx-gbdt", model);
    const aapl = await importSampleDataset(ctx.member, "aapl", "AAPL");
    const job = await enqueueJob({
      ctx: ctx.member,
      input: { kind: "model_backtest", input: { model: { name: "spx-gbdt", version: 1 }, target: { datasetId: aapl.dataset.id, start: "2016-01-01" } } },
      dispatcher: localDispatcher,
    });
    startRunner(db);
    const done = await waitForJob(db, job.id, ["succeeded", "failed"], 60_000);
    expect([done.status, done.error]).toEqual(["succeeded", null]);
    const result = done.result as ModelBacktestJobResult;
    expect(result.title).toBe("spx-gbdt v1 on AAPL AAPL");
    expect(result.metrics.model_rmse).toBeGreaterThan(0);
    const sig = (x: number | null) => String(Number(x!.toPrecision(4)));
    expect((await jobLogLines(db, job.id)).map((l) => l.line)).toContain(
      `spx-gbdt v1 on AAPL AAPL: sharpe ${sig(result.metrics.sharpe!)}, total return ${sig(result.metrics.totalReturn!)}, trades ${result.metrics.trades}`,
    );

    // The ONNX predictions equal the native model's on AAPL's own features (float32 graph).
    const bt = await getBacktest({ ctx: ctx.viewer, input: { id: result.backtestId } });
    const pred = bt.result.predictions!.prediction;
    expect(pred).toHaveLength(bt.bars);
    const bars = (await import("@/server/quant/data/sample-datasets")).loadSampleDataset("aapl");
    const { columns } = computeFeatures(W3_SPEC, bars);
    const from = bars.time.findIndex((t) => t >= Date.parse("2016-01-01T00:00:00Z"));
    const native = model.predict(columns.map((c) => c.slice(from)));
    pred.forEach((p, i) => expect(Math.abs(p! - native[i]!)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(native[i]!))));
    // Realised 5-bar returns: known except for the window's last 5 bars.
    const actual = bt.result.predictions!.actual!;
    expect(actual.slice(-5)).toEqual([null, null, null, null, null]);
    expect(actual[0]).toBeCloseTo(Math.log(bars.close[from + 5]! / bars.close[from]!), 12);
    expect(bt.result.trades.length).toBeGreaterThan(0);

    const version = (await getRegisteredModel({ ctx: ctx.viewer, input: { name: "spx-gbdt" } })).versions[0]!;
    const evaluation = JSON.parse(version.tags["evaluation:AAPL:AAPL"]!);
    expect(evaluation).toMatchObject({ runId: result.runId, backtestId: result.backtestId, start: "2016-01-04", end: "2018-05-11" });
    expect(evaluation.sharpe).toBe(result.metrics.sharpe);
  });

  it("refuses a model without a Production version when none is named", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const spx = spxW3();
    await registerFitted(ctx.member, "unpromoted", fitSpxGbdt(spx, { trees: 2 }));
    const synth = await generateSyntheticDataset({ ctx: ctx.member, input: { name: "OU", bars: 100 } });
    const job = await enqueueJob({
      ctx: ctx.member,
      input: { kind: "model_backtest", input: { model: { name: "unpromoted" }, target: { datasetId: synth.dataset.id, allowSynthetic: true } } },
      dispatcher: localDispatcher,
    });
    startRunner(db);
    const done = await waitForJob(db, job.id, ["succeeded", "failed"], 60_000);
    expect(done.status).toBe("failed");
    expect(done.error).toBe('a Production version of "unpromoted" (name a version or an alias) not found');
  });
});
