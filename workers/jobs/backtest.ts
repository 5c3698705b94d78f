/**
 * The `backtest` job: a signal strategy (or a sweep of a parameter grid) on a dataset window,
 * recorded as a backtest and as a tracking run with its params and metrics. The engine runs on
 * the job's thread; reading bars and writing rows are services (services.ts).
 */
import { describeStrategy } from "@/server/quant/backtest/strategies";
import { computeSignalBacktest, computeSignalSweep } from "@/server/services/backtests/compute";
import { targetTitle } from "@/server/services/backtests/target";
import { flattenParams } from "./params";
import { JOB_INPUT_SCHEMAS, type JobInput } from "./schemas";
import type { JobDefinition } from "./step";

export interface BacktestJobResult {
  runId: string;
  backtestId: string;
  title: string;
  metrics: Record<string, number | null>;
}

const STEPS = 3;

export const backtestJob: JobDefinition<JobInput<"backtest">, BacktestJobResult> = {
  input: JOB_INPUT_SCHEMAS.backtest,
  async run(step, input, services) {
    await step.progress(0, STEPS, "loading the dataset");
    // Read on every execution: bars are large and immutable, so they are not a step result.
    const target = await services.loadBacktestTarget(input.target);
    const what = input.grid ? `Sweep of ${input.grid.kind}` : describeStrategy(input.strategy!);
    const run = await step.run("start-run", () =>
      services.startRun({
        experiment: input.experiment,
        runName: `${what} on ${targetTitle(target)}`.slice(0, 250),
        params: flattenParams({
          dataset: input.target.datasetId,
          version: target.loaded.version.version,
          symbol: target.symbol,
          start: input.target.start,
          end: input.target.end,
          strategy: input.strategy,
          grid: input.grid,
          settings: input.settings,
        }),
        datasetVersionId: target.loaded.version.id,
      }),
    );
    await step.progress(1, STEPS, input.grid ? "sweeping the grid" : "running the backtest");
    const recorded = await step.run("backtest", async () => {
      const computed = input.grid ? computeSignalSweep(target, input.grid, input.settings) : computeSignalBacktest(target, input.strategy!, input.settings);
      const row = await services.recordBacktest({ ...computed, target });
      return { backtestId: row.id, title: row.title, metrics: computed.metrics };
    });
    await step.progress(2, STEPS, "logging metrics");
    await step.run("log-metrics", () => services.logRun({ runId: run.runId, metrics: recorded.metrics, tags: { "foldline.backtest_id": recorded.backtestId } }));
    await step.progress(STEPS, STEPS, recorded.title);
    return { runId: run.runId, ...recorded };
  },
};
