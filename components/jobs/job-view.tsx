"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef } from "react";
import { TrainingJobPanels } from "@/components/training/training-job";
import { TuningJobPanels } from "@/components/training/tuning-job";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/label";
import { useTRPC } from "@/lib/trpc/react";
import { isActive, JobProgress, JobStatusBadge, jobKindLabel, POLL_MS } from "./job-status";
import { jobSummary } from "./jobs-table";
import { ModelBacktestJobPanel } from "./model-backtest-job";

const time = (d: Date | string | null) => (d ? new Date(d).toLocaleString() : null);
const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

/** A job's page: status and progress polled every 2 s until it finishes, its log, its result. */
export function JobView({ teamSlug, jobId, can }: { teamSlug: string; jobId: string; can: { cancel: boolean; register: boolean; backtest: boolean } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const job = useQuery(
    trpc.jobs.get.queryOptions({ teamSlug, id: jobId }, { refetchInterval: (q) => (q.state.data && !isActive(q.state.data.status) ? false : POLL_MS) }),
  );
  const active = job.data ? isActive(job.data.status) : true;
  const logs = useQuery(trpc.jobs.logs.queryOptions({ teamSlug, id: jobId }, { refetchInterval: active ? POLL_MS : false }));
  const datasets = useQuery(trpc.datasets.list.queryOptions({ teamSlug }));
  const cancel = useMutation(trpc.jobs.cancel.mutationOptions({ onSettled: () => queryClient.invalidateQueries(trpc.jobs.pathFilter()) }));

  // The last fold, the files and the log's last lines land with the final status: read them once more.
  const status = job.data?.status;
  const previous = useRef(status);
  useEffect(() => {
    if (previous.current && isActive(previous.current) && status && !isActive(status)) void queryClient.invalidateQueries(trpc.jobs.pathFilter());
    previous.current = status;
  }, [status, queryClient, trpc]);

  if (job.error) return <p className="text-destructive">{job.error.message}</p>;
  if (!job.data) return <div className="h-96 animate-pulse rounded-lg bg-muted" />;
  const j = job.data;
  const datasetName = (id: string) => datasets.data?.find((d) => d.id === id)?.name;
  const input = j.input as { model?: { algorithm?: string }; target?: { datasetId?: string } };
  const defaultModelName = slug([input.model?.algorithm, input.target?.datasetId ? datasetName(input.target.datasetId) : undefined].filter(Boolean).join(" "));

  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <p className="text-sm">
          <Link className="text-muted-foreground underline-offset-4 hover:underline" href={`/${teamSlug}/training`}>
            ← Training
          </Link>
        </p>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold">{jobKindLabel(j.kind)}</h1>
          <JobStatusBadge status={j.status} />
          {can.cancel && active ? (
            <Button size="sm" variant="outline" disabled={cancel.isPending} onClick={() => cancel.mutate({ teamSlug, id: j.id })}>
              Cancel job
            </Button>
          ) : null}
        </div>
        <p className="text-sm text-muted-foreground">
          {jobSummary(j, datasetName)} · queued {time(j.createdAt)}
          {j.startedAt ? ` · started ${time(j.startedAt)}` : ""}
          {j.finishedAt ? ` · finished ${time(j.finishedAt)}` : ""}
          {j.attempts > 1 ? ` · attempt ${j.attempts}` : ""}
          {j.runId ? (
            <>
              {" · "}
              <Link className="underline" href={`/${teamSlug}/runs/${j.runId}`}>
                tracking run
              </Link>
            </>
          ) : null}
        </p>
        <JobProgress job={j} />
        <FieldError>{cancel.error?.message}</FieldError>
        {j.error ? (
          <pre role="alert" className="whitespace-pre-wrap rounded-lg border border-destructive/40 bg-destructive/5 p-3 text-sm text-destructive">
            {j.error}
          </pre>
        ) : null}
      </div>

      {j.kind === "walk_forward" ? (
        <TrainingJobPanels teamSlug={teamSlug} job={j} active={active} canRegister={can.register} canBacktest={can.backtest} defaultModelName={defaultModelName} />
      ) : j.kind === "tune" ? (
        <TuningJobPanels teamSlug={teamSlug} job={j} active={active} />
      ) : j.kind === "model_backtest" ? (
        <ModelBacktestJobPanel teamSlug={teamSlug} job={j} />
      ) : j.result ? (
        <section className="space-y-2">
          <h2 className="font-semibold">Result</h2>
          {(j.result as { backtestId?: string }).backtestId ? (
            <Link className="text-sm underline" href={`/${teamSlug}/backtests/${(j.result as { backtestId: string }).backtestId}`}>
              Open the backtest
            </Link>
          ) : null}
          <pre className="max-h-80 overflow-auto rounded bg-muted p-3 text-xs">{JSON.stringify(j.result, null, 2)}</pre>
        </section>
      ) : null}

      <section className="space-y-2" aria-label="Log">
        <h2 className="font-semibold">Log</h2>
        {logs.data?.length ? (
          <pre data-testid="job-log" className="max-h-80 overflow-auto rounded bg-muted p-3 text-xs">
            {logs.data.map((l) => `${new Date(l.ts).toLocaleTimeString()}  ${j.attempts > 1 ? `[attempt ${l.attempt}] ` : ""}${l.line}`).join("\n")}
          </pre>
        ) : (
          <p className="text-sm text-muted-foreground">No log lines yet.</p>
        )}
      </section>
    </div>
  );
}
