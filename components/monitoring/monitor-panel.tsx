"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/label";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";
import { MonitorForm } from "./monitor-form";

export interface MonitorPermissions {
  /** Set, change and remove the monitor. */
  write: boolean;
  /** Check now. */
  run: boolean;
}

const STATUS_TONES = { queued: "info", running: "info", succeeded: "good", skipped: "neutral", failed: "bad" } as const;
const POLL_MS = 2000;
const FINISHED: string[] = ["succeeded", "failed", "cancelled"];
const when = (d: Date | string | null) => (d ? new Date(d).toLocaleString() : "—");

/** What a monitor's checks compare, in words. */
function settingsText(s: { current: { source: string; hours?: number; maxRows?: number; bars?: number; symbol?: string }; minRows: number; outcomes: { window: number; hours: number } | null }) {
  const current = s.current.source === "log" ? `requests logged in the last ${s.current.hours} h (at most ${s.current.maxRows} rows)` : `the last ${s.current.bars} bars of a dataset${s.current.symbol ? ` (${s.current.symbol})` : ""}`;
  const outcomes = s.outcomes ? `; performance over rolling ${s.outcomes.window} realised predictions of the last ${s.outcomes.hours} h` : "; no outcomes (data drift only)";
  return `Training window vs ${current}, at least ${s.minRows} rows${outcomes}`;
}

/**
 * A deployment's drift monitor: its schedule in words, what it compares, its last check (status,
 * reason, job) and the next; "Check now" (with or without a monitor); set, change and remove for
 * reviewers. Polls while a check is queued or running, and refreshes the reports when one ends.
 */
export function MonitorPanel({ teamSlug, deployment, can, onChecked }: { teamSlug: string; deployment: string; can: MonitorPermissions; onChecked: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [lastJob, setLastJob] = useState<string | null>(null);
  const monitor = useQuery({
    ...trpc.monitoring.monitor.queryOptions({ teamSlug, deployment }),
    refetchInterval: (q) => (q.state.data?.lastStatus === "queued" || q.state.data?.lastStatus === "running" ? POLL_MS : false),
  });
  const job = useQuery({
    ...trpc.jobs.get.queryOptions({ teamSlug, id: lastJob ?? "" }),
    enabled: lastJob !== null,
    refetchInterval: (q) => (q.state.data && FINISHED.includes(q.state.data.status) ? false : POLL_MS),
  });
  const refresh = () => queryClient.invalidateQueries(trpc.monitoring.monitor.queryFilter({ teamSlug, deployment }));
  const checkNow = useMutation(trpc.monitoring.checkNow.mutationOptions({ onSuccess: (j) => setLastJob(j.id), onSettled: refresh }));
  const remove = useMutation(trpc.monitoring.deleteMonitor.mutationOptions({ onSettled: refresh }));
  const m = monitor.data ?? null;
  const jobStatus = job.data?.status ?? null;
  const [seen, setSeen] = useState<string | null>(null);
  // A check asked for here has ended: its report (or its failure) is in.
  useEffect(() => {
    if (!lastJob || seen === lastJob || !jobStatus || !FINISHED.includes(jobStatus)) return;
    setSeen(lastJob);
    onChecked();
    void queryClient.invalidateQueries(trpc.monitoring.monitor.queryFilter({ teamSlug, deployment }));
  }, [lastJob, seen, jobStatus, onChecked, queryClient, trpc, teamSlug, deployment]);
  const busy = checkNow.isPending || (lastJob !== null && seen !== lastJob) || m?.lastStatus === "queued" || m?.lastStatus === "running";

  if (editing) {
    return (
      <MonitorForm
        teamSlug={teamSlug}
        deployment={deployment}
        monitor={m}
        onDone={() => {
          setEditing(false);
          void refresh();
        }}
      />
    );
  }
  return (
    <div className="space-y-2 rounded-lg border p-3 text-sm" data-testid="drift-monitor">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{m ? `Checks ${m.description} (${m.timeZone})` : "No drift monitor: checks run only when asked"}</span>
        {m ? <code className="rounded bg-muted px-1 text-xs">{m.cron}</code> : null}
        {m && !m.enabled ? <Badge>paused</Badge> : null}
        <span className="ml-auto inline-flex gap-2">
          {can.run ? (
            <Button size="sm" disabled={busy} onClick={() => checkNow.mutate({ teamSlug, deployment })}>
              {busy ? "Checking…" : "Check now"}
            </Button>
          ) : null}
          {can.write ? (
            <Button size="sm" variant="outline" onClick={() => setEditing(true)}>
              {m ? "Edit monitor" : "Add monitor"}
            </Button>
          ) : null}
          {can.write && m ? (
            <Button
              size="sm"
              variant="ghost"
              onClick={() => {
                if (window.confirm(`Remove the drift monitor of ${deployment}? Its reports stay.`)) remove.mutate({ teamSlug, deployment });
              }}
            >
              Remove
            </Button>
          ) : null}
        </span>
      </div>
      {m ? (
        <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-1">
          <dt className="text-muted-foreground">Compares</dt>
          <dd>{settingsText(m.settings)}</dd>
          <dt className="text-muted-foreground">Last check</dt>
          <dd data-testid="monitor-last-check">
            {m.lastStatus ? (
              <span className="inline-flex flex-wrap items-center gap-2">
                <Badge tone={STATUS_TONES[m.lastStatus]}>{m.lastStatus}</Badge>
                {when(m.lastRunAt)}
                {m.lastJob ? (
                  <Link className="underline-offset-4 hover:underline" href={`/${teamSlug}/jobs/${m.lastJob.id}`}>
                    job ({m.lastJob.status})
                  </Link>
                ) : null}
                {m.lastReason ? <span className="text-muted-foreground">{m.lastReason}</span> : null}
              </span>
            ) : (
              "none yet"
            )}
          </dd>
          <dt className="text-muted-foreground">Next</dt>
          <dd>{m.upcoming.length ? m.upcoming.map((d) => new Date(d).toLocaleString()).join(" · ") : "—"}</dd>
        </dl>
      ) : null}
      {lastJob && job.data?.status === "failed" ? <p className="text-destructive">The check failed: {job.data.error}</p> : null}
      <FieldError>{errorMessage(checkNow.error) ?? errorMessage(remove.error) ?? (monitor.error ? monitor.error.message : null)}</FieldError>
    </div>
  );
}
