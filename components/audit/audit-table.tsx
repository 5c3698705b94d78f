"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/react";

const PAGE_SIZE = 50;
const show = (v: unknown) => (v == null ? "—" : JSON.stringify(v));

/** The team's audit log, newest first, 50 rows a page ("Load older" fetches the next page). */
export function AuditTable({ teamSlug }: { teamSlug: string }) {
  const trpc = useTRPC();
  const audit = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(
      { teamSlug, limit: PAGE_SIZE },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const rows = audit.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="space-y-4">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Time</TableHead>
            <TableHead>Actor</TableHead>
            <TableHead>Action</TableHead>
            <TableHead>Target</TableHead>
            <TableHead>Before</TableHead>
            <TableHead>After</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((r) => (
            <TableRow key={r.id} data-testid="audit-row">
              <TableCell className="whitespace-nowrap">{new Date(r.createdAt).toLocaleString()}</TableCell>
              <TableCell>{r.actorEmail ?? "—"}</TableCell>
              <TableCell className="font-mono text-xs">{r.action}</TableCell>
              <TableCell className="font-mono text-xs">
                {r.targetType}:{r.targetId.slice(0, 8)}
              </TableCell>
              <TableCell className="max-w-64 truncate font-mono text-xs" title={show(r.before)}>
                {show(r.before)}
              </TableCell>
              <TableCell className="max-w-64 truncate font-mono text-xs" title={show(r.after)}>
                {show(r.after)}
              </TableCell>
            </TableRow>
          ))}
          {audit.isPending ? (
            <TableRow>
              <TableCell colSpan={6} className="text-muted-foreground">Loading…</TableCell>
            </TableRow>
          ) : null}
        </TableBody>
      </Table>
      {audit.hasNextPage ? (
        <Button variant="outline" onClick={() => audit.fetchNextPage()} disabled={audit.isFetchingNextPage}>
          Load older
        </Button>
      ) : null}
      {audit.error ? <p className="text-sm text-destructive">{audit.error.message}</p> : null}
    </div>
  );
}
