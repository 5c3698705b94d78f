/**
 * The `walk_forward` job: train a model fold by fold on a dataset window (server/quant/training),
 * one durable step per fold, so a job resumed after a crash recomputes only the fold that was
 * running. Writes a parent tracking run (aggregate metrics, report.json, equity_curve.csv,
 * trades.csv, feature_importance.json and the model bundle under model/) with one child run per
 * fold, and optionally registers the model as a new version.
 */
import { bundleFiles, bundleModel } from "@/server/quant/models/bundle";
import { estimatorFromJSON } from "@/server/quant/models/registry";
import { equityCurveCsv, importanceJson, reportJson, tradesCsv } from "@/server/quant/training/report-files";
import { fitFold, foldImportance, type FoldResult, prepareWalkForward, summarizeWalkForward } from "@/server/quant/training/walk-forward";
import { targetTitle } from "@/server/services/backtests/target";
import { flattenParams } from "./params";
import { JOB_INPUT_SCHEMAS, type JobInput } from "./schemas";
import type { JobDefinition } from "./step";

export interface WalkForwardJobResult {
  runId: string;
  folds: number;
  metrics: Record<string, number>;
  oosSharpe: number;
  foldRuns: string[];
  modelVersion: { name: string; version: number } | null;
}

const text = (s: string) => new TextEncoder().encode(s);
const json = (v: unknown) => text(JSON.stringify(v, null, 2));

export const walkForwardJob: JobDefinition<JobInput<"walk_forward">, WalkForwardJobResult> = {
  input: JOB_INPUT_SCHEMAS.walk_forward,
  async run(step, input, services) {
    await step.progress(0, 1, "loading the dataset");
    // Bars are large and immutable: read on every execution, never a step result.
    const target = await services.loadBacktestTarget(input.target);
    const p = prepareWalkForward(target.history, {
      spec: input.features,
      label: input.label,
      splits: { ...input.splits, start: input.target.start ?? target.window.time[0]! },
    });
    const total = p.folds.length + 2;
    const run = await step.run("start-run", () =>
      services.startRun({
        experiment: input.experiment,
        runName: `Walk-forward ${input.model.algorithm} on ${targetTitle(target)}`.slice(0, 250),
        params: flattenParams({ algorithm: input.model.algorithm, model: input.model.params, label: input.label, splits: input.splits, online: input.online, dataset: input.target.datasetId, symbol: target.symbol, start: input.target.start, end: input.target.end }),
        tags: { features: p.names.join(","), "foldline.kind": "walk_forward" },
        datasetVersionId: target.loaded.version.id,
        featureSpecHash: p.specHash,
      }),
    );
    const results: FoldResult[] = [];
    for (const fold of p.folds) {
      await step.progress(fold.index, total, `fold ${fold.index + 1} of ${p.folds.length}`);
      const last = fold.index === p.folds.length - 1;
      const result = await step.run(`fold-${fold.index}`, async () => {
        const child = await services.startRun({
          experiment: input.experiment,
          runName: `fold ${fold.index} · test ${new Date(fold.testStart).toISOString().slice(0, 10)}`,
          parentRunId: run.runId,
          params: { fold: fold.index, train_start: fold.trainStart, test_start: fold.testStart, test_end: fold.testEnd },
          datasetVersionId: target.loaded.version.id,
          featureSpecHash: p.specHash,
        });
        // Live loss curves: each epoch or boosting round goes to the fold's run as it happens.
        let pending: Promise<void> = Promise.resolve();
        const r = await fitFold(p, fold, {
          model: input.model,
          backtest: input.settings,
          previous: input.online ? results[results.length - 1]?.model : undefined,
          keepModel: last || input.online,
          onProgress: (epoch, loss, validLoss) => {
            pending = pending.then(() => services.logRun({ runId: child.runId, step: epoch, metrics: { loss, ...(validLoss !== undefined ? { valid_loss: validLoss } : {}) } }));
          },
        });
        await pending;
        await services.logRun({ runId: child.runId, metrics: { ...r.metrics, oos_return: r.backtest.totalReturn, oos_sharpe: r.backtest.sharpe, trades: r.backtest.trades } });
        await services.endRun({ runId: child.runId, status: "FINISHED" });
        return { ...r, runId: child.runId };
      });
      results.push(result);
      await step.log(`fold ${fold.index}: ${Object.entries(result.metrics).map(([k, v]) => `${k} ${typeof v === "number" ? v.toPrecision(4) : "n/a"}`).join(", ")}`);
    }

    await step.progress(p.folds.length, total, "summarising");
    const lastFold = p.folds[p.folds.length - 1]!;
    const finalModel = results[results.length - 1]!.model!;
    const summary = await step.run("summary", async () => {
      const s = summarizeWalkForward(p, results, { startCash: input.settings.startCash });
      const importance = input.importance ? importanceJson(foldImportance(p, lastFold, finalModel, input.importance)) : null;
      const bundle = bundleModel(estimatorFromJSON(finalModel), { features: p.names, featureSpec: input.features, featureSpecHash: p.specHash, label: input.label });
      await services.putRunFiles({
        runId: run.runId,
        files: {
          "report.json": json(reportJson(s, results, { algorithm: input.model.algorithm, params: input.model.params, label: input.label, features: p.names })),
          "equity_curve.csv": text(equityCurveCsv(s)),
          "trades.csv": text(tradesCsv(s)),
          ...(importance ? { "feature_importance.json": json(importance) } : {}),
          ...bundleFiles(bundle),
        },
      });
      await services.logRun({ runId: run.runId, metrics: { ...s.metrics, oos_sharpe: s.oosSharpe, oos_total_return: s.oosTotalReturn, folds: s.folds } });
      return { metrics: s.metrics, oosSharpe: s.oosSharpe };
    });

    await step.progress(p.folds.length + 1, total, input.register ? "registering the model" : "done");
    const modelVersion = input.register
      ? await step.run("register", () => services.registerRunModel({ model: input.register!.model, runId: run.runId, description: input.register!.description }))
      : null;
    await step.progress(total, total, "done");
    return { runId: run.runId, folds: p.folds.length, metrics: summary.metrics, oosSharpe: summary.oosSharpe, foldRuns: results.map((r) => (r as FoldResult & { runId: string }).runId), modelVersion };
  },
};
