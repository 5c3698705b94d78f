"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { FieldError } from "@/components/ui/label";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/react";
import { Button } from "@/components/ui/button";
import { type ModelPermissions, RequestDecision, useRegistryActions, VersionActions } from "./registry-actions";
import { type RetrainingPermissions, RetrainingPanel } from "./retraining-panel";
import { StageBadge } from "./stage-badge";
import { VersionDialog } from "./version-dialog";

/** A model's versions with the actions the caller's role allows, its review requests, its
 * retraining schedules, and the stage and alias timeline. `?version=N` opens version N's dialog
 * (a link to share). */
export function ModelView({
  teamSlug,
  name,
  can,
  retraining,
  currentUserId,
}: {
  teamSlug: string;
  name: string;
  can: ModelPermissions;
  retraining: RetrainingPermissions;
  currentUserId: string;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const opened = Number(useSearchParams().get("version"));
  const model = useQuery(trpc.registry.model.queryOptions({ teamSlug, name }));
  const requests = useQuery(trpc.registry.requests.queryOptions({ teamSlug }));
  const actions = useRegistryActions(teamSlug, name);
  if (model.error) return <p className="text-destructive">{model.error.message}</p>;
  if (!model.data) return <div className="h-64 animate-pulse rounded-lg bg-muted" />;
  const { versions, aliases, events } = model.data;
  const production = versions.find((v) => v.stage === "Production");
  const ownRequests = (requests.data ?? []).filter((r) => r.modelId === model.data.model.id);
  const versionNo = (id: string | null) => versions.find((v) => v.id === id)?.version;
  // Production can go back when an earlier version was in Production before (the server picks it from the timeline).
  const canRollBack = production && events.some((e) => e.kind === "stage" && e.fromValue === "Production" && (versionNo(e.versionId) ?? Infinity) < production.version);
  const metricNames = [...new Set(versions.flatMap((v) => Object.keys(v.metrics)))].sort();

  return (
    <div className="space-y-8">
      <FieldError>{actions.error}</FieldError>
      <section className="space-y-2">
        <div className="flex items-center gap-3">
          <h2 className="font-semibold">Versions</h2>
          {can.approve && canRollBack ? (
            <Button
              size="sm"
              variant="outline"
              disabled={actions.rollback.isPending}
              onClick={() => {
                if (window.confirm(`Roll Production back from v${production.version} to the version in Production before it?`)) actions.rollback.mutate({ teamSlug, name });
              }}
            >
              Rollback Production
            </Button>
          ) : null}
        </div>
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
                <TableCell>
                  <Link className="font-medium underline-offset-4 hover:underline" href={`?version=${v.version}`} replace scroll={false} aria-label={`Details of v${v.version}`}>
                    v{v.version}
                  </Link>
                </TableCell>
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
                <TableCell>
                  <VersionActions actions={actions} version={v} production={production} can={can} />
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
              <span className="font-medium">v{r.version} → Production</span>
              <span className="text-muted-foreground">{r.status}</span>
              <RequestDecision actions={actions} request={r} can={can} currentUserId={currentUserId} />
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

      <RetrainingPanel teamSlug={teamSlug} name={name} metrics={metricNames} can={retraining} />

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

      <VersionDialog
        actions={actions}
        versionNo={Number.isInteger(opened) && opened > 0 ? opened : null}
        versions={versions}
        aliases={aliases}
        requests={ownRequests}
        can={can}
        currentUserId={currentUserId}
        onClose={() => router.replace(pathname, { scroll: false })}
      />
    </div>
  );
}
