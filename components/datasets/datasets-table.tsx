"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/react";

const day = (d: Date | string) => new Date(d).toISOString().slice(0, 10);

export function KindBadge({ kind }: { kind: "real" | "synthetic" }) {
  return kind === "synthetic" ? <Badge tone="bad">synthetic</Badge> : <Badge tone="good">real</Badge>;
}

export function DatasetsTable({ teamSlug }: { teamSlug: string }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.datasets.list.queryOptions({ teamSlug }));
  if (list.data?.length === 0) return <EmptyState title="No datasets yet">Upload a CSV or Parquet file of OHLCV bars above.</EmptyState>;
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead>Kind</TableHead>
          <TableHead>Symbols</TableHead>
          <TableHead className="text-right">Bars</TableHead>
          <TableHead>First bar</TableHead>
          <TableHead>Last bar</TableHead>
          <TableHead className="text-right">Version</TableHead>
          <TableHead>sha256</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {list.data?.map((d) => {
          const v = d.versions[0];
          return (
            <TableRow key={d.id} data-testid={`dataset-${d.name}`}>
              <TableCell>
                <Link className="font-medium underline-offset-4 hover:underline" href={`/${teamSlug}/datasets/${d.id}`}>
                  {d.name}
                </Link>
              </TableCell>
              <TableCell>
                <KindBadge kind={d.kind} />
              </TableCell>
              <TableCell>{v?.symbols.map((s) => s.symbol || "—").join(", ")}</TableCell>
              <TableCell className="text-right tabular-nums">{v?.rowCount.toLocaleString()}</TableCell>
              <TableCell className="tabular-nums">{v ? day(v.firstBar) : ""}</TableCell>
              <TableCell className="tabular-nums">{v ? day(v.lastBar) : ""}</TableCell>
              <TableCell className="text-right tabular-nums">v{v?.version}</TableCell>
              <TableCell className="font-mono text-xs" title={v?.sha256}>
                {v?.sha256.slice(0, 12)}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
