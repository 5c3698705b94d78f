"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { KindBadge } from "@/components/datasets/datasets-table";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/react";
import { formatMetric } from "./format";

const day = (d: Date | string) => new Date(d).toISOString().slice(0, 10);

export function BacktestsTable({ teamSlug }: { teamSlug: string }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.backtests.list.queryOptions({ teamSlug }));
  if (list.data?.length === 0) return <EmptyState title="No backtests yet">Run one with the form above.</EmptyState>;
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Backtest</TableHead>
          <TableHead>Data</TableHead>
          <TableHead>Window</TableHead>
          <TableHead className="text-right">Sharpe</TableHead>
          <TableHead className="text-right">Return</TableHead>
          <TableHead className="text-right">Max DD</TableHead>
          <TableHead className="text-right">Trades</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {list.data?.map((b) => (
          <TableRow key={b.id} data-testid="backtest-row">
            <TableCell>
              <Link className="font-medium hover:underline" href={`/${teamSlug}/backtests/${b.id}`}>
                {b.title}
              </Link>
            </TableCell>
            <TableCell>
              <KindBadge kind={b.datasetKind} />
            </TableCell>
            <TableCell className="tabular-nums">
              {day(b.windowStart)} → {day(b.windowEnd)}
            </TableCell>
            <TableCell className="text-right tabular-nums">{formatMetric(b.metrics.sharpe, "ratio")}</TableCell>
            <TableCell className="text-right tabular-nums">{formatMetric(b.metrics.totalReturn, "fraction")}</TableCell>
            <TableCell className="text-right tabular-nums">{formatMetric(b.metrics.maxDrawdown, "fraction")}</TableCell>
            <TableCell className="text-right tabular-nums">{formatMetric(b.metrics.trades, "count")}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
