"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/react";

export function ExperimentsTable({ teamSlug }: { teamSlug: string }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.tracking.experiments.queryOptions({ teamSlug }));
  if (list.data?.items.length === 0) {
    return (
      <EmptyState title="No experiments yet">
        Log runs with any MLflow client: set <code>MLFLOW_TRACKING_URI</code> to this server and <code>MLFLOW_TRACKING_TOKEN</code> to an API token.
      </EmptyState>
    );
  }
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Experiment</TableHead>
          <TableHead>Id</TableHead>
          <TableHead>Tags</TableHead>
          <TableHead>Created</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {list.data?.items.map((e) => (
          <TableRow key={e.id} data-testid="experiment-row">
            <TableCell>
              <Link className="font-medium hover:underline" href={`/${teamSlug}/experiments/${e.id}`}>
                {e.name}
              </Link>
            </TableCell>
            <TableCell className="tabular-nums">{e.id}</TableCell>
            <TableCell>{e.tags.map((t) => `${t.key}=${t.value}`).join(", ")}</TableCell>
            <TableCell>{new Date(e.createdAt).toLocaleString()}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
