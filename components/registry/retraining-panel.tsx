"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/label";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";
import { ScheduleForm, type ScheduleValues } from "./schedule-form";

export interface RetrainingPermissions {
  /** Add, edit and delete schedules (admins). */
  write: boolean;
  /** Retrain now. */
  run: boolean;
}

const STATUS_TONES = { queued: "neutral", running: "info", passed: "good", gates_failed: "bad", failed: "bad" } as const;
const STATUS_LABELS = { queued: "queued", running: "running", passed: "passed", gates_failed: "gates failed", failed: "failed" } as const;
/** While a run is queued or running the panel follows it. */
const POLL_MS = 3000;

const when = (d: Date | string | null) => (d ? new Date(d).toLocaleString() : "—");

function gatesText(gates: ScheduleValues["gates"]): string {
  const parts = [
    ...Object.entries(gates.min ?? {}).map(([k, v]) => `${k} > ${v}`),
    ...Object.entries(gates.max ?? {}).map(([k, v]) => `${k} < ${v}`),
    ...(gates.maxDegradation !== undefined ? [`${gates.degradationMetric ?? "headline metric"} at most ${Number((gates.maxDegradation * 100).toPrecision(4))}% worse than Production`] : []),
  ];
  return parts.length ? parts.join(" · ") : "none (every retrain passes)";
}

/**
 * A model's retraining schedules: the cron in words with its time zone, the gates, what a pass
 * does, the last run (status, reason, job, version) and the next; "Retrain now"; add, edit,
 * pause and delete for admins.
 */
export function RetrainingPanel({ teamSlug, name, metrics, can }: { teamSlug: string; name: string; metrics: string[]; can: RetrainingPermissions }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const schedules = useQuery({
    ...trpc.schedules.list.queryOptions({ teamSlug, model: name }),
    refetchInterval: (q) => (q.state.data?.some((s) => s.lastStatus === "queued" || s.lastStatus === "running") ? POLL_MS : false),
  });
  const refresh = async () => {
    await queryClient.invalidateQueries(trpc.schedules.list.queryFilter({ teamSlug, model: name }));
    // A finished retrain adds a version and a Production request.
    await queryClient.invalidateQueries(trpc.registry.model.queryFilter({ teamSlug, name }));
    await queryClient.invalidateQueries(trpc.registry.requests.queryFilter({ teamSlug }));
  };
  const runNow = useMutation(trpc.schedules.runNow.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(trpc.schedules.delete.mutationOptions({ onSettled: refresh }));
  const toggle = useMutation(trpc.schedules.update.mutationOptions({ onSettled: refresh }));
  const [editing, setEditing] = useState<string | "new" | null>(null);
  const done = () => {
    setEditing(null);
    void refresh();
  };

  return (
    <section className="space-y-3" aria-labelledby="retraining-heading">
      <div className="flex items-center gap-3">
        <h2 id="retraining-heading" className="font-semibold">
          Retraining
        </h2>
        {can.write && editing === null ? (
          <Button size="sm" variant="outline" onClick={() => setEditing("new")}>
            Add schedule
          </Button>
        ) : null}
      </div>
      <p className="text-sm text-muted-foreground">
        A retrain repeats the Production version&apos;s training recipe on the latest data (same window length, ending at the dataset&apos;s last bar), then checks the gates.
      </p>
      <FieldError>{errorMessage(runNow.error) ?? errorMessage(remove.error) ?? errorMessage(toggle.error) ?? (schedules.error ? schedules.error.message : null)}</FieldError>
      {editing === "new" ? <ScheduleForm teamSlug={teamSlug} model={name} metrics={metrics} onDone={done} /> : null}
      {schedules.data?.length === 0 && editing !== "new" ? <p className="text-sm text-muted-foreground">No schedule: this model is retrained only by hand.</p> : null}

      {schedules.data?.map((s) =>
        editing === s.id ? (
          <ScheduleForm key={s.id} teamSlug={teamSlug} model={name} metrics={metrics} schedule={s} onDone={done} />
        ) : (
          <div key={s.id} className="space-y-2 rounded-lg border p-3 text-sm" data-testid="retrain-schedule">
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-medium">
                {s.description[0]!.toUpperCase() + s.description.slice(1)} ({s.timeZone})
              </span>
              <code className="rounded bg-muted px-1 text-xs">{s.cron}</code>
              {s.enabled ? null : <Badge>paused</Badge>}
              <span className="ml-auto inline-flex gap-2">
                {can.run ? (
                  <Button size="sm" disabled={runNow.isPending || s.lastStatus === "queued" || s.lastStatus === "running"} onClick={() => runNow.mutate({ teamSlug, id: s.id })}>
                    Retrain now
                  </Button>
                ) : null}
                {can.write ? (
                  <>
                    <Button size="sm" variant="outline" onClick={() => toggle.mutate({ teamSlug, id: s.id, enabled: !s.enabled })}>
                      {s.enabled ? "Pause" : "Resume"}
                    </Button>
                    <Button size="sm" variant="outline" onClick={() => setEditing(s.id)}>
                      Edit
                    </Button>
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => {
                        if (window.confirm(`Delete the schedule "${s.description}"?`)) remove.mutate({ teamSlug, id: s.id });
                      }}
                    >
                      Delete
                    </Button>
                  </>
                ) : null}
              </span>
            </div>
            <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-1">
              <dt className="text-muted-foreground">Gates</dt>
              <dd>{gatesText(s.gates)}</dd>
              <dt className="text-muted-foreground">On pass</dt>
              <dd>{s.onPass === "staging" ? "register and move to Staging" : "register and request Production (a reviewer approves)"}</dd>
              <dt className="text-muted-foreground">Last run</dt>
              <dd data-testid="retrain-last-run">
                {s.lastStatus ? (
                  <span className="inline-flex flex-wrap items-center gap-2">
                    <Badge tone={STATUS_TONES[s.lastStatus]}>{STATUS_LABELS[s.lastStatus]}</Badge>
                    {when(s.lastRunAt)}
                    {s.lastJob ? (
                      <Link className="underline-offset-4 hover:underline" href={`/${teamSlug}/jobs/${s.lastJob.id}`}>
                        job ({s.lastJob.status})
                      </Link>
                    ) : null}
                    {s.lastVersion ? (
                      <Link className="underline-offset-4 hover:underline" href={`?version=${s.lastVersion}`} replace scroll={false}>
                        v{s.lastVersion}
                      </Link>
                    ) : null}
                    {s.lastReason ? <span className="text-muted-foreground">{s.lastReason}</span> : null}
                    {s.lastJob?.status === "failed" && s.lastJob.error && s.lastStatus !== "failed" ? <span className="text-destructive">{s.lastJob.error}</span> : null}
                  </span>
                ) : (
                  "never"
                )}
              </dd>
              <dt className="text-muted-foreground">Next runs</dt>
              <dd>{s.enabled ? s.upcoming.map((d) => when(d)).join(" · ") : "paused"}</dd>
            </dl>
          </div>
        ),
      )}
    </section>
  );
}
