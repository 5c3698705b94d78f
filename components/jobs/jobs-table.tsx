"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { FieldError } from "@/components/ui/label";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/react";
import type { AppRouter } from "@/server/api/root";
import { isActive, JobProgress, JobStatusBadge, jobKindLabel, POLL_MS, versionSelectorText } from "./job-status";

export type JobRow = inferRouterOutputs<AppRouter>["jobs"]["list"]["items"][number];

/** One line on what a job works on: the algorithm or strategy, the dataset and the window. */
export function jobSummary(job: Pick<JobRow, "kind" | "input">, datasetName: (id: string) => string | undefined): string {
  const input = job.input as {
    target?: { datasetId?: string; start?: string; end?: string };
    model?: { algorithm?: string; name?: string; version?: number; alias?: string };
    strategy?: { kind?: string };
  };
  const t = input.target;
  const m = input.model;
  // A model backtest names a registered version; training and tuning an algorithm.
  const what = m?.algorithm ?? (m?.name ? versionSelectorText({ ...m, name: m.name }) : undefined) ?? input.strategy?.kind;
  const data = t?.datasetId ? (datasetName(t.datasetId) ?? "a dataset") : null;
  const window = t && (t.start || t.end) ? `${t.start ?? "…"} → ${t.end ?? "…"}` : null;
  return [what, data, window].filter(Boolean).join(" · ");
}

/** The team's jobs, newest first, polled every 2 s while any of them is queued or running. */
export function JobsTable({ teamSlug, canCancel }: { teamSlug: string; canCancel: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const jobs = useQuery(
    trpc.jobs.list.queryOptions({ teamSlug }, { refetchInterval: (q) => (q.state.data?.items.some((j) => isActive(j.status)) ? POLL_MS : false) }),
  );
  const datasets = useQuery(trpc.datasets.list.queryOptions({ teamSlug }));
  const cancel = useMutation(
    trpc.jobs.cancel.mutationOptions({ onSettled: () => queryClient.invalidateQueries(trpc.jobs.list.queryFilter({ teamSlug })) }),
  );
  const datasetName = (id: string) => datasets.data?.find((d) => d.id === id)?.name;

  if (jobs.error) return <p className="text-sm text-destructive">{jobs.error.message}</p>;
  if (!jobs.data) return <div className="h-40 animate-pulse rounded-lg bg-muted" />;
  if (jobs.data.items.length === 0) return <EmptyState title="No jobs yet">Training jobs you start appear here with their progress.</EmptyState>;
  return (
    <section className="space-y-2" aria-label="Jobs">
      <h2 className="font-semibold">Jobs</h2>
      <FieldError>{cancel.error?.message}</FieldError>
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Job</TableHead>
            <TableHead>Status</TableHead>
            <TableHead className="w-64">Progress</TableHead>
            <TableHead>Created</TableHead>
            <TableHead />
          </TableRow>
        </TableHeader>
        <TableBody>
          {jobs.data.items.map((j) => (
            <TableRow key={j.id} data-testid="job-row">
              <TableCell>
                <Link className="font-medium underline-offset-4 hover:underline" href={`/${teamSlug}/jobs/${j.id}`}>
                  {jobKindLabel(j.kind)}
                </Link>
                <p className="text-xs text-muted-foreground">{jobSummary(j, datasetName)}</p>
              </TableCell>
              <TableCell>
                <JobStatusBadge status={j.status} />
              </TableCell>
              <TableCell>
                <JobProgress job={j} />
              </TableCell>
              <TableCell className="text-xs text-muted-foreground">{new Date(j.createdAt).toLocaleString()}</TableCell>
              <TableCell className="text-right">
                {canCancel && isActive(j.status) ? (
                  <Button size="sm" variant="outline" disabled={cancel.isPending} onClick={() => cancel.mutate({ teamSlug, id: j.id })}>
                    Cancel
                  </Button>
                ) : null}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </section>
  );
}
