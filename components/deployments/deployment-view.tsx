"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FieldError } from "@/components/ui/label";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { errorMessage, fieldErrors } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";
import { ModeBadge, StatusBadge } from "./badges";
import { DeploymentForm, draftInput, newDraft } from "./deployment-form";
import { targetChoice } from "./target-picker";
import { TargetStatus } from "./target-status";

const ms = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1));
const time = (d: Date | string) => new Date(d).toISOString().replace("T", " ").slice(0, 19);
const firstValue = (output: unknown) => {
  const p = (output as { predictions?: (number | null)[] } | null)?.predictions?.find((v) => v !== null);
  return p === undefined || p === null ? "—" : Number(p.toPrecision(5)).toString();
};

export interface DeploymentPermissions {
  write: boolean;
  delete: boolean;
}

/** One deployment: its targets and the versions they name now, latency figures and the latest
 * logged predictions (refreshed every 5 s), its changes, and the actions the role allows. */
export function DeploymentView({ teamSlug, name, can }: { teamSlug: string; name: string; can: DeploymentPermissions }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const detail = useQuery(trpc.deployments.get.queryOptions({ teamSlug, name }));
  const traffic = useQuery({ ...trpc.deployments.traffic.queryOptions({ teamSlug, name, limit: 50 }), refetchInterval: 5000 });
  const refresh = () => Promise.all([queryClient.invalidateQueries(trpc.deployments.get.queryFilter({ teamSlug, name })), queryClient.invalidateQueries(trpc.deployments.list.queryFilter({ teamSlug }))]);
  const update = useMutation(trpc.deployments.update.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(
    trpc.deployments.remove.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.deployments.list.queryFilter({ teamSlug }));
        router.push(`/${teamSlug}/deployments`);
      },
    }),
  );
  if (detail.error) return <p className="text-destructive">{detail.error.message}</p>;
  if (!detail.data) return <div className="h-64 animate-pulse rounded-lg bg-muted" />;
  const { deployment: d, events } = detail.data;
  const endpoint = `/api/v1/deployments/${encodeURIComponent(d.name)}/predict`;

  return (
    <div className="space-y-8">
      <Card className="space-y-3">
        <div className="flex flex-wrap items-center gap-2">
          <ModeBadge mode={d.mode} challengerWeight={d.challengerWeight} />
          <StatusBadge status={d.status} />
          <span className="text-sm text-muted-foreground">{`${Math.round(d.logSampleRate * 1000) / 10}% of requests logged`}</span>
        </div>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
          <dt className="text-muted-foreground">Primary</dt>
          <dd>
            <TargetStatus target={d.primary} />
          </dd>
          {d.secondary ? (
            <>
              <dt className="text-muted-foreground">{d.mode === "ab" ? "Challenger" : "Shadow"}</dt>
              <dd>
                <TargetStatus target={d.secondary} />
              </dd>
            </>
          ) : null}
          {d.interval ? (
            <>
              <dt className="text-muted-foreground">Interval</dt>
              <dd>
                <TargetStatus target={d.interval.lower} /> … <TargetStatus target={d.interval.upper} />
              </dd>
            </>
          ) : null}
          <dt className="text-muted-foreground">Endpoint</dt>
          <dd className="font-mono text-xs">{`POST ${endpoint}`}</dd>
        </dl>
        <CardDescription>
          Send <code className="font-mono">{`{ "rows": [{ "feature": value, … }] }`}</code> or <code className="font-mono">{`{ "bars": [{ "time", "open", "high", "low", "close", "volume" }, …] }`}</code> with an API
          token as <code className="font-mono">Authorization: Bearer …</code>; add <code className="font-mono">request_key</code> to keep a client on one A/B arm.
        </CardDescription>
        {can.write || can.delete ? (
          <div className="flex flex-wrap gap-2">
            {can.write ? (
              <Button size="sm" variant="outline" disabled={update.isPending} onClick={() => update.mutate({ teamSlug, name, status: d.status === "active" ? "paused" : "active" })}>
                {d.status === "active" ? "Pause" : "Resume"}
              </Button>
            ) : null}
            {can.delete ? (
              <Button size="sm" variant="destructive" disabled={remove.isPending} onClick={() => window.confirm(`Delete ${d.name} and its prediction log?`) && remove.mutate({ teamSlug, name })}>
                Delete
              </Button>
            ) : null}
          </div>
        ) : null}
        <FieldError>{errorMessage(update.error) ?? errorMessage(remove.error)}</FieldError>
      </Card>

      <section className="space-y-2">
        <h2 className="font-semibold">Latency</h2>
        <p className="text-sm text-muted-foreground">Server time per request over the latest 1,000 logged requests, by arm and version.</p>
        {traffic.data?.latency.length ? (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Arm</TableHead>
                <TableHead>Version</TableHead>
                <TableHead className="text-right">Requests</TableHead>
                <TableHead className="text-right">Mean ms</TableHead>
                <TableHead className="text-right">p50 ms</TableHead>
                <TableHead className="text-right">p95 ms</TableHead>
                <TableHead className="text-right">p99 ms</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {traffic.data.latency.map((l) => (
                <TableRow key={`${l.arm}-${l.model}-${l.version}`} data-testid="latency-row">
                  <TableCell>{l.arm}</TableCell>
                  <TableCell>{`${l.model} v${l.version}`}</TableCell>
                  <TableCell className="text-right tabular-nums">{l.requests.toLocaleString()}</TableCell>
                  <TableCell className="text-right tabular-nums">{ms(l.meanMs)}</TableCell>
                  <TableCell className="text-right tabular-nums">{ms(l.p50Ms)}</TableCell>
                  <TableCell className="text-right tabular-nums">{ms(l.p95Ms)}</TableCell>
                  <TableCell className="text-right tabular-nums">{ms(l.p99Ms)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : (
          <EmptyState title="No logged requests yet" />
        )}
      </section>

      <section className="space-y-2">
        <h2 className="font-semibold">Recent predictions</h2>
        {traffic.data?.recent.length ? (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Time (UTC)</TableHead>
                <TableHead>Arm</TableHead>
                <TableHead>Version</TableHead>
                <TableHead>Request key</TableHead>
                <TableHead className="text-right">Rows</TableHead>
                <TableHead className="text-right">First prediction</TableHead>
                <TableHead className="text-right">ms</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {traffic.data.recent.map((r) => (
                <TableRow key={r.id} data-testid="prediction-row">
                  <TableCell className="tabular-nums">{time(r.at)}</TableCell>
                  <TableCell>{r.arm}</TableCell>
                  <TableCell>{`${r.model} v${r.version}`}</TableCell>
                  <TableCell className="font-mono text-xs">{r.requestKey ?? "—"}</TableCell>
                  <TableCell className="text-right tabular-nums">{r.rows}</TableCell>
                  <TableCell className="text-right font-mono text-xs">{firstValue(r.output)}</TableCell>
                  <TableCell className="text-right tabular-nums">{ms(r.latencyMs)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : (
          <EmptyState title="No logged predictions yet" />
        )}
      </section>

      {can.write ? (
        <section className="space-y-2">
          <h2 className="font-semibold">Change</h2>
          <Card>
            <CardTitle className="sr-only">Change the deployment</CardTitle>
            <DeploymentForm
              key={String(d.updatedAt)}
              teamSlug={teamSlug}
              fixedName
              initial={{
                ...newDraft,
                name: d.name,
                mode: d.mode,
                primary: targetChoice(d.primary),
                secondary: targetChoice(d.secondary),
                challengerPercent: String(Math.round((d.mode === "ab" ? d.challengerWeight : 0.5) * 1000) / 10),
                logPercent: String(Math.round(d.logSampleRate * 1000) / 10),
                interval: d.interval ? { lower: targetChoice(d.interval.lower), upper: targetChoice(d.interval.upper) } : null,
              }}
              submitLabel="Save changes"
              pending={update.isPending}
              errors={fieldErrors(update.error)}
              onSubmit={(draft) => {
                const { description: _, ...input } = draftInput(draft);
                update.mutate({ teamSlug, ...input, secondary: input.secondary ?? null, interval: input.interval ?? null });
              }}
            />
          </Card>
        </section>
      ) : null}

      <section className="space-y-2">
        <h2 className="font-semibold">Changes</h2>
        <ul className="space-y-1 text-sm">
          {events.map((e) => (
            <li key={e.id} className="tabular-nums">
              <span className="text-muted-foreground">{time(e.at)}</span> {e.kind === "create" ? "created" : "changed"} by {e.actor ?? "a removed user"}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
