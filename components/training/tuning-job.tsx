"use client";

import { useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { compactNumber } from "@/components/charts/format";
import { ImportanceBars } from "@/components/charts/importance-bars";
import { OptimizationHistory } from "@/components/charts/optimization-history";
import { ParallelCoordinates } from "@/components/charts/parallel-coordinates";
import { POLL_MS } from "@/components/jobs/job-status";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/react";
import type { AppRouter } from "@/server/api/root";

type Study = inferRouterOutputs<AppRouter>["jobs"]["study"];

const STATE_TONES = { running: "info", complete: "good", pruned: "neutral", failed: "bad" } as const;
const value = (v: unknown) => (typeof v === "number" ? compactNumber(v) : String(v));

/** One row per trial as it runs: its state, the parameters it drew, its objective (the running mean while it runs or after it was pruned). */
function TrialsTable({ teamSlug, study }: { teamSlug: string; study: Study }) {
  const names = study.space.map((p) => p.name);
  return (
    <Table data-testid="trials-table">
      <TableHeader>
        <TableRow>
          <TableHead>Trial</TableHead>
          <TableHead>State</TableHead>
          {names.map((n) => (
            <TableHead key={n} className="font-mono">
              {n}
            </TableHead>
          ))}
          <TableHead className="text-right">{study.objective}</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {study.trials.map((t) => (
          <TableRow key={t.number} data-testid="trial-row" data-state={t.state} className={study.best?.number === t.number ? "bg-emerald-500/10" : undefined}>
            <TableCell>
              <Link className="underline-offset-4 hover:underline" href={`/${teamSlug}/runs/${t.runId}`}>
                trial {t.number}
              </Link>
              {study.best?.number === t.number ? <span className="ml-2 text-xs text-emerald-700">best</span> : null}
            </TableCell>
            <TableCell>
              <Badge tone={STATE_TONES[t.state]}>{t.state}</Badge>
            </TableCell>
            {names.map((n) => (
              <TableCell key={n} className="tabular-nums">
                {n in t.params ? value(t.params[n]) : ""}
              </TableCell>
            ))}
            <TableCell className="text-right tabular-nums" data-testid="trial-objective">
              {t.value !== null ? (
                value(t.value)
              ) : t.runningValue !== null ? (
                <span className="text-muted-foreground" title={`mean over the folds scored so far`}>
                  {value(t.runningValue)}*
                </span>
              ) : (
                "—"
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * A tune job's own panels: the trials filling in live, the best trial with a link that opens the
 * training form with its parameters, and the study views (optimisation history, parameter
 * importances, parallel coordinates), computed from the trials so far until the job stores them.
 */
export function TuningJobPanels({ teamSlug, job, active }: { teamSlug: string; job: { id: string }; active: boolean }) {
  const trpc = useTRPC();
  const study = useQuery(trpc.jobs.study.queryOptions({ teamSlug, id: job.id }, { refetchInterval: active ? POLL_MS : false }));
  if (study.error) return <p className="text-sm text-destructive">{study.error.message}</p>;
  if (!study.data) return <div className="h-64 animate-pulse rounded-lg bg-muted" />;
  const s = study.data;
  const done = s.trials.filter((t) => t.state !== "running").length;
  const objective = `${s.objective} (${s.direction})`;

  return (
    <div className="space-y-6">
      <section className="space-y-2" aria-label="Trials">
        <h2 className="font-semibold">
          Trials <span className="text-sm font-normal text-muted-foreground">({done} of {s.plannedTrials} done; {objective} averaged over the scored folds)</span>
        </h2>
        {s.trials.length ? (
          <>
            <TrialsTable teamSlug={teamSlug} study={s} />
            <p className="text-xs text-muted-foreground">* mean over the folds scored so far (a running or pruned trial).</p>
          </>
        ) : (
          <p className="text-sm text-muted-foreground">{active ? "No trial has started yet." : "This study ran no trials."}</p>
        )}
      </section>

      {s.best ? (
        <section className="space-y-2 rounded-lg border p-4" aria-label="Best trial" data-testid="best-trial">
          <h2 className="font-semibold">
            Best trial{active ? " so far" : ""}: trial {s.best.number}, {s.objective} {value(s.best.value)}
          </h2>
          <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-1 font-mono text-xs">
            {Object.entries(s.best.params).flatMap(([k, v]) => [
              <dt key={`${k}-k`} className="text-muted-foreground">
                {k}
              </dt>,
              <dd key={`${k}-v`} className="tabular-nums">
                {value(v)}
              </dd>,
            ])}
          </dl>
          {!active ? (
            <Button asChild size="sm">
              <Link href={`/${teamSlug}/training?from=${job.id}`}>Train with these params</Link>
            </Button>
          ) : null}
        </section>
      ) : null}

      <section className="space-y-2">
        <h2 className="font-semibold">Optimisation history{s.final ? "" : " (live)"}</h2>
        <OptimizationHistory numbers={s.history.numbers} values={s.history.values} best={s.history.best} objective={s.objective} />
      </section>

      <section className="space-y-2">
        <h2 className="font-semibold">Parameter importances</h2>
        {s.importances.length ? (
          <ImportanceBars label="Parameter importances" features={s.importances.map((i) => ({ feature: i.name, importance: i.importance }))} className="max-w-xl" />
        ) : (
          <p className="text-sm text-muted-foreground">Needs two complete trials.</p>
        )}
        <p className="text-xs text-muted-foreground">fANOVA main effects on a random forest of the trials (Optuna&apos;s default); rough with few trials.</p>
      </section>

      <section className="space-y-2">
        <h2 className="font-semibold">Parallel coordinates</h2>
        <div className="overflow-x-auto">
          <ParallelCoordinates
            axes={s.parallel.params}
            columns={s.parallel.columns}
            numbers={s.parallel.numbers}
            values={s.parallel.values}
            objective={s.objective}
            direction={s.direction}
          />
        </div>
      </section>
    </div>
  );
}
