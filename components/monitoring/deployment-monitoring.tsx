"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { NativeSelect } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useTRPC } from "@/lib/trpc/react";
import { DriftHeatmap } from "./drift-heatmap";
import { day, percent } from "./format";
import { HealthCharts } from "./health-charts";
import { type MonitorPermissions, MonitorPanel } from "./monitor-panel";
import { PerformanceChart } from "./performance-chart";

const PERIODS = [
  { hours: 6, label: "6 hours" },
  { hours: 24, label: "24 hours" },
  { hours: 24 * 7, label: "7 days" },
  { hours: 24 * 30, label: "30 days" },
];
/** Checks shown in the heatmap. */
const CHECKS = 30;
const HEALTH_POLL_MS = 15_000;

/**
 * One deployment's monitoring: its drift monitor and "check now", feature drift over its last
 * checks (heatmap), live performance against validation from the latest check that had
 * realised outcomes, and latency and error rate from its prediction log.
 */
export function DeploymentMonitoring({ teamSlug, deployment, can }: { teamSlug: string; deployment: string; can: MonitorPermissions }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [hours, setHours] = useState(24);
  const reports = useQuery(trpc.monitoring.reports.queryOptions({ teamSlug, deployment, limit: CHECKS }));
  const health = useQuery({ ...trpc.monitoring.health.queryOptions({ teamSlug, deployment, hours }), refetchInterval: HEALTH_POLL_MS });
  const onChecked = useCallback(() => {
    void queryClient.invalidateQueries(trpc.monitoring.reports.queryFilter({ teamSlug, deployment }));
    void queryClient.invalidateQueries(trpc.alerts.list.queryFilter());
  }, [queryClient, trpc, teamSlug, deployment]);
  const items = reports.data?.items ?? [];
  const latest = items[0];
  const withPerformance = items.find((r) => r.performance);

  return (
    <div className="space-y-6">
      <MonitorPanel teamSlug={teamSlug} deployment={deployment} can={can} onChecked={onChecked} />

      <Card className="space-y-3" data-testid="feature-drift">
        <h3 className="font-semibold">Feature drift against the training window</h3>
        {reports.error ? <p className="text-destructive">{reports.error.message}</p> : null}
        {reports.data && !latest ? <EmptyState title="No drift check yet">Run one with “Check now”, or add a monitor to check on a schedule.</EmptyState> : null}
        {latest ? (
          <>
            <p className="text-sm" data-testid="latest-verdict">
              Latest check ({new Date(latest.createdAt).toLocaleString()}, {latest.model} v{latest.version}): {latest.drifted} of {latest.evaluated} features drifted ({percent(latest.driftedShare)})
              {latest.datasetDrift ? <strong className="text-destructive"> — data set drift</strong> : null}. Reference: {latest.referenceRows} rows of {day(latest.referenceFrom)} … {day(latest.referenceTo)}; current: {latest.currentRows}{" "}
              {latest.source === "log" ? "logged rows" : "bars"} of {day(latest.currentFrom)} … {day(latest.currentTo)}.
            </p>
            <DriftHeatmap reports={items} />
          </>
        ) : null}
      </Card>

      <Card className="space-y-3" data-testid="live-performance">
        <h3 className="font-semibold">Live performance against validation</h3>
        {withPerformance?.performance ? (
          <>
            <p className="text-sm text-muted-foreground">
              {withPerformance.performance.realised} logged predictions with a realised outcome, as of {new Date(withPerformance.createdAt).toLocaleString()}.
            </p>
            <PerformanceChart performance={withPerformance.performance} />
          </>
        ) : (
          <p className="text-sm text-muted-foreground">No check has had realised outcomes yet: name the outcome bars in the monitor (predictions of bars are matched to them by bar time).</p>
        )}
      </Card>

      <Card className="space-y-3" data-testid="deployment-health">
        <div className="flex flex-wrap items-end gap-4">
          <h3 className="font-semibold">Latency and errors</h3>
          <div className="ml-auto space-y-1.5">
            <Label htmlFor="health-period">Period</Label>
            <NativeSelect id="health-period" value={hours} onChange={(e) => setHours(Number(e.target.value))}>
              {PERIODS.map((p) => (
                <option key={p.hours} value={p.hours}>
                  {p.label}
                </option>
              ))}
            </NativeSelect>
          </div>
        </div>
        {health.error ? <p className="text-destructive">{health.error.message}</p> : null}
        {health.data ? <HealthCharts health={health.data} /> : null}
      </Card>
    </div>
  );
}
