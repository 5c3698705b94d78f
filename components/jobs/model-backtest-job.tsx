"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { MetricsPanel } from "@/components/backtests/metrics-panel";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/lib/trpc/react";
import { versionSelectorText } from "./job-status";

/** What a finished model_backtest job answers (workers/jobs/model-backtest.ts). */
interface ModelBacktestResult {
  runId: string;
  backtestId: string;
  title: string;
  model: { name: string; version: number };
}

/** A model backtest job: which version, then once done its metrics and the way to the backtest's page. */
export function ModelBacktestJobPanel({ teamSlug, job }: { teamSlug: string; job: { status: string; input: unknown; result: unknown } }) {
  const trpc = useTRPC();
  const input = job.input as { model: { name: string; version?: number; alias?: string } };
  const result = job.status === "succeeded" ? (job.result as ModelBacktestResult | null) : null;
  const backtest = useQuery({ ...trpc.backtests.get.queryOptions({ teamSlug, id: result?.backtestId ?? "" }), enabled: !!result });
  const model = result?.model ?? input.model;
  return (
    <section className="space-y-3" aria-label="Model backtest">
      <p className="text-sm">
        Model:{" "}
        <Link className="underline" href={`/${teamSlug}/models/${encodeURIComponent(model.name)}${model.version !== undefined ? `?version=${model.version}` : ""}`}>
          {versionSelectorText(model)}
        </Link>
      </p>
      {result ? (
        <>
          <h2 className="font-semibold">{result.title}</h2>
          {backtest.data ? <MetricsPanel metrics={backtest.data.metrics} labels={backtest.data.metricLabels} /> : null}
          <Button asChild size="sm">
            <Link href={`/${teamSlug}/backtests/${result.backtestId}`}>Open the backtest</Link>
          </Button>
        </>
      ) : null}
    </section>
  );
}
