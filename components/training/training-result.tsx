"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formatMetric } from "@/components/backtests/format";
import { ModelBacktestButton } from "@/components/backtests/model-backtest-form";
import { TradesTable } from "@/components/backtests/trades-table";
import { EquityChart } from "@/components/charts/equity-chart";
import { ImportanceBars } from "@/components/charts/importance-bars";
import { useTRPC } from "@/lib/trpc/react";
import type { JobFolds } from "./fold-metrics-table";
import { RegisterModelForm } from "./register-model-form";

/** What a finished walk_forward job answers (workers/jobs/walk-forward.ts). */
export interface WalkForwardResult {
  runId: string;
  folds: number;
  metrics: Record<string, number>;
  oosSharpe: number;
  foldRuns: string[];
  modelVersion: { name: string; version: number } | null;
}

function Metric({ k, label, value, unit }: { k: string; label: string; value: number | null | undefined; unit: string }) {
  return (
    <div className="rounded-lg border p-3" data-metric={k}>
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="mt-1 text-lg font-semibold tabular-nums">{formatMetric(value, unit)}</dd>
    </div>
  );
}

/**
 * A finished training job: the aggregate out-of-sample metrics and Sharpe, the chained equity
 * curve and trades of the folds' backtests, feature importance, and the model's registration.
 */
export function TrainingResult({
  teamSlug,
  jobId,
  result,
  labels,
  canRegister,
  canBacktest,
  defaultModelName,
}: {
  teamSlug: string;
  jobId: string;
  result: WalkForwardResult;
  labels: JobFolds["labels"];
  canRegister: boolean;
  canBacktest: boolean;
  defaultModelName: string;
}) {
  const trpc = useTRPC();
  const report = useQuery(trpc.jobs.trainingReport.queryOptions({ teamSlug, id: jobId }));
  const lineage = useQuery(trpc.tracking.lineage.queryOptions({ teamSlug, runId: result.runId }));
  const versions = lineage.data?.versions ?? [];
  const importance = lineage.data?.importance;
  return (
    <div className="space-y-6">
      <section className="space-y-2" aria-label="Out-of-sample results">
        <h2 className="font-semibold">Out of sample, all {result.folds} folds</h2>
        <dl data-testid="training-metrics" className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
          <Metric k="oos_sharpe" label="OOS Sharpe" value={Number.isFinite(result.oosSharpe) ? result.oosSharpe : null} unit="ratio" />
          {Object.entries(result.metrics).map(([k, v]) => (
            <Metric key={k} k={k} label={labels[k]?.label ?? k} value={v} unit={labels[k]?.unit ?? "value"} />
          ))}
        </dl>
      </section>

      <section className="space-y-2">
        <h2 className="font-semibold">Equity of the predictions, fold after fold</h2>
        {report.error ? <p className="text-sm text-destructive">{report.error.message}</p> : null}
        {report.data ? (
          <>
            <EquityChart time={report.data.time} equity={report.data.equity} drawdown={report.data.drawdown} />
            <h3 className="text-sm font-medium">Trades ({report.data.trades.length.toLocaleString()})</h3>
            <TradesTable trades={report.data.trades} />
          </>
        ) : report.data === null ? (
          <p className="text-sm text-muted-foreground">The run stored no equity curve.</p>
        ) : (
          <div className="h-96 animate-pulse rounded-lg bg-muted" />
        )}
      </section>

      {importance && importance.status !== "absent" ? (
        <section className="space-y-2">
          <h2 className="font-semibold">Feature importance (last fold)</h2>
          {importance.status === "logged" ? <ImportanceBars features={importance.features} /> : <p className="text-sm text-destructive">{importance.message}</p>}
        </section>
      ) : null}

      <section className="space-y-2" aria-label="Model">
        <h2 className="font-semibold">Model</h2>
        <ul className="space-y-1 text-sm">
          <li>
            <Link className="underline" href={`/${teamSlug}/runs/${result.runId}`}>
              Training run
            </Link>{" "}
            (report.json, equity_curve.csv, trades.csv, feature_importance.json and the model files are its artifacts)
          </li>
          {versions.map((v) => (
            <li key={`${v.model}:${v.version}`} data-testid="registered-version">
              Registered as{" "}
              <Link className="underline" href={`/${teamSlug}/models/${encodeURIComponent(v.model)}?version=${v.version}`}>
                {v.model} v{v.version}
              </Link>{" "}
              ({v.stage})
            </li>
          ))}
        </ul>
        {lineage.data && versions.length === 0 && canRegister ? <RegisterModelForm teamSlug={teamSlug} runId={result.runId} defaultName={defaultModelName} /> : null}
        {canBacktest && versions[0] ? <ModelBacktestButton teamSlug={teamSlug} model={{ name: versions[0].model, version: versions[0].version }} /> : null}
        {canBacktest && lineage.data && versions.length === 0 ? <p className="text-xs text-muted-foreground">Register the model to backtest it on other data.</p> : null}
      </section>
    </div>
  );
}
