"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import { NativeSelect } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useTRPC } from "@/lib/trpc/react";
import { AlertList } from "./alert-list";
import { DeploymentMonitoring } from "./deployment-monitoring";
import type { MonitorPermissions } from "./monitor-panel";

/**
 * The monitoring page's body: a deployment picker (kept in the URL as ?deployment=), that
 * deployment's drift, performance, latency and errors, then the alert list, narrowed to the
 * deployment or showing every alert of the team.
 */
export function MonitoringDashboard({ teamSlug, initialDeployment, can }: { teamSlug: string; initialDeployment: string | null; can: MonitorPermissions & { manageAlerts: boolean } }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const deployments = useQuery(trpc.deployments.list.queryOptions({ teamSlug }));
  const [picked, setPicked] = useState<string | null>(initialDeployment);
  const [onlyThis, setOnlyThis] = useState(true);
  const list = deployments.data ?? [];
  const current = list.find((d) => d.name === picked) ?? list[0] ?? null;
  const pick = (name: string) => {
    setPicked(name);
    router.replace(`${pathname}?deployment=${encodeURIComponent(name)}`, { scroll: false });
  };

  return (
    <div className="space-y-8">
      <section className="space-y-4" aria-labelledby="drift-heading" data-testid="drift-section">
        <div className="flex flex-wrap items-end gap-4">
          <h2 id="drift-heading" className="font-semibold">
            Drift and performance
          </h2>
          {list.length ? (
            <div className="ml-auto space-y-1.5">
              <Label htmlFor="monitoring-deployment">Deployment</Label>
              <NativeSelect id="monitoring-deployment" value={current?.name ?? ""} onChange={(e) => pick(e.target.value)}>
                {list.map((d) => (
                  <option key={d.id} value={d.name}>
                    {d.name}
                    {d.primary?.serving ? ` (${d.primary.model} v${d.primary.serving})` : ""}
                  </option>
                ))}
              </NativeSelect>
            </div>
          ) : null}
        </div>
        {deployments.error ? <p className="text-destructive">{deployments.error.message}</p> : null}
        {deployments.data && !current ? <EmptyState title="No deployment">Deploy a model version to watch its inputs drift, its live performance and its latency here.</EmptyState> : null}
        {current ? <DeploymentMonitoring key={current.name} teamSlug={teamSlug} deployment={current.name} can={can} /> : null}
      </section>

      <section className="space-y-3" aria-labelledby="alerts-heading">
        <div className="flex flex-wrap items-center gap-4">
          <h2 id="alerts-heading" className="font-semibold">
            Alerts
          </h2>
          {current ? (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={onlyThis} onChange={(e) => setOnlyThis(e.target.checked)} /> only {current.name}
            </label>
          ) : null}
        </div>
        <AlertList teamSlug={teamSlug} canManage={can.manageAlerts} deploymentId={current && onlyThis ? current.id : undefined} />
      </section>
    </div>
  );
}
