import { createReadStream } from "node:fs";
import { afterEach, expect, it } from "vitest";
import { describeWithDatabase } from "@/db/testing/databases";
import { SAMPLE_DATASETS, sampleDatasetPath } from "@/server/quant/data/sample-datasets";
import { importDataset } from "@/server/services/datasets/import-dataset";
import { generateSyntheticDataset } from "@/server/services/datasets/generate-synthetic";
import { makeTeamWithRoles } from "@/server/services/testing";
import { getRunArtifact } from "@/server/services/tracking/artifacts";
import { LocalRunner } from "@/workers/local/runner";
import { waitForJob } from "@/workers/local/testing";
import type { WalkForwardJobResult } from "@/workers/jobs/walk-forward";
import { localDispatcher } from "./dispatch";
import { enqueueJob } from "./enqueue-job";
import { listJobFolds } from "./job-folds";
import { getTrainingReport } from "./training-report";

const runners: LocalRunner[] = [];
afterEach(async () => {
  for (const r of runners.splice(0)) await r.stop();
});

interface ReportJson {
  oosTotalReturn: number;
  perFold: { index: number; metrics: Record<string, number>; backtest: { sharpe: number; trades: number } }[];
}

describeWithDatabase("the job page's reads of a walk-forward job", (database) => {
  it("folds: each fold run with its metrics as report.json has them; report: the equity curve, its drawdown and every trade", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const { symbol, pkg, file } = SAMPLE_DATASETS.spx;
    const [spx] = await importDataset({ ctx: ctx.member, input: { name: "SPX", format: "csv", filename: `${pkg}/${file}`, symbol }, body: createReadStream(sampleDatasetPath("spx")) });
    const job = await enqueueJob({
      ctx: ctx.member,
      dispatcher: localDispatcher,
      input: {
        kind: "walk_forward",
        input: {
          target: { datasetId: spx!.dataset.id, start: "2012-01-01", end: "2016-12-31" },
          splits: { trainMonths: 24, testMonths: 6, stepMonths: 6 },
          model: { algorithm: "gbdt", params: { nEstimators: 10, maxDepth: 3 } },
          settings: { startCash: 50_000 },
          importance: null,
        },
      },
    });
    // Queued: no run yet, so no folds and no report.
    expect(await listJobFolds({ ctx: ctx.viewer, input: { id: job.id } })).toEqual({ folds: [], labels: {} });
    expect(await getTrainingReport({ ctx: ctx.viewer, input: { id: job.id } })).toBeNull();

    const runner = new LocalRunner({ db, workers: 1, pollMs: 25 });
    runners.push(runner);
    runner.start();
    const done = await waitForJob(db, job.id, ["succeeded", "failed"], 120_000);
    expect([done.status, done.error]).toEqual(["succeeded", null]);
    const result = done.result as WalkForwardJobResult;
    const report = JSON.parse(new TextDecoder().decode((await getRunArtifact({ ctx: ctx.viewer, input: { runId: result.runId, path: "report.json" } })).bytes)) as ReportJson;

    const { folds, labels } = await listJobFolds({ ctx: ctx.viewer, input: { id: job.id } });
    // Model metrics first, then the fold's backtest, then the loss curve's last value.
    expect(Object.keys(labels)).toEqual(["rmse", "mae", "r2", "directional_accuracy", "oos_sharpe", "oos_return", "trades", "loss"]);
    expect(labels.r2).toEqual({ label: "R²", unit: "ratio" });
    // 2012-01 + 24 months → test windows 2014H1 .. 2016H1: 5 folds in order (the planner drops
    // 2016H2, whose window runs past the last bar, Friday 2016-12-30).
    expect(folds.map((f) => f.name)).toEqual(["2014-01-01", "2014-07-01", "2015-01-01", "2015-07-01", "2016-01-01"].map((d, k) => `fold ${k} · test ${d}`));
    expect(folds.map((f) => [f.id, f.status, f.params.fold])).toEqual(result.foldRuns.map((id, k) => [id, "FINISHED", String(k)]));
    folds.forEach((f, k) => {
      const expected = report.perFold[k]!;
      expect(f.metrics.rmse).toBe(expected.metrics.rmse);
      expect(f.metrics.r2).toBe(expected.metrics.r2);
      expect(f.metrics.oos_sharpe).toBe(expected.backtest.sharpe);
      expect(f.metrics.trades).toBe(expected.backtest.trades);
      expect(f.metrics.loss).toEqual(expect.any(Number)); // the last boosting round's training loss
    });

    const r = (await getTrainingReport({ ctx: ctx.viewer, input: { id: job.id } }))!;
    expect(r.startCash).toBe(50_000);
    expect(r.time).toHaveLength(r.equity.length);
    expect(new Date(r.time[0]!).toISOString().slice(0, 7)).toBe("2014-01");
    expect(r.equity.at(-1)! / 50_000 - 1).toBeCloseTo(report.oosTotalReturn, 10);
    let peak = 50_000;
    r.equity.forEach((e, t) => {
      peak = Math.max(peak, e);
      expect(r.drawdown[t]).toBe(e / peak - 1);
    });
    expect(r.trades).toHaveLength(report.perFold.reduce((n, f) => n + f.backtest.trades, 0));
    expect(new Set(r.trades.map((t) => t.fold))).toEqual(new Set(report.perFold.filter((f) => f.backtest.trades > 0).map((f) => f.index)));
  });

  it("a job of another kind has no training report (the field named), and another team's job is not found", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const other = await makeTeamWithRoles(db);
    const synthetic = await generateSyntheticDataset({ ctx: ctx.member, input: { name: "s", bars: 60 } });
    const job = await enqueueJob({
      ctx: ctx.member,
      dispatcher: localDispatcher,
      input: { kind: "backtest", input: { target: { datasetId: synthetic.dataset.id, allowSynthetic: true }, strategy: { kind: "rsi_threshold" } } },
    });
    await expect(getTrainingReport({ ctx: ctx.viewer, input: { id: job.id } })).rejects.toMatchObject({ code: "BAD_REQUEST", field: "id", message: "this is a backtest job; only walk-forward training stores a training report" });
    await expect(listJobFolds({ ctx: other.ctx.admin, input: { id: job.id } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getTrainingReport({ ctx: other.ctx.admin, input: { id: job.id } })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
