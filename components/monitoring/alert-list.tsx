"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { NativeSelect } from "@/components/ui/input";
import { FieldError, Label } from "@/components/ui/label";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";

const VIEWS = {
  active: { label: "Open and acknowledged", status: ["open", "acknowledged"] },
  resolved: { label: "Resolved", status: ["resolved"] },
  all: { label: "All", status: undefined },
} as const satisfies Record<string, { label: string; status: readonly string[] | undefined }>;
type View = keyof typeof VIEWS;
const TYPES = ["DRIFT", "PERFORMANCE", "ERROR", "WARNING"] as const;
const SEVERITY_TONES = { info: "info", warning: "neutral", critical: "bad" } as const;
const STATUS_TONES = { open: "bad", acknowledged: "info", resolved: "good" } as const;
/** Alerts arrive from jobs and the scheduler: the list refreshes itself. */
const POLL_MS = 15_000;

const when = (d: Date | null) => (d ? new Date(d).toLocaleString() : "—");

/** The reason a job gave, or the details as JSON. */
function detailText(details: Record<string, unknown>): string | null {
  if (typeof details.reason === "string") return details.reason;
  return Object.keys(details).length ? JSON.stringify(details, null, 2) : null;
}

/** The team's alerts (or one deployment's), most recently seen first, with acknowledge and resolve for members. */
export function AlertList({ teamSlug, canManage, deploymentId }: { teamSlug: string; canManage: boolean; deploymentId?: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [view, setView] = useState<View>("active");
  const [type, setType] = useState<(typeof TYPES)[number] | "">("");
  const input = { teamSlug, status: VIEWS[view].status ? [...VIEWS[view].status] : undefined, type: type ? [type] : undefined, deploymentId, limit: 100 };
  const alerts = useQuery({ ...trpc.alerts.list.queryOptions(input), refetchInterval: POLL_MS });
  const refresh = () => queryClient.invalidateQueries(trpc.alerts.list.queryFilter());
  const acknowledge = useMutation(trpc.alerts.acknowledge.mutationOptions({ onSettled: refresh }));
  const resolve = useMutation(trpc.alerts.resolve.mutationOptions({ onSettled: refresh }));
  const items = alerts.data?.items ?? [];

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-4">
        <div className="space-y-1.5">
          <Label htmlFor="alert-view">Show</Label>
          <NativeSelect id="alert-view" value={view} onChange={(e) => setView(e.target.value as View)}>
            {Object.entries(VIEWS).map(([k, v]) => (
              <option key={k} value={k}>
                {v.label}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="alert-type">Type</Label>
          <NativeSelect id="alert-type" value={type} onChange={(e) => setType(e.target.value as typeof type)}>
            <option value="">All types</option>
            {TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </NativeSelect>
        </div>
      </div>
      <FieldError>{errorMessage(acknowledge.error) ?? errorMessage(resolve.error) ?? (alerts.error ? alerts.error.message : null)}</FieldError>
      {alerts.data && items.length === 0 ? <p className="text-sm text-muted-foreground">No alerts here.</p> : null}
      {items.length ? (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Severity</TableHead>
              <TableHead>Type</TableHead>
              <TableHead>Alert</TableHead>
              <TableHead>Model</TableHead>
              <TableHead>Seen</TableHead>
              <TableHead>Status</TableHead>
              <TableHead className="w-44" />
            </TableRow>
          </TableHeader>
          <TableBody>
            {items.map((a) => {
              const detail = detailText(a.details);
              return (
                <TableRow key={a.id} data-testid="alert">
                  <TableCell>
                    <Badge tone={SEVERITY_TONES[a.severity]}>{a.severity}</Badge>
                  </TableCell>
                  <TableCell className="font-mono text-xs">{a.type}</TableCell>
                  <TableCell className="max-w-md">
                    <p className="font-medium">{a.title}</p>
                    {detail ? (
                      <details className="text-xs text-muted-foreground">
                        <summary className="cursor-pointer">details</summary>
                        <pre className="whitespace-pre-wrap break-words">{detail}</pre>
                      </details>
                    ) : null}
                  </TableCell>
                  <TableCell>
                    {a.modelName ? (
                      <Link className="underline-offset-4 hover:underline" href={`/${teamSlug}/models/${encodeURIComponent(a.modelName)}`}>
                        {a.modelName}
                      </Link>
                    ) : (
                      "—"
                    )}
                  </TableCell>
                  <TableCell className="text-xs tabular-nums">
                    {when(a.lastSeenAt)}
                    {a.count > 1 ? <span className="block text-muted-foreground">×{a.count} since {when(a.createdAt)}</span> : null}
                  </TableCell>
                  <TableCell className="text-xs">
                    <Badge tone={STATUS_TONES[a.status]}>{a.status}</Badge>
                    {a.acknowledgedByEmail ? <span className="block text-muted-foreground">ack. by {a.acknowledgedByEmail}</span> : null}
                    {a.resolvedByEmail ? <span className="block text-muted-foreground">resolved by {a.resolvedByEmail}</span> : null}
                  </TableCell>
                  <TableCell>
                    {canManage && a.status !== "resolved" ? (
                      <span className="inline-flex gap-2">
                        {a.status === "open" ? (
                          <Button size="sm" variant="outline" onClick={() => acknowledge.mutate({ teamSlug, id: a.id })}>
                            Acknowledge
                          </Button>
                        ) : null}
                        <Button size="sm" variant="outline" onClick={() => resolve.mutate({ teamSlug, id: a.id })}>
                          Resolve
                        </Button>
                      </span>
                    ) : null}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      ) : null}
    </div>
  );
}
