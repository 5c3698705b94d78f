"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/label";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";
import { StageBadge } from "./stage-badge";

export interface ModelPermissions {
  write: boolean;
  approve: boolean;
}

/** A model's versions with the actions the caller's role allows, its review requests, and the
 * stage and alias timeline. */
export function ModelView({ teamSlug, name, can, currentUserId }: { teamSlug: string; name: string; can: ModelPermissions; currentUserId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const model = useQuery(trpc.registry.model.queryOptions({ teamSlug, name }));
  const requests = useQuery(trpc.registry.requests.queryOptions({ teamSlug }));
  const refresh = async () => {
    await queryClient.invalidateQueries(trpc.registry.model.queryFilter({ teamSlug, name }));
    await queryClient.invalidateQueries(trpc.registry.requests.queryFilter({ teamSlug }));
  };
  const transition = useMutation(trpc.registry.transition.mutationOptions({ onSettled: refresh }));
  const request = useMutation(trpc.registry.requestProduction.mutationOptions({ onSettled: refresh }));
  const approve = useMutation(trpc.registry.approve.mutationOptions({ onSettled: refresh }));
  const reject = useMutation(trpc.registry.reject.mutationOptions({ onSettled: refresh }));
  const rollback = useMutation(trpc.registry.rollback.mutationOptions({ onSettled: refresh }));
  const error = [transition, request, approve, reject, rollback].map((m) => errorMessage(m.error)).find(Boolean);
  if (model.error) return <p className="text-destructive">{model.error.message}</p>;
  if (!model.data) return <div className="h-64 animate-pulse rounded-lg bg-muted" />;
  const { versions, aliases, events } = model.data;
  const production = versions.find((v) => v.stage === "Production");
  const ownRequests = (requests.data ?? []).filter((r) => r.modelId === model.data.model.id);
  const versionNo = (id: string | null) => versions.find((v) => v.id === id)?.version;

  return (
    <div className="space-y-8">
      <FieldError>{error}</FieldError>
      <section className="space-y-2">
        <h2 className="font-semibold">Versions</h2>
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Version</TableHead>
              <TableHead>Stage</TableHead>
              <TableHead>Aliases</TableHead>
              <TableHead>Metrics</TableHead>
              <TableHead>Created</TableHead>
              <TableHead>Actions</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {versions.map((v) => (
              <TableRow key={v.id} data-testid={`version-${v.version}`}>
                <TableCell>v{v.version}</TableCell>
                <TableCell>
                  <StageBadge stage={v.stage} />
                </TableCell>
                <TableCell>{aliases.filter((a) => a.version === v.version).map((a) => `@${a.alias}`).join(" ")}</TableCell>
                <TableCell className="font-mono text-xs">
                  {Object.entries(v.metrics)
                    .map(([k, x]) => `${k}=${Number(x.toPrecision(4))}`)
                    .join(" ")}
                </TableCell>
                <TableCell>{new Date(v.createdAt).toLocaleDateString()}</TableCell>
                <TableCell className="space-x-2">
                  {can.write && v.stage === "None" ? (
                    <Button size="sm" variant="outline" onClick={() => transition.mutate({ teamSlug, name, version: v.version, stage: "Staging" })}>
                      To Staging
                    </Button>
                  ) : null}
                  {can.write && v.stage !== "Production" ? (
                    <Button size="sm" variant="outline" onClick={() => request.mutate({ teamSlug, name, version: v.version })}>
                      Request Production
                    </Button>
                  ) : null}
                  {can.approve && production && v.stage === "Archived" && v.version < production.version ? (
                    <Button size="sm" variant="outline" onClick={() => rollback.mutate({ teamSlug, name, version: v.version })}>
                      Roll back to v{v.version}
                    </Button>
                  ) : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </section>

      <section className="space-y-2">
        <h2 className="font-semibold">Production requests</h2>
        {ownRequests.length === 0 ? <p className="text-sm text-muted-foreground">None.</p> : null}
        {ownRequests.map((r) => (
          <div key={r.id} className="rounded-lg border p-3 text-sm" data-testid="transition-request">
            <div className="flex flex-wrap items-center gap-3">
              <span className="font-medium">v{versionNo(r.versionId)} → Production</span>
              <span className="text-muted-foreground">{r.status}</span>
              {r.status === "pending" && r.requestedBy === currentUserId ? <span className="text-muted-foreground">(your request: another reviewer decides)</span> : null}
              {can.approve && r.status === "pending" && r.requestedBy !== currentUserId ? (
                <>
                  <Button size="sm" onClick={() => approve.mutate({ teamSlug, requestId: r.id })}>
                    Approve
                  </Button>
                  <Button size="sm" variant="outline" onClick={() => reject.mutate({ teamSlug, requestId: r.id })}>
                    Reject
                  </Button>
                </>
              ) : null}
            </div>
            <ul className="mt-2 space-y-0.5">
              {r.gateResults.map((g) => (
                <li key={g.gate} className={g.passed ? "text-emerald-700" : "text-destructive"}>
                  {g.passed ? "✓" : "✗"} {g.gate} — {g.detail}
                </li>
              ))}
              {r.gateResults.length === 0 ? <li className="text-muted-foreground">No gates configured for this model.</li> : null}
            </ul>
          </div>
        ))}
      </section>

      <section className="space-y-2">
        <h2 className="font-semibold">History</h2>
        <ol className="space-y-1 border-l pl-4 text-sm" data-testid="model-timeline">
          {events.map((e) => (
            <li key={e.id}>
              <span className="text-muted-foreground">{new Date(e.at).toLocaleString()}</span>{" "}
              {e.kind === "stage"
                ? `v${versionNo(e.versionId)}: ${e.fromValue} → ${e.toValue}`
                : e.toValue
                  ? `@${e.alias} → v${e.toValue}${e.fromValue ? ` (was v${e.fromValue})` : ""}`
                  : `@${e.alias} removed`}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
