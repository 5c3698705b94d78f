/**
 * The `model_backtest` job: a registered model version (its ONNX graph and its own feature spec)
 * on a dataset window with the engine's costs and sizing — the same backtest record and results
 * page as a signal backtest, plus predictions against realised outcomes. Run on another dataset
 * than the one it was trained on, it is the cross-ticker evaluation, recorded on the version.
 */
import { computeModelBacktest } from "@/server/services/backtests/compute-model";
import { targetTitle } from "@/server/services/backtests/target";
import { flattenParams } from "./params";
import { JOB_INPUT_SCHEMAS, type JobInput } from "./schemas";
import type { JobDefinition } from "./step";

export interface ModelBacktestJobResult {
  runId: string;
  backtestId: string;
  title: string;
  model: { name: string; version: number };
  metrics: Record<string, number | null>;
}

const STEPS = 4;

export const modelBacktestJob: JobDefinition<JobInput<"model_backtest">, ModelBacktestJobResult> = {
  input: JOB_INPUT_SCHEMAS.model_backtest,
  async run(step, input, services) {
    await step.progress(0, STEPS, "loading the model and the dataset");
    // Read on every execution: model files and bars are immutable and large.
    const [model, target] = await Promise.all([services.loadVersionBundle(input.model), services.loadBacktestTarget(input.target)]);
    const title = `${model.name} v${model.version} on ${targetTitle(target)}`;
    const run = await step.run("start-run", () =>
      services.startRun({
        experiment: input.experiment,
        runName: title.slice(0, 250),
        params: flattenParams({ model: model.name, version: model.version, dataset: input.target.datasetId, symbol: target.symbol, start: input.target.start, end: input.target.end, settings: input.settings }),
        tags: { "foldline.kind": "model_backtest", "foldline.model": model.name, "foldline.model_version": String(model.version) },
        datasetVersionId: target.loaded.version.id,
        featureSpecHash: model.signature.featureSpecHash,
      }),
    );
    await step.progress(1, STEPS, "predicting and trading");
    const recorded = await step.run("backtest", async () => {
      const computed = await computeModelBacktest(target, model, input.settings);
      const row = await services.recordBacktest({ ...computed, target });
      return { backtestId: row.id, title: row.title, metrics: computed.metrics };
    });
    const figure = (k: string) => (typeof recorded.metrics[k] === "number" ? String(Number(recorded.metrics[k].toPrecision(4))) : "n/a");
    await step.log(`${recorded.title}: sharpe ${figure("sharpe")}, total return ${figure("totalReturn")}, trades ${figure("trades")}`);
    await step.progress(2, STEPS, "logging metrics");
    await step.run("log-metrics", () => services.logRun({ runId: run.runId, metrics: recorded.metrics, tags: { "foldline.backtest_id": recorded.backtestId } }));
    await step.progress(3, STEPS, "recording the evaluation on the version");
    await step.run("evaluation", () =>
      services.recordVersionEvaluation({
        name: model.name,
        version: model.version,
        dataset: target.loaded.dataset.name,
        symbol: target.symbol,
        summary: {
          runId: run.runId,
          backtestId: recorded.backtestId,
          start: new Date(target.window.time[0]!).toISOString().slice(0, 10),
          end: new Date(target.window.time[target.window.time.length - 1]!).toISOString().slice(0, 10),
          ...Object.fromEntries(["sharpe", "totalReturn", "maxDrawdown", "model_rmse", "model_directional_accuracy", "model_accuracy", "model_f1_macro"].flatMap((k) => (k in recorded.metrics ? [[k, recorded.metrics[k]]] : []))),
        },
      }),
    );
    await step.progress(STEPS, STEPS, recorded.title);
    return { runId: run.runId, backtestId: recorded.backtestId, title: recorded.title, model: { name: model.name, version: model.version }, metrics: recorded.metrics };
  },
};
