"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { POLL_MS } from "@/components/jobs/job-status";
import { useTRPC } from "@/lib/trpc/react";
import { FoldMetricsTable } from "./fold-metrics-table";
import { LossCurves } from "./loss-curves";
import { TrainingResult, type WalkForwardResult } from "./training-result";

/**
 * A walk-forward job's own panels: folds with their metrics as they finish, the loss curves of
 * the fold training now (or the one picked), and once the job has succeeded its results.
 */
export function TrainingJobPanels({
  teamSlug,
  job,
  active,
  canRegister,
  canBacktest,
  defaultModelName,
}: {
  teamSlug: string;
  job: { id: string; status: string; runId: string | null; result: unknown };
  active: boolean;
  canRegister: boolean;
  canBacktest: boolean;
  defaultModelName: string;
}) {
  const trpc = useTRPC();
  const folds = useQuery(trpc.jobs.folds.queryOptions({ teamSlug, id: job.id }, { refetchInterval: active ? POLL_MS : false }));
  // Until a fold is picked, the curves follow the newest fold (the one training while the job runs).
  const [picked, setPicked] = useState<string | null>(null);
  const list = folds.data?.folds ?? [];
  const shown = list.find((f) => f.id === picked) ?? list[list.length - 1];

  return (
    <div className="space-y-6">
      <section className="space-y-2" aria-label="Folds">
        <h2 className="font-semibold">Folds</h2>
        {folds.data && list.length ? (
          <FoldMetricsTable teamSlug={teamSlug} data={folds.data} selected={shown?.id ?? null} onSelect={setPicked} />
        ) : (
          <p className="text-sm text-muted-foreground">{active ? "No fold has started yet." : "This job trained no folds."}</p>
        )}
      </section>
      {shown ? (
        <LossCurves
          teamSlug={teamSlug}
          runId={shown.id}
          live={active && shown.status === "RUNNING"}
          title={`fold ${shown.params.fold ?? ""}${shown.status === "RUNNING" ? " (training)" : ""}`}
        />
      ) : null}
      {job.status === "succeeded" && job.result ? (
        <TrainingResult
          teamSlug={teamSlug}
          jobId={job.id}
          result={job.result as WalkForwardResult}
          labels={folds.data?.labels ?? {}}
          canRegister={canRegister}
          canBacktest={canBacktest}
          defaultModelName={defaultModelName}
        />
      ) : null}
    </div>
  );
}
