"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/react";
import { ModeBadge, StatusBadge } from "./badges";
import { TargetStatus } from "./target-status";

export function DeploymentsTable({ teamSlug }: { teamSlug: string }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.deployments.list.queryOptions({ teamSlug }));
  if (list.error) return <p className="text-destructive">{list.error.message}</p>;
  if (list.data?.length === 0) return <EmptyState title="No deployments yet">A deployment gives a registered model an endpoint: /api/v1/deployments/&#123;name&#125;/predict.</EmptyState>;
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Endpoint</TableHead>
          <TableHead>Mode</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Primary</TableHead>
          <TableHead>Challenger / shadow</TableHead>
          <TableHead className="text-right">Logged</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {list.data?.map((d) => (
          <TableRow key={d.id} data-testid="deployment-row">
            <TableCell>
              <Link className="font-medium hover:underline" href={`/${teamSlug}/deployments/${encodeURIComponent(d.name)}`}>
                {d.name}
              </Link>
            </TableCell>
            <TableCell>
              <ModeBadge mode={d.mode} challengerWeight={d.challengerWeight} />
            </TableCell>
            <TableCell>
              <StatusBadge status={d.status} />
            </TableCell>
            <TableCell>
              <TargetStatus target={d.primary} />
            </TableCell>
            <TableCell>
              <TargetStatus target={d.secondary} />
            </TableCell>
            <TableCell className="text-right tabular-nums">{`${Math.round(d.logSampleRate * 1000) / 10}%`}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
