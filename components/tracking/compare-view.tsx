"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { LineChart, seriesColor } from "@/components/charts/line-chart";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/react";
import { cn } from "@/lib/utils";

/** Runs side by side: params (rows that differ highlighted), latest metrics, overlaid histories. */
export function CompareView({ teamSlug, runIds }: { teamSlug: string; runIds: string[] }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.tracking.compare.queryOptions({ teamSlug, runIds }));
  if (q.error) return <p className="text-destructive">{q.error.message}</p>;
  if (!q.data) return <div className="h-64 animate-pulse rounded-lg bg-muted" />;
  const { runs, history } = q.data;
  const paramKeys = [...new Set(runs.flatMap((r) => r.params.map((p) => p.key)))].sort();
  const metricKeys = [...new Set(runs.flatMap((r) => r.metrics.map((m) => m.key)))].sort();
  const param = (i: number, k: string) => runs[i]!.params.find((p) => p.key === k)?.value;
  return (
    <div className="space-y-8">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead />
            {runs.map((r, i) => (
              <TableHead key={r.run.id}>
                <span className="mr-1 inline-block size-2 rounded-full" style={{ background: seriesColor(i) }} />
                <Link className="hover:underline" href={`/${teamSlug}/runs/${r.run.id}`}>
                  {r.run.name}
                </Link>
              </TableHead>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {paramKeys.map((k) => {
            const differs = new Set(runs.map((_, i) => param(i, k))).size > 1;
            return (
              <TableRow key={`p-${k}`} data-testid={`param-${k}`} data-differs={differs} className={cn(differs && "bg-amber-500/10")}>
                <TableCell className="font-mono text-xs">params.{k}</TableCell>
                {runs.map((r, i) => (
                  <TableCell key={r.run.id}>{param(i, k) ?? "—"}</TableCell>
                ))}
              </TableRow>
            );
          })}
          {metricKeys.map((k) => (
            <TableRow key={`m-${k}`}>
              <TableCell className="font-mono text-xs">metrics.{k}</TableCell>
              {runs.map((r) => {
                const m = r.metrics.find((x) => x.key === k);
                return (
                  <TableCell key={r.run.id} className="tabular-nums">
                    {m ? (m.isNan ? "NaN" : Number(m.value.toPrecision(6))) : "—"}
                  </TableCell>
                );
              })}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <div className="grid gap-3 lg:grid-cols-2">
        {history.map((h) => (
          <div key={h.key} className="rounded-lg border p-3">
            <h3 className="mb-1 text-sm font-medium">{h.key}</h3>
            <LineChart label={h.key} series={h.series} />
          </div>
        ))}
      </div>
    </div>
  );
}
