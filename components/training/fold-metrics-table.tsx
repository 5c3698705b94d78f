"use client";

import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { formatMetric } from "@/components/backtests/format";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { cn } from "@/lib/utils";
import type { AppRouter } from "@/server/api/root";

export type JobFolds = inferRouterOutputs<AppRouter>["jobs"]["folds"];
export type FoldRun = JobFolds["folds"][number];

/** Loss is a curve (shown beside the table), not a column. */
const CURVES = ["loss", "valid_loss"];
const RUN_TONES = { RUNNING: "info", SCHEDULED: "neutral", FINISHED: "good", FAILED: "bad", KILLED: "neutral" } as const;
const day = (ms: string | undefined) => (ms && Number.isFinite(Number(ms)) ? new Date(Number(ms)).toISOString().slice(0, 10) : "—");

/** One row per fold run as it finishes (metrics fill in live); a row picks the fold whose loss curves show. */
export function FoldMetricsTable({
  teamSlug,
  data,
  selected,
  onSelect,
}: {
  teamSlug: string;
  data: JobFolds;
  selected: string | null;
  onSelect: (runId: string) => void;
}) {
  const columns = Object.entries(data.labels).filter(([k]) => !CURVES.includes(k));
  return (
    <Table data-testid="fold-metrics">
      <TableHeader>
        <TableRow>
          <TableHead>Fold</TableHead>
          <TableHead>Test window</TableHead>
          <TableHead>Status</TableHead>
          {columns.map(([k, { label }]) => (
            <TableHead key={k} className="text-right">
              {label}
            </TableHead>
          ))}
          <TableHead />
        </TableRow>
      </TableHeader>
      <TableBody>
        {data.folds.map((f) => (
          <TableRow key={f.id} data-testid="fold-row" data-status={f.status} className={cn(selected === f.id && "bg-muted/60")}>
            <TableCell>
              <Link className="underline-offset-4 hover:underline" href={`/${teamSlug}/runs/${f.id}`}>
                {f.params.fold !== undefined ? `fold ${f.params.fold}` : f.name}
              </Link>
            </TableCell>
            <TableCell className="whitespace-nowrap tabular-nums">
              {day(f.params.test_start)} → {day(f.params.test_end)}
            </TableCell>
            <TableCell>
              <Badge tone={RUN_TONES[f.status as keyof typeof RUN_TONES] ?? "neutral"}>{f.status.toLowerCase()}</Badge>
            </TableCell>
            {columns.map(([k, { unit }]) => (
              <TableCell key={k} className="text-right tabular-nums" data-metric={k}>
                {k in f.metrics ? formatMetric(f.metrics[k], unit) : ""}
              </TableCell>
            ))}
            <TableCell className="text-right">
              <button type="button" className="text-xs underline" onClick={() => onSelect(f.id)} aria-pressed={selected === f.id}>
                Loss curve
              </button>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
